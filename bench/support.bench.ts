// Support SLA (issue 19): due-time computation in business hours for 10,000 open tickets
// (private.support_business_due over each ticket's region calendar, timezone and holidays) in one
// statement, as a ratio against the same statement with a plain `created_at + interval`.
import { benchPool } from './pool.ts';
import { size } from './size.ts';

const TICKETS = size(10_000, 20);
const TENANTS = size(100, 3);
const ROUNDS = size(5, 1);

export default async function run(db: { url: string }) {
  const pool = benchPool(db.url, 1);
  const c = await pool.connect();
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  try {
    // tenants spread over Oman (Fri–Sat), the UAE (Sat–Sun) and the EU (DST), tickets over a month
    await c.query(`insert into public.tenants (slug, name, country, region, timezone, currency, status)
                   select 'sla-bench-' || g, jsonb_build_object('en', 'SLA bench ' || g), r.country, r.region, r.tz, r.currency, 'active'
                   from generate_series(1, ${TENANTS}) g
                   cross join lateral (select * from (values (0, 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR'), (1, 'AE', 'GCC-AE', 'Asia/Dubai', 'AED'),
                                                             (2, 'DE', 'EU', 'Europe/Berlin', 'EUR')) v(k, country, region, tz, currency)
                                       where v.k = g % 3) r`);
    await c.query(`insert into public.support_holidays (calendar_code, starts_on, ends_on, name) values
                   ('GCC-OM', '2026-11-18', '2026-11-19', '{"en": "National Day"}'),
                   ('GCC-AE', '2026-12-02', '2026-12-03', '{"en": "National Day"}')
                   on conflict do nothing`);
    await c.query(`insert into public.support_tickets (tenant_id, subject, created_at)
                   select t.id, 'bench ' || g, timestamptz '2026-11-01 00:00+00' + (g % 43200) * interval '1 minute'
                   from generate_series(1, ${TICKETS}) g
                   join (select id, row_number() over (order by slug) - 1 as n from public.tenants where slug like 'sla-bench-%') t
                     on t.n = g % ${TENANTS}`);
    await c.query('analyze public.support_tickets, public.tenants, public.support_holidays');

    const base = `select count(s.created_at + interval '2700 minutes') from public.support_tickets s
                  join public.tenants t on t.id = s.tenant_id where s.subject like 'bench %'`;
    const sla = `select count(private.support_business_due(s.created_at, 2700, t.region, t.timezone)) from public.support_tickets s
                 join public.tenants t on t.id = s.tenant_id where s.subject like 'bench %'`;
    const time = async (q: string) => { const t0 = performance.now(); await c.query(q); return performance.now() - t0; };
    await time(base); await time(sla);
    let baseMs = 0; let slaMs = 0;
    for (let i = 0; i < ROUNDS; i++) { baseMs += await time(base); slaMs += await time(sla); }
    baseMs /= ROUNDS; slaMs /= ROUNDS;
    // the arithmetic must be right for the speed to mean anything: a Thursday-afternoon Omani ticket
    const check = (await c.query(`select private.support_business_due('2026-12-03 16:00 Asia/Muscat', 120, 'GCC-OM', 'Asia/Muscat')
                                   = '2026-12-06 09:00 Asia/Muscat'::timestamptz as ok`)).rows[0].ok;
    if (!check) throw new Error('business-hours arithmetic is wrong');
    return {
      figures: {
        tickets: TICKETS,
        tenants: TENANTS,
        plain_interval_ms: Math.round(baseMs * 10) / 10,
        business_due_ms: Math.round(slaMs * 10) / 10,
        business_due_per_ticket_us: Math.round((slaMs * 1000) / TICKETS),
      },
      ratios: { business_due_x: ratio(slaMs, baseMs) },
      goals: { business_due_x: 'reported (issue 19): business-hours due times vs now() + interval, same run' },
    };
  } finally {
    c.release();
    await pool.end();
  }
}
