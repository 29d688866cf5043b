// The invoice run (issue 8): 10,000 due subscriptions → public.start_invoice_run() enqueues one
// billing.invoice_period job each (set-based) → the job dispatcher rolls every subscription into
// its next period, builds the invoice (plan, add-ons, coupons, per-line VAT), numbers it gaplessly
// and finalises it, with audit entries and MRR movements. Goal: < 60 s on 2 cores.
// Baselines in the same run, on the same tables: (a) a plain set-based INSERT of the same number of
// invoice and line rows, (b) the same rows inserted one invoice at a time (a statement per row, in
// one server-side loop), the cheapest a per-subscription job could ever be.
import pg from 'pg';
import { size } from './size.ts';

const SUBSCRIPTIONS = size(10_000, 20);
const BATCH = 64;

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const r2 = (x: number) => Math.round(x * 100) / 100;

export default async function run(db: { url: string }) {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    // The scheduled dispatcher and invoice run out of the way: this bench drives both itself.
    await c.query(`select cron.alter_job(jobid, active := false) from cron.job where jobname in ('jobs.dispatch', 'billing.invoice_run')`);
    await c.query('select pg_advisory_lock(private.job_dispatcher_lock_id())');
    await c.query('select pg_advisory_unlock(private.job_dispatcher_lock_id())');

    // ── fixtures: tenants with a profile, a plan and a subscription whose period ended a minute ago
    await c.query(`insert into public.tenants (slug, name, country, region, timezone, currency, status)
                   select 'inv-bench-' || g, jsonb_build_object('en', 'Bench ' || g), 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', 'active'
                   from generate_series(1, ${SUBSCRIPTIONS}) g`);
    await c.query(`insert into public.billing_profiles (tenant_id, legal_name, tax_registration_number)
                   select id, 'Bench LLC', 'OM' || lpad(row_number() over (order by slug)::text, 8, '0')
                   from public.tenants where slug like 'inv-bench-%'`);
    await c.query(`with t as (select id, row_number() over (order by slug) n from public.tenants where slug like 'inv-bench-%'),
                        p as (select array_agg(id order by tier) ids from public.plans where code in ('starter', 'growth', 'pro') and is_current)
                   insert into public.subscriptions (tenant_id, plan_id, billing_interval, currency, status, current_period_start, current_period_end)
                   select t.id, p.ids[1 + t.n % 3], 'month', 'OMR', 'active', now() - interval '1 month' - interval '1 minute', now() - interval '1 minute'
                   from t, p`);
    await c.query(`insert into public.tenant_plans (tenant_id, plan_id, billing_interval, current_period_start, current_period_end)
                   select tenant_id, plan_id, 'month', current_period_start, current_period_end from public.subscriptions s
                   join public.tenants t on t.id = s.tenant_id where t.slug like 'inv-bench-%'
                   on conflict (tenant_id) do nothing`);
    // 20 % with an add-on, 10 % with a forever coupon
    await c.query(`insert into public.subscription_add_ons (subscription_id, tenant_id, add_on_code, quantity)
                   select s.id, s.tenant_id, 'extra_branch', 2 from public.subscriptions s join public.tenants t on t.id = s.tenant_id
                   where t.slug like 'inv-bench-%' and right(t.slug, 1) in ('1', '6')`);
    await c.query(`insert into public.coupons (code, name, kind, percent_off, duration) values ('BENCH15', '{"en":"Bench 15%"}', 'percent', 15, 'forever')`);
    await c.query(`insert into public.coupon_redemptions (coupon_id, subscription_id, tenant_id)
                   select k.id, s.id, s.tenant_id from public.subscriptions s join public.tenants t on t.id = s.tenant_id
                   cross join public.coupons k where k.code = 'BENCH15' and t.slug like 'inv-bench-%' and right(t.slug, 1) = '3'`);
    await c.query('analyze public.tenants, public.subscriptions, public.subscription_add_ons, public.billing_profiles, public.tenant_plans, public.coupon_redemptions, public.invoices, public.invoice_lines');

    // ── the run
    await c.query('select pg_stat_reset()');
    const t0 = performance.now();
    const enq = (await c.query('select public.start_invoice_run() as r')).rows[0].r as { enqueued: number };
    const enqueueSeconds = seconds(t0);
    let handled = 0;
    const batchMs: number[] = [];
    for (;;) {
      const b = performance.now();
      const n = Number((await c.query('select private.dispatch($1, $2) as n', ['billing', BATCH])).rows[0].n);
      if (n === 0) break;
      batchMs.push(performance.now() - b);
      handled += n;
    }
    const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1));
    const runSeconds = seconds(t0);

    // ── it must have done the work, once
    const check = (await c.query(`
      select count(*)::int as invoices, count(distinct i.number)::int as numbers,
             count(*) filter (where i.status = 'open')::int as open,
             (select count(*)::int from public.invoice_lines l join public.invoices x on x.id = l.invoice_id where x.billing_reason = 'subscription_cycle') as lines,
             (select count(*)::int from public.subscriptions s where s.status = 'active' and s.current_period_end <= now()) as still_due,
             (select count(*)::int from private.job_runs r where r.job_type = 'billing.invoice_period' and r.outcome <> 'succeeded') as failed_jobs,
             coalesce(sum(i.discount_total), 0)::numeric as discounts
      from public.invoices i where i.billing_reason = 'subscription_cycle'`)).rows[0];
    if (enq.enqueued !== SUBSCRIPTIONS || check.invoices !== SUBSCRIPTIONS || check.numbers !== SUBSCRIPTIONS || check.still_due !== 0 || check.failed_jobs !== 0) {
      throw new Error(`invoice run incomplete: ${JSON.stringify({ enq, handled, ...check })}`);
    }
    const gaps = (await c.query(`select count(*)::int as n from (select right(number, 6)::int - lag(right(number, 6)::int) over (order by number) as d
                                 from public.invoices where billing_reason = 'subscription_cycle') x where d <> 1`)).rows[0].n;
    if (gaps !== 0) throw new Error(`the run's invoice numbers have ${gaps} gaps`);
    // where the time went: the handlers' own time (job_runs) against the whole run
    const jr = (await c.query(`select coalesce(sum(duration_ms) filter (where job_type = 'billing.invoice_period'), 0)::float8 as handler_ms,
                                      coalesce(sum(duration_ms) filter (where job_type <> 'billing.invoice_period'), 0)::float8 as other_ms
                               from private.job_runs where queue_name = 'billing'`)).rows[0];
    const sorted = [...batchMs].sort((a, b) => a - b);
    await c.query('select pg_sleep(1)');  // let the statistics collector catch up
    const seq = (await c.query(`select schemaname || '.' || relname as t, seq_scan, seq_tup_read from pg_stat_all_tables
                                where seq_tup_read > 100000 order by seq_tup_read desc limit 8`)).rows;
    // a sequential scan of a growing table per job makes the run quadratic: show any
    console.log(JSON.stringify({ tables_read_sequentially: seq }));
    const t1 = performance.now();
    const rerun = (await c.query('select public.start_invoice_run() as r')).rows[0].r as { enqueued: number };
    const rerunSeconds = seconds(t1);
    if (rerun.enqueued !== 0) throw new Error(`a second run enqueued ${rerun.enqueued} jobs`);

    // ── baselines: the same number of invoice and line rows, no logic
    const lines = check.lines as number;
    const tenantIds = `(select id, row_number() over (order by slug) n from public.tenants where slug like 'inv-bench-%')`;
    await c.query('begin');
    const b0 = performance.now();
    await c.query(`insert into public.invoices (tenant_id, billing_reason, currency, timezone, tax_country, status, number, billing_year,
                                                subtotal, tax_total, total, amount_due, idempotency_key)
                   select t.id, 'subscription_cycle', 'OMR', 'Asia/Muscat', 'OM', 'open', 'BASE-' || t.n, 2999, 19, 0.95, 19.95, 19.95, 'base:' || t.n
                   from ${tenantIds} t`);
    await c.query(`insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
                   select i.id, i.tenant_id, g, 'plan', '{"en":"Base"}', 1, 19, 19, 0.95
                   from public.invoices i cross join generate_series(1, 2) g
                   where i.billing_year = 2999 and (g = 1 or split_part(i.number, '-', 2)::int % 5 = 1)`);
    const plainSeconds = seconds(b0);
    await c.query('rollback');
    await c.query('begin');
    const b1 = performance.now();
    await c.query(`do $$
      declare t record; inv uuid;
      begin
        for t in select id, row_number() over (order by slug) n from public.tenants where slug like 'inv-bench-%' loop
          insert into public.invoices (tenant_id, billing_reason, currency, timezone, tax_country, status, number, billing_year,
                                       subtotal, tax_total, total, amount_due, idempotency_key)
          values (t.id, 'subscription_cycle', 'OMR', 'Asia/Muscat', 'OM', 'open', 'BASE-' || t.n, 2999, 19, 0.95, 19.95, 19.95, 'base:' || t.n)
          returning id into inv;
          insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
          values (inv, t.id, 1, 'plan', '{"en":"Base"}', 1, 19, 19, 0.95);
          if t.n % 5 = 1 then
            insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
            values (inv, t.id, 2, 'add_on', '{"en":"Base"}', 2, 4, 8, 0.4);
          end if;
        end loop;
      end $$`);
    const rowByRowSeconds = seconds(b1);
    await c.query('rollback');

    return {
      figures: {
        subscriptions: SUBSCRIPTIONS,
        invoices: check.invoices,
        invoice_lines: lines,
        enqueue_s: r2(enqueueSeconds),
        invoice_run_s: r2(runSeconds),
        invoices_per_s: Math.round(SUBSCRIPTIONS / runSeconds),
        batch_ms_first_10: avg(batchMs.slice(0, 10)),
        batch_ms_last_10: avg(batchMs.slice(-10)),
        batch_ms_p50: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
        batch_ms_max: Math.round(sorted[sorted.length - 1] ?? 0),
        handler_time_s: r2(jr.handler_ms / 1000),
        other_billing_jobs_s: r2(jr.other_ms / 1000),
        rerun_enqueue_s: r2(rerunSeconds),
        baseline_plain_insert_s: r2(plainSeconds),
        baseline_row_by_row_insert_s: r2(rowByRowSeconds),
      },
      ratios: {
        run_vs_plain_insert_x: r2(runSeconds / plainSeconds),
        run_vs_row_by_row_insert_x: r2(runSeconds / rowByRowSeconds),
      },
      goals: {
        invoice_run_s: '< 60 for 10,000 subscriptions on 2 cores (issue 8)',
      },
    };
  } finally {
    await c.query(`select cron.alter_job(jobid, active := true) from cron.job where jobname in ('jobs.dispatch', 'billing.invoice_run')`).catch(() => {});
    await c.end();
  }
}
