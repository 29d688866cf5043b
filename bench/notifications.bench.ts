// Notification delivery: N dunning reminders rendered from their Arabic templates into the outbox
// (one INSERT … SELECT through private.notification_render: the baseline, "inserting the same
// rows"), then each delivered through the Edge Function notify-deliver (claim → adapter → the
// devstack simulator → notification_sent) by 8 concurrent callers, as the jobs backbone posts
// them: SMS through Unifonic and Twilio, WhatsApp Cloud templates and e-mail through the HTTP API
// in turn. Receipts are switched off in the simulators so the figure is the send path alone.
// Afterwards every row must be 'sent' exactly once (zero lost, zero doubled at the simulators).
// The floor: the same calls for ids with nothing to send (claim only), measured in the same run.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPool } from './pool.ts';
import { startGateway } from '../devstack/src/gateway/index.ts';
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY } from '../devstack/src/gateway/keys.ts';
import { size } from './size.ts';

const MESSAGES = Number(process.env.NOTIFY_BENCH_MESSAGES ?? size(10_000, 24));
const CONCURRENCY = Number(process.env.NOTIFY_BENCH_CONCURRENCY ?? 8);
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// channel and provider by row number (i % 4): the providers every channel can use
const MIX = `case i % 4 when 0 then 'sms' when 1 then 'whatsapp' when 2 then 'email' else 'sms' end`;

/** The rows, rendered in SQL from the dunning reminder's Arabic templates; returns seconds. */
async function insertRows(admin: ReturnType<typeof benchPool>, run: string, n: number): Promise<number> {
  const started = performance.now();
  await admin.query(
    `insert into public.notification_outbox (event, event_key, recipient_kind, recipient_ref, channel, address, locale,
       template_version, category, subject, body_text, body_html, whatsapp_template, whatsapp_parameters, variables, idempotency_key)
     select 'dunning.reminder', $1 || ':' || i, 'billing_contact', 'bench', c.channel,
            case when c.channel = 'email' then 'billing' || i || '@tenant.test' else '+9665' || lpad(i::text, 8, '0') end,
            'ar', t.version, 'transactional',
            private.notification_render(t.subject, v.vars), private.notification_render(t.body_text, v.vars),
            private.notification_render(t.body_html, v.vars, true), t.whatsapp_template,
            case when t.whatsapp_template is not null then jsonb_build_array(v.vars ->> 'invoice_number', v.vars ->> 'amount_due') end,
            v.vars, $1 || ':' || i
     from generate_series(1, $2) i
     cross join lateral (select ${MIX} as channel) c
     cross join lateral (select jsonb_build_object('tenant_name', 'مغسلة النخبة ' || i, 'invoice_number', 'INV-' || i, 'amount_due', '120.000',
                                 'currency', 'KWD', 'due_date', '2026-12-01', 'reminder_number', 1) as vars) v
     join lateral (select * from public.notification_templates x where x.event = 'dunning.reminder' and x.channel = c.channel and x.locale = 'ar'
                   order by x.version desc limit 1) t on true`, [run, n]);
  return (performance.now() - started) / 1000;
}

export default async function bench(db: { url: string }) {
  const admin = benchPool(db.url, 4);
  const gateway = await startGateway({
    port: 0, dbUrl: db.url, jwtSecret: DEMO_JWT_SECRET, anonKey: DEMO_ANON_KEY, serviceRoleKey: DEMO_SERVICE_ROLE_KEY,
    projectDir, authHooks: {}, netWorker: false,
  });
  const { port } = new URL(gateway.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });
  const call = (p: string, body: string, headers: Record<string, string> = {}) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: p, agent, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
  try {
    await call('/simulator/messaging/_control', JSON.stringify({ receipt: 'none' }));
    const providers = { sms: ['unifonic', 'twilio'] };
    const deliver = async (ids: { id: string; channel: string }[], label: string) => {
      const tally: Record<string, number> = {};
      let next = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < ids.length) {
          const { id } = ids[next++];
          const r = await call('/functions/v1/notify-deliver', JSON.stringify({ outbox_id: id }), { Authorization: `Bearer ${DEMO_SERVICE_ROLE_KEY}` });
          const key = r.status === 200 ? `${label}_${JSON.parse(r.body).status}` : `${label}_http_${r.status}`;
          tally[key] = (tally[key] ?? 0) + 1;
        }
      }));
      return { seconds: (performance.now() - started) / 1000, tally };
    };
    const rowsOf = async (run: string) =>
      (await admin.query<{ id: string; channel: string; n: number }>(
        `select id, channel, split_part(event_key, ':', 2)::int as n from public.notification_outbox where event_key like $1 || ':%' order by 3`, [run])).rows;

    // warm-up (the function's first start, the pooled connections), on its own rows
    await insertRows(admin, 'benchw', 40);
    await deliver(await rowsOf('benchw'), 'warmup');

    // the run in two halves (even rows: SMS through Unifonic and e-mail; odd rows: WhatsApp and SMS
    // through Twilio), as notification_channels holds one provider per channel
    const insertSeconds = await insertRows(admin, 'benchr', MESSAGES);
    const rows = await rowsOf('benchr');
    let seconds = 0;
    const tally: Record<string, number> = {};
    for (const sms of providers.sms) {
      await admin.query(`update public.notification_channels set provider = case channel when 'sms' then $1 when 'email' then 'http_email' else 'whatsapp_cloud' end`, [sms]);
      const part = rows.filter((r) => (r.n % 2 === 0) === (sms === 'unifonic'));
      const d = await deliver(part, sms);
      seconds += d.seconds;
      for (const [k, v] of Object.entries(d.tally)) tally[k] = (tally[k] ?? 0) + v;
    }
    // the floor on this machine, now: the same calls for ids with nothing to send (one claim, no
    // provider call, no notification_sent), so a loaded machine shows in both figures
    const floorIds = Array.from({ length: Math.min(MESSAGES, 2000) }, () => ({ id: crypto.randomUUID(), channel: 'none' }));
    const floor = await deliver(floorIds, 'floor');
    const floorRate = floorIds.length / floor.seconds;
    const { rows: [check] } = await admin.query<{ total: number; sent: number; not_sent: number; ids: number }>(
      `select count(*)::int as total, count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status <> 'sent')::int as not_sent,
              count(distinct provider_message_id)::int as ids
       from public.notification_outbox where event_key like 'benchr:%'`);
    if (check.total !== MESSAGES || check.sent !== MESSAGES || check.ids !== MESSAGES) {
      throw new Error(`expected ${MESSAGES} rows sent once each, found ${JSON.stringify(check)} (${JSON.stringify(tally)})`);
    }
    const rate = MESSAGES / seconds;
    return {
      figures: {
        messages: MESSAGES, concurrency: CONCURRENCY, cores: (await import('node:os')).cpus().length,
        deliver_seconds: Number(seconds.toFixed(3)), messages_per_second: Math.round(rate),
        insert_seconds: Number(insertSeconds.toFixed(3)), inserted_rows_per_second: Math.round(MESSAGES / insertSeconds),
        floor_calls_per_second: Math.round(floorRate), ...tally, ...floor.tally,
      },
      ratios: {
        deliver_vs_insert_time: Number((seconds / insertSeconds).toFixed(1)),
        delivered_vs_floor_rate: Number((rate / floorRate).toFixed(2)),
      },
      goals: { messages_per_second_at_least: 200, met: rate >= 200 },
    };
  } finally {
    agent.destroy();
    await gateway.close();
    await admin.end();
  }
}
