// Analytics (issue 20): the dashboard's KPI calls at 10,000 tenants with two years of daily
// snapshots (7.3M rows), the nightly snapshot of 10,000 tenants, and each as a ratio against a
// plain aggregate of the same rows in the same run. Calls run as the bench's trusted database
// role (the permission check is a lookup, not the cost measured here).
// BENCH_ANALYTICS_DAYS overrides the history length when a full 730-day load does not fit the time.
import { benchPool } from './pool.ts';
import { size } from './size.ts';

const TENANTS = size(10_000, 5);
const DAYS = size(Number(process.env.BENCH_ANALYTICS_DAYS ?? 730), 3);
const ROUNDS = size(20, 1);

const ms = (t0: number) => performance.now() - t0;
const round = (x: number) => Math.round(x * 10) / 10;
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

export default async function run(db: { url: string }) {
  const pool = benchPool(db.url, 1);
  const c = await pool.connect();
  try {
    await c.query(`set statement_timeout = 0`);
    // tenants in three currencies over two years of signups, each with one subscription and an MRR history
    await c.query(`insert into public.tenants (slug, name, country, region, timezone, currency, status, created_at)
                   select 'an-bench-' || g, jsonb_build_object('en', 'Analytics bench ' || g), 'OM', 'GCC-OM', 'Asia/Muscat',
                          (array['OMR', 'AED', 'SAR'])[1 + g % 3], 'active',
                          (current_date - ${DAYS})::timestamptz + (g % ${DAYS}) * interval '1 day'
                   from generate_series(1, ${TENANTS}) g`);
    await c.query(`insert into public.exchange_rates (base_currency, quote_currency, effective_on, rate)
                   values ('AED', 'OMR', '2000-01-01', 0.1048), ('SAR', 'OMR', '2000-01-01', 0.1026) on conflict do nothing`);
    await c.query(`insert into public.subscriptions (tenant_id, billing_interval, currency, status, current_period_start, current_period_end)
                   select t.id, 'month', t.currency, 'active', now(), now() + interval '1 month' from public.tenants t where t.slug like 'an-bench-%'`);
    await c.query(`insert into public.mrr_movements (subscription_id, tenant_id, currency, kind, mrr_before, mrr_after, at)
                   select s.id, s.tenant_id, s.currency, 'new', 0, 10 + (hashtext(s.tenant_id::text) & 63), t.created_at
                   from public.subscriptions s join public.tenants t on t.id = s.tenant_id where t.slug like 'an-bench-%'
                   union all
                   select s.id, s.tenant_id, s.currency, 'expansion', 10 + (hashtext(s.tenant_id::text) & 63), 80, t.created_at + interval '90 days'
                   from public.subscriptions s join public.tenants t on t.id = s.tenant_id
                   where t.slug like 'an-bench-%' and hashtext(s.tenant_id::text) % 4 = 0`);
    // the history: one row per tenant per day over DAYS days (TENANTS × DAYS rows), written a day at a
    // time as the nightly job and the back-fill write it (a history loaded tenant by tenant spread each
    // day's 10,000 rows over 10,000 pages: a layout no writer of the project produces)
    const t0Load = performance.now();
    for (let back = DAYS; back >= 1; back--) {
      await c.query(`insert into public.tenant_daily_snapshots (tenant_id, day, status, plan_id, currency, mrr, revenue, orders, active_users,
                                                               storage_mb, messages, api_calls, modules)
                     select t.id, d, case when (hashtext(t.id::text) & 15) = 0 and d > current_date - 30 then 'churned' else 'active' end,
                            p.ids[1 + (hashtext(t.id::text) & 1)],
                            t.currency, 20, (d - current_date) % 7, 30, 3, 200, 50, 1000,
                            case when (hashtext(t.id::text) & 3) = 0 then '{orders,api}'::text[] else '{orders}' end
                     from public.tenants t
                     cross join (select array_agg(id order by code) as ids from public.plans
                                 where code in ('growth', 'pro', 'starter') and is_current) p
                     cross join (select current_date - ${back} as d) day
                     where t.slug like 'an-bench-%'`);
    }
    const loadMs = ms(t0Load);
    await c.query('analyze public.tenant_daily_snapshots, public.mrr_movements, public.tenants, public.subscriptions');
    const rows = Number((await c.query('select count(*) from public.tenant_daily_snapshots')).rows[0].count);

    const dashboard = [
      `select public.analytics_kpis(current_date - 30, current_date - 1, 'OMR')`,
      `select * from public.analytics_plan_distribution(current_date - 365, current_date - 1)`,
      `select * from public.analytics_feature_adoption(current_date - 7, current_date - 1)`,
    ];
    const plain = [
      `select currency, sum(mrr_after - mrr_before) from public.mrr_movements group by currency`,
      `select s.plan_id, count(*) from generate_series(date_trunc('month', current_date - 365), date_trunc('month', current_date - 1), interval '1 month') g
        join public.tenant_daily_snapshots s on s.day = (select max(x.day) from public.tenant_daily_snapshots x
                                                         where x.day >= g::date and x.day < (g + interval '1 month')::date)
        group by s.plan_id`,
      `select count(distinct tenant_id) from public.tenant_daily_snapshots where day >= current_date - 7`,
    ];
    // what the console's dashboard page itself loads (admin/src/pages/dashboard): KPIs of the last 30
    // days in the reporting currency, the 12-month MRR trend, the tenants by status
    const consoleDashboard = [
      `select public.analytics_kpis(current_date - 29, current_date)`,
      `select * from public.analytics_mrr_trend((date_trunc('month', current_date) - interval '11 months')::date, date_trunc('month', current_date)::date)`,
      `select * from public.tenant_status_counts()`,
    ];
    const time = async (q: string) => { const t0 = performance.now(); await c.query(q); return ms(t0); };
    for (const q of [...dashboard, ...plain, ...consoleDashboard]) await time(q);
    const dash: number[] = []; const base: number[] = [];
    const each: number[][] = dashboard.map(() => []);
    const page: number[][] = consoleDashboard.map(() => []); const pageTotal: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let a = 0;
      for (const [k, q] of dashboard.entries()) { const t = await time(q); each[k].push(t); a += t; }
      dash.push(a);
      let b = 0; for (const q of plain) b += await time(q); base.push(b);
      let d = 0;
      for (const [k, q] of consoleDashboard.entries()) { const t = await time(q); page[k].push(t); d += t; }
      pageTotal.push(d);
    }
    const cohortMs = await time(`select public.analytics_cohorts(current_date - 365, current_date - 1)`);
    const costMs = await time(`select count(*) from public.analytics_cost_to_serve(current_date - 30, current_date - 1, 'OMR')`);
    const costPlainMs = await time(`select tenant_id, sum(orders), sum(storage_mb), max(messages), max(api_calls), sum(revenue)
                                    from public.tenant_daily_snapshots where day >= current_date - 30 group by tenant_id`);

    // the nightly snapshot of every tenant for one day (a new day, then the idempotent re-run)
    await c.query(`delete from public.tenant_daily_snapshots where day = current_date - 1`);
    let t0 = performance.now();
    const written = (await c.query(`select private.snapshot_day(current_date - 1) as n`)).rows[0].n;
    const snapMs = ms(t0);
    t0 = performance.now();
    const rewritten = (await c.query(`select private.snapshot_day(current_date - 1) as n`)).rows[0].n;
    const rerunMs = ms(t0);
    if (rewritten !== 0) throw new Error(`the snapshot re-run rewrote ${rewritten} rows`);
    const tenantsAll = Number((await c.query('select count(*) from public.tenants')).rows[0].count);
    if (written < TENANTS || written > tenantsAll) throw new Error(`the snapshot wrote ${written} rows for ${tenantsAll} tenants`);
    const snapPlainMs = await time(`create temp table plain_copy as select t.id, current_date - 1 as day, t.status, t.currency
                                    from public.tenants t`);

    return {
      figures: {
        tenants: TENANTS,
        days: DAYS,
        snapshot_rows: rows,
        history_load_s: round(loadMs / 1000),
        dashboard_p95_ms: round(p95(dash)),
        dashboard_plain_p95_ms: round(p95(base)),
        kpis_p95_ms: round(p95(each[0])),
        plan_distribution_p95_ms: round(p95(each[1])),
        feature_adoption_p95_ms: round(p95(each[2])),
        console_dashboard_p95_ms: round(p95(pageTotal)),
        console_kpis_p95_ms: round(p95(page[0])),
        console_mrr_trend_p95_ms: round(p95(page[1])),
        console_status_counts_p95_ms: round(p95(page[2])),
        cohorts_12_months_ms: round(cohortMs),
        cost_to_serve_30_days_ms: round(costMs),
        nightly_snapshot_ms: round(snapMs),
        nightly_snapshot_rerun_ms: round(rerunMs),
      },
      ratios: {
        dashboard_x: ratio(p95(dash), p95(base)),
        console_dashboard_x: ratio(p95(pageTotal), p95(base)),
        cost_to_serve_x: ratio(costMs, costPlainMs),
        nightly_snapshot_x: ratio(snapMs, snapPlainMs),
      },
      goals: {
        dashboard_p95_ms: 'issue 20: < 300 ms (KPIs 30 days + plan distribution 12 months + adoption 7 days)',
        console_dashboard_p95_ms: 'issue 20: < 300 ms (what the dashboard page loads: KPIs 30 days + MRR trend 12 months + tenants by status)',
        nightly_snapshot_ms: 'issue 20: < 60 s for 10,000 tenants',
      },
    };
  } finally {
    c.release();
    await pool.end();
  }
}
