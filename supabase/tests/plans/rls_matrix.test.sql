-- The RLS matrix of the plans, entitlements and flags tables (issue 6), in the style of
-- house/rls_matrix.test.sql: select / insert / update / delete as anon, tenant users of A and B, each
-- staff role at aal1 and aal2, and staff in read-only, full and expired impersonations of A.
-- Every table here changes only through functions, so no persona may write any of them.
begin;
select plan(16);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('ent-rls-a') as a \gset
select tests.create_tenant('ent-rls-b') as b \gset
select tests.create_rls_personas(:'a', :'b');
-- exactly one row per tenant in every tenant-scoped table
select public.change_plan(t, 'starter'), public.set_tenant_add_on(t, 'extra_branch', 1, 'matrix'),
       public.grant_feature(t, 'module.delivery', 'matrix grant'),
       private.increment_usage(t, 'storage_mb', 2500)
from unnest(array[:'a', :'b']::uuid[]) t;
select public.save_flag('matrix.flag', '{"default_enabled": true}');


create temp table matrix (tbl text, scope text, target text, upd text, readers text, writers text[]);
insert into matrix values
  ('public.modules', 'true', $$code = 'orders'$$, 'sort_order', 'signed_in', '{}'),
  ('public.features', 'true', $$key = 'module.orders'$$, 'sort_order', 'signed_in', '{}'),
  ('public.plans', 'true', $$code = 'starter'$$, 'tier', 'signed_in', '{}'),
  ('public.plan_prices', 'true', $$currency = 'OMR' and interval = 'month'$$, 'amount', 'signed_in', '{}'),
  ('public.plan_features', 'true', $$feature_key = 'max_users'$$, 'value', 'signed_in', '{}'),
  ('public.add_ons', 'true', $$code = 'extra_pos'$$, 'prices', 'signed_in', '{}'),
  ('public.add_on_features', 'true', $$add_on_code = 'extra_pos'$$, 'value', 'signed_in', '{}'),
  ('public.tenant_plans', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'billing_interval', 'tenant', '{}'),
  ('public.tenant_add_ons', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'quantity', 'tenant', '{}'),
  ('public.entitlement_overrides', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'reason', 'tenant', '{}'),
  ('public.usage_counters', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'used', 'tenant', '{}'),
  ('public.limit_breaches', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'requested', 'tenant', '{}'),
  ('public.plan_changes', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'reason', 'tenant', '{}'),
  ('public.tenant_entitlements', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'stale', 'tenant', '{}'),
  -- flags.read: every staff role but support
  ('public.feature_flags', $$key = 'matrix.flag'$$, $$key = 'matrix.flag'$$, 'killed', 'staff.read', '{}');

alter table matrix add column sample jsonb;
update matrix set sample = tests.rls_sample(tbl, target);

-- RLS is on for every table in the matrix (the probe runs only on tables that have it).
select is((select array_agg(m.tbl order by m.tbl) from matrix m
           where not (select c.relrowsecurity from pg_class c where c.oid = m.tbl::regclass)),
          null, 'every table in the matrix has RLS enabled');

select results_eq(
  format($q$ select p.name, tests.rls_probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, tests.rls_expected(p.name, %L, %L, %L, %L::text[]) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers, m.writers),
  m.tbl || ': what each persona can do is exactly what it should')
from matrix m
order by m.tbl;

select * from finish();
