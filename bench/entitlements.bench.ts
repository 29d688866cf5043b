// Entitlement reads (issue 6): has_feature() and entitlements() at 10k tenants × 60 features with
// grants on 10 % of the tenants, against a primary-key lookup of one tenants row in the same run.
// Each call is one round trip from a client, as a tenant app or RLS policy would make it; tenants
// and feature keys are picked at random. Also measured: the uncached computation (what a stale
// cache costs a reader), check_limit, flag_enabled and the time to rebuild every cached set.
import { benchPool } from './pool.ts';
import { size } from './size.ts';

const TENANTS = size(10_000, 20);
const FEATURES = 60;
const CALLS = size(3000, 20);

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return n / ((performance.now() - t0) / 1000);
}

export default async function run(db: { url: string }) {
  const pool = benchPool(db.url, 2);
  const c = await pool.connect();
  const round = (x: number) => Math.round(x);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  try {
    // ── fixtures ──
    // Pad the shipped catalogue (31 features) to 60 with booleans that every plan sets.
    const shipped = Number((await c.query('select count(*) from public.features')).rows[0].count);
    await c.query(`insert into public.features (key, type, name, default_value)
                   select 'bench.f' || lpad(g::text, 2, '0'), 'boolean', jsonb_build_object('en', 'Bench ' || g), 'false'
                   from generate_series(1, $1) g`, [FEATURES - shipped]);
    await c.query(`insert into public.plan_features (plan_id, feature_key, value)
                   select p.id, f.key, to_jsonb(p.tier >= (right(f.key, 2)::int % 5))
                   from public.plans p, public.features f where f.key like 'bench.f%'`);
    await c.query(`insert into public.tenants (slug, name, country, region, timezone, currency, status)
                   select 'bench-' || g, jsonb_build_object('en', 'Bench ' || g), 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', 'active'
                   from generate_series(1, ${TENANTS}) g`);
    await c.query(`insert into public.tenant_plans (tenant_id, plan_id, current_period_start, current_period_end)
                   select t.id, (array_agg(p.id order by p.tier))[1 + (t.n % 5)], now(), now() + interval '1 month'
                   from (select id, row_number() over (order by slug) n from public.tenants where slug like 'bench-%') t
                   cross join public.plans p where p.is_current group by t.id, t.n`);
    // 10 %: three grants and one revocation each
    await c.query(`insert into public.entitlement_overrides (tenant_id, feature_key, kind, value, reason)
                   select t.id, o.key, o.kind, o.value, 'bench'
                   from (select id from public.tenants where slug like 'bench-%' order by slug limit ${TENANTS / 10}) t
                   cross join (values ('module.delivery', 'grant', 'true'::jsonb), ('sso', 'grant', 'true'),
                                      ('max_users', 'grant', '100'), ('module.loyalty', 'revoke', null)) o(key, kind, value)`);
    const t0 = performance.now();
    await c.query(`select count(private.refresh_entitlements(id, 'bench')) from public.tenants where slug like 'bench-%'`);
    const rebuildSeconds = (performance.now() - t0) / 1000;
    await c.query('analyze public.tenants, public.tenant_entitlements, public.features, public.plan_features, public.entitlement_overrides');

    const ids = (await c.query(`select id from public.tenants where slug like 'bench-%'`)).rows.map((r) => r.id as string);
    const keys = (await c.query('select key from public.features order by key')).rows.map((r) => r.key as string);
    if (keys.length !== FEATURES) throw new Error(`expected ${FEATURES} features, found ${keys.length}`);
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    await c.query(`insert into public.feature_flags (key, rules) values ('bench.flag', '[{"type":"percentage","percentage":25}]')`);

    // The cache must agree with a fresh computation, or the speed means nothing.
    const granted = (await c.query(`select tenant_id from public.entitlement_overrides where reason = 'bench' limit 1`)).rows[0].tenant_id;
    const check = (await c.query(`select public.entitlements($1) - 'version' - 'limits' as cached,
                                         private.compute_entitlements($1) - 'limits' as fresh,
                                         public.has_feature($1, 'module.delivery') as delivery`, [granted])).rows[0];
    if (JSON.stringify(check.cached) !== JSON.stringify(check.fresh) || check.delivery !== true) {
      throw new Error('the cached entitlement set disagrees with a fresh computation');
    }

    const pk = 'select id, slug, status from public.tenants where id = $1';
    const hasFeature = 'select public.has_feature($1, $2)';
    const ent = 'select public.entitlements($1)';
    await timed(300, () => c.query(hasFeature, [pick(ids), pick(keys)]));
    await timed(300, () => c.query(ent, [pick(ids)]));

    // interleaved halves spread machine noise over all three
    let base = 0; let hf = 0; let en = 0;
    for (let half = 0; half < 2; half++) {
      base += await timed(CALLS / 2, () => c.query(pk, [pick(ids)]));
      hf += await timed(CALLS / 2, () => c.query(hasFeature, [pick(ids), pick(keys)]));
      en += await timed(CALLS / 2, () => c.query(ent, [pick(ids)]));
    }
    base /= 2; hf /= 2; en /= 2;
    const uncached = await timed(500, () => c.query('select private.compute_entitlements($1)', [pick(ids)]));
    const limit = await timed(CALLS / 2, () => c.query(`select public.check_limit($1, 'max_orders_per_month', 1)`, [pick(ids)]));
    const flag = await timed(CALLS / 2, () => c.query(`select public.flag_enabled($1, 'bench.flag')`, [pick(ids)]));
    const entBytes = Number((await c.query(`select avg(pg_column_size(entitlements))::int as b from public.tenant_entitlements`)).rows[0].b);

    return {
      figures: {
        tenants: TENANTS,
        features: FEATURES,
        tenants_with_overrides: TENANTS / 10,
        pk_lookup_per_s: round(base),
        has_feature_per_s: round(hf),
        entitlements_per_s: round(en),
        entitlements_uncached_per_s: round(uncached),
        check_limit_per_s: round(limit),
        flag_enabled_per_s: round(flag),
        cache_rebuild_all_tenants_s: Math.round(rebuildSeconds * 10) / 10,
        cached_set_bytes: entBytes,
      },
      ratios: {
        has_feature_x: ratio(base, hf),
        entitlements_x: ratio(base, en),
        entitlements_uncached_x: ratio(base, uncached),
        check_limit_x: ratio(base, limit),
        flag_enabled_x: ratio(base, flag),
      },
      goals: {
        has_feature_x: '<= 2 (issue 6): against a primary-key lookup of one row, same run',
        entitlements_x: '<= 5 (issue 6)',
      },
    };
  } finally {
    c.release();
    await pool.end();
  }
}
