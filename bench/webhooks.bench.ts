// Webhook ingestion through payments-stripe (signature check, zod, ingest_payment_event through
// supabase-js → the gateway's /rest/v1 → the inbox) against the same events straight into
// public.ingest_payment_event over a `pg` pool. 8 concurrent senders, 10 % re-deliveries; afterwards
// the inbox must hold every event exactly once (zero lost, zero doubled). Then the apply jobs.
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPool } from './pool.ts';
import { startGateway } from '../devstack/src/gateway/index.ts';
import { functionsFileEnv } from '../devstack/src/gateway/functions/runner.ts';
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY } from '../devstack/src/gateway/keys.ts';
import { size } from './size.ts';

const EVENTS = Number(process.env.WEBHOOK_BENCH_EVENTS ?? size(3000, 40));
const DUPLICATE_SHARE = 0.1;
const CONCURRENCY = Number(process.env.WEBHOOK_BENCH_CONCURRENCY ?? 8);
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Ev { id: string; body: string; contract: Record<string, unknown> }

/** Stripe events as Stripe sends them (80 % payment_intent.succeeded / failed, 20 % of a type we ignore), and the normalised form. */
function makeEvents(prefix: string, n: number): Ev[] {
  const created = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, i) => {
    const id = `evt_bench_${prefix}_${i}`;
    const kind = i % 5 === 4 ? null : i % 7 === 0 ? 'payment_failed' : 'payment_succeeded';
    const type = kind === null ? 'customer.updated' : kind === 'payment_failed' ? 'payment_intent.payment_failed' : 'payment_intent.succeeded';
    const minor = 1000 + (i % 500) * 10;
    const object = kind === null ? { id: `cus_${prefix}_${i}`, object: 'customer' }
      : { id: `pi_bench_${prefix}_${i}`, object: 'payment_intent', amount: minor, amount_received: kind === 'payment_succeeded' ? minor : 0, currency: 'omr', metadata: {} };
    const event = { id, object: 'event', api_version: '2020-08-27', created, livemode: false, type, data: { object } };
    return {
      id, body: JSON.stringify(event),
      contract: {
        gateway: 'stripe', event_id: id, event_type: type, kind, object_id: (object as { id: string }).id, invoice_id: null, refund_id: null,
        amount: kind ? minor / 1000 : null, currency: kind ? 'OMR' : null, failure_code: kind === 'payment_failed' ? 'card_declined' : null,
        failure_message: null, occurred_at: new Date(created * 1000).toISOString(), payload: event,
      },
    };
  });
}

function withDuplicates<T>(items: T[]): T[] {
  const dups = items.filter((_, i) => i % Math.round(1 / DUPLICATE_SHARE) === 3);
  const all = [...items, ...dups];
  for (let i = all.length - 1; i > 0; i--) { const j = Math.floor(Math.random() * (i + 1)); [all[i], all[j]] = [all[j], all[i]]; }
  return all;
}

async function pool<T>(items: T[], worker: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await worker(items[next++]);
  }));
  return (performance.now() - started) / 1000;
}

export default async function bench(db: { url: string }) {
  const secret = functionsFileEnv(path.join(projectDir, 'supabase', 'functions'), process.env).STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Error('STRIPE_WEBHOOK_SECRET missing from supabase/functions/.env.local');
  const admin = benchPool(db.url, CONCURRENCY);
  // letters only: the run's ids must not prefix-match the warm-up (…w), reject (…r) or baseline (…b) ids
  const run = randomBytes(4).toString('hex').replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]);

  const gateway = await startGateway({
    port: 0, dbUrl: db.url, jwtSecret: DEMO_JWT_SECRET, anonKey: DEMO_ANON_KEY, serviceRoleKey: DEMO_SERVICE_ROLE_KEY,
    projectDir, authHooks: {}, netWorker: false,
  });
  const { port } = new URL(gateway.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });
  const tally: Record<string, number> = {};
  const post = (body: string, signature: string | null) => new Promise<void>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/functions/v1/payments-stripe', agent,
      headers: { 'Content-Type': 'application/json', ...(signature ? { 'Stripe-Signature': signature } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let key = `http_${res.statusCode}`;
        try { const j = JSON.parse(Buffer.concat(chunks).toString()); key = res.statusCode === 200 ? j.status : `${res.statusCode}_${j.code}`; } catch { /* keep */ }
        tally[key] = (tally[key] ?? 0) + 1;
        resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
  const sign = (body: string) => {
    const t = Math.floor(Date.now() / 1000);
    return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
  };

  try {
    // Warm up: boot the function's Deno worker and its npm imports.
    for (const e of makeEvents(`${run}w`, 200)) await post(e.body, sign(e.body));
    for (const k of Object.keys(tally)) delete tally[k];

    // 1. through the function: signed at send time (inside the measured loop, as a sender would)
    const events = makeEvents(run, EVENTS);
    const deliveries = withDuplicates(events);
    const fnSeconds = await pool(deliveries, (e) => post(e.body, sign(e.body)));
    const fnTally = { ...tally };
    const { rows: [fnCount] } = await admin.query(
      `select count(*)::int as rows, count(distinct event_id)::int as distinct_ids from public.payment_events where event_id ~ $1`, [`^evt_bench_${run}_[0-9]+$`]);

    // 2. a rejected delivery (bad signature): the function's round trip without the database
    for (const k of Object.keys(tally)) delete tally[k];
    const rejects = makeEvents(`${run}r`, 1000);
    const rejectSeconds = await pool(rejects, (e) => post(e.body, `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`));
    const rejectTally = { ...tally };

    // 3. baseline: the same kind of events straight into ingest_payment_event over pg
    const base = withDuplicates(makeEvents(`${run}b`, EVENTS));
    const baseTally: Record<string, number> = {};
    const baseSeconds = await pool(base, async (e) => {
      const { rows: [r] } = await admin.query(`select public.ingest_payment_event($1::jsonb) ->> 'status' as status`, [JSON.stringify(e.contract)]);
      baseTally[r.status] = (baseTally[r.status] ?? 0) + 1;
    });

    // 4. the apply jobs for everything stored (pg_cron's dispatcher may take some of them: the rate
    //    counts the events that were waiting, whoever applied them)
    const { rows: [{ waiting: pendingBefore }] } = await admin.query(`select count(*)::int as waiting from public.payment_events where status = 'received'`);
    const applyStarted = performance.now();
    for (;;) {
      const { rows: [{ n }] } = await admin.query(`select private.dispatch('billing', 64) as n`);
      if (n === 0) {
        const { rows: [{ waiting }] } = await admin.query(`select count(*)::int as waiting from public.payment_events where status = 'received'`);
        if (waiting === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const applySeconds = (performance.now() - applyStarted) / 1000;
    const { rows: [states] } = await admin.query(
      `select count(*) filter (where status = 'applied')::int as applied, count(*) filter (where status = 'ignored')::int as ignored,
              count(*) filter (where status not in ('applied', 'ignored'))::int as other
       from public.payment_events where event_id ~ $1`, [`^evt_bench_${run}_[0-9]+$`]);

    const expectedIgnored = events.filter((e) => e.contract.kind === null).length;
    const lost = EVENTS - fnCount.distinct_ids;
    const doubled = fnCount.rows - fnCount.distinct_ids;
    const fnRate = Math.round(deliveries.length / fnSeconds);
    const baseRate = Math.round(base.length / baseSeconds);
    const rejectRate = Math.round(rejects.length / rejectSeconds);
    const figures = {
      events: EVENTS,
      deliveries: deliveries.length,
      function_events_per_s: fnRate,
      baseline_pg_ingest_events_per_s: baseRate,
      function_reject_401_per_s: rejectRate,
      apply_events_per_s: Math.round(pendingBefore / applySeconds),
      applied_events: pendingBefore,
      lost,
      doubled,
      responses_stored: fnTally.stored ?? 0,
      responses_ignored: fnTally.ignored ?? 0,
      responses_duplicate: fnTally.duplicate ?? 0,
      responses_other: deliveries.length - (fnTally.stored ?? 0) - (fnTally.ignored ?? 0) - (fnTally.duplicate ?? 0),
      rejects_401: rejectTally['401_invalid_signature'] ?? 0,
      inbox_applied: states.applied,
      inbox_ignored: states.ignored,
      inbox_other: states.other,
      expected_ignored: expectedIgnored,
    };
    return {
      figures,
      ratios: {
        function_vs_pg_ingest: Number((fnRate / baseRate).toFixed(3)),
        function_vs_reject_round_trip: Number((fnRate / rejectRate).toFixed(3)),
      },
      goals: {
        'function_events_per_s >= 300': fnRate >= 300,
        'zero lost': lost === 0,
        'zero doubled': doubled === 0,
        'every delivery answered 200': figures.responses_other === 0,
        'every stored event applied, every other ignored': states.applied === EVENTS - expectedIgnored && states.ignored === expectedIgnored && states.other === 0,
      },
    };
  } finally {
    agent.destroy();
    await gateway.close();
    await admin.end();
  }
}
