// Workflow engine costs. (1) transition_order throughput (checks, guards, row lock, order update and
// transition row) against a bare UPDATE + INSERT of the same rows in the same run. (2) Support order
// search latency (p50 / p95) at 100k orders across 200 tenants, by number prefix, phone digits and
// customer name.
import pg from 'pg';
import { size } from './size.ts';

const TENANTS = size(200, 4);
const ORDERS = size(100_000, 200);
const TRANSITIONS = size(1500, 20);
const SEARCHES = size(300, 6);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export default async function run(db: { url: string }) {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const r2 = (x: number) => Math.round(x * 100) / 100;
  try {
    // ── fixtures: tenants with their effective workflows, then 100k orders at intake ──
    await c.query(`insert into public.tenants (slug, name, country, region, timezone, currency, status)
                   select 'wfb-' || g, jsonb_build_object('en', 'WF bench ' || g), 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', 'active'
                   from generate_series(1, ${TENANTS}) g`);
    // As activation would: the default plan's entitlements (the workflow module is gated by them), then workflows.
    await c.query(`select private.provision_entitlements(id) from public.tenants where slug like 'wfb-%'`);
    await c.query(`select private.provision_workflows(id) from public.tenants where slug like 'wfb-%'`);
    await c.query(`insert into public.orders (tenant_id, number, customer_name, customer_phone, service_category, template_id,
                     version_id, currency, current_stage, stage_entered_at, scan_status)
                   select w.tenant_id, 'B-' || g, (array['Salim','Maryam','Ahmed','Fatma','Khalid','Noura'])[1 + g % 6] || ' '
                          || (array['Al Harthy','Al Balushi','Al Said','Al Rawahi','Al Hinai'])[1 + (g / 7) % 5] || ' ' || g,
                          '+968 9' || lpad((g * 7919 % 10000000)::text, 7, '0'), 'wash_iron', w.template_id, w.version_id, 'OMR',
                          'intake', now() - interval '1 hour', 'ok'
                   from generate_series(1, ${ORDERS}) g
                   join (select row_number() over (order by tenant_id) - 1 as n, tenant_id, template_id, version_id
                         from public.tenant_workflows tw join public.workflow_templates t on t.id = tw.template_id
                         where t.code = 'wash_iron' and tw.tenant_id in (select id from public.tenants where slug like 'wfb-%')) w
                     on w.n = g % ${TENANTS}`);
    await c.query('analyze public.orders, public.order_transitions, public.tenants');
    const ids = (await c.query(`select id from public.orders where number like 'B-%' order by random() limit ${TRANSITIONS * 2}`)).rows.map((r) => r.id as string);
    const mine = ids.slice(0, TRANSITIONS);
    const bare = ids.slice(TRANSITIONS);

    // ── (1) transition throughput, halves interleaved to spread machine noise ──
    let tFn = 0; let tBare = 0;
    for (let half = 0; half < 2; half++) {
      const h = TRANSITIONS / 2;
      let t0 = performance.now();
      for (const id of mine.slice(half * h, (half + 1) * h)) {
        await c.query(`select public.transition_order($1, 'tagging')`, [id]);
      }
      tFn += performance.now() - t0;
      t0 = performance.now();
      for (const id of bare.slice(half * h, (half + 1) * h)) {
        await c.query('begin');
        const o = (await c.query(`update public.orders set current_stage = 'tagging', stage_entered_at = now() where id = $1
                                  returning tenant_id, template_id, version_id`, [id])).rows[0];
        await c.query(`insert into public.order_transitions (order_id, tenant_id, template_id, version_id, from_stage, to_stage, at)
                       values ($1, $2, $3, $4, 'intake', 'tagging', now())`, [id, o.tenant_id, o.template_id, o.version_id]);
        await c.query('commit');
      }
      tBare += performance.now() - t0;
    }
    const fnRate = TRANSITIONS / (tFn / 1000);
    const bareRate = TRANSITIONS / (tBare / 1000);

    // ── (2) search latency ──
    const kinds: Record<string, (i: number) => string> = {
      number: (i) => `b-${1000 + (i * 37) % 90000}`,
      phone: (i) => `${(i * 7919 * 13) % 10000000}`.padStart(7, '0').slice(0, 5),
      name: (i) => ['harthy', 'balushi', 'rawahi', 'noura al', 'khalid al s'][i % 5],
    };
    const figures: Record<string, number> = {};
    const all: number[] = [];
    for (const [kind, q] of Object.entries(kinds)) {
      const ts: number[] = [];
      for (let i = 0; i < 10; i++) await c.query('select * from public.search_orders($1)', [q(i)]);
      for (let i = 0; i < SEARCHES / 3; i++) {
        const t0 = performance.now();
        await c.query('select * from public.search_orders($1)', [q(i)]);
        ts.push(performance.now() - t0);
      }
      figures[`search_${kind}_p50_ms`] = r2(pct(ts, 50));
      figures[`search_${kind}_p95_ms`] = r2(pct(ts, 95));
      all.push(...ts);
    }
    const p95 = r2(pct(all, 95));
    return {
      figures: {
        orders: ORDERS, tenants: TENANTS, transitions_per_s: Math.round(fnRate), bare_update_insert_per_s: Math.round(bareRate),
        ...figures, search_p95_ms: p95,
      },
      ratios: { transition_vs_bare: r2(fnRate / bareRate) },
      goals: { search_p95_under_1000ms_seed_target: p95 < 1000, search_p95_under_50ms_goal: p95 < 50 },
    };
  } finally {
    await c.end();
  }
}
