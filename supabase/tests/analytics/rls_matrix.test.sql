-- The RLS matrix of the analytics tables (same personas and probe as the identity matrix): staff
-- with analytics.read read them (the SLO objectives: jobs.read; probe results and the snapshots' plan counts: nobody), nobody else does, and nobody writes them directly (writes go
-- through the snapshot job and the analytics.write functions).
begin;
select plan(7);

select tests.create_tenant('tenant-a') as a \gset
select tests.create_tenant('tenant-b') as b \gset
select tests.create_rls_personas(:'a', :'b');
delete from public.exchange_rates;
delete from public.unit_costs;
insert into public.exchange_rates (base_currency, quote_currency, effective_on, rate) values ('AED', 'OMR', '2026-01-01', 0.1);
insert into public.unit_costs (metric, amount, currency) values ('order', 0.01, 'OMR');
insert into public.tenant_daily_snapshots (tenant_id, day, status, currency) values (:'a', '2026-03-01', 'active', 'OMR'), (:'b', '2026-03-01', 'active', 'OMR');
insert into private.slo_probe_results (slo_code, sent_at, completed_at, ok) values ('api_latency', now(), now(), true);

create temp table matrix (tbl text, scope text, target text, upd text, readers text, writers text[]);
insert into matrix values
  ('public.tenant_daily_snapshots', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'orders',
     'permission:analytics.read', '{}'),
  ('public.exchange_rates', 'true', $$base_currency = 'AED'$$, 'rate', 'permission:analytics.read', '{}'),
  ('public.unit_costs', 'true', $$metric = 'order'$$, 'amount', 'permission:analytics.read', '{}'),
  ('public.analytics_settings', 'true', 'id', 'snapshot_retention_days', 'permission:analytics.read', '{}'),
  ('public.slo_objectives', 'true', $$code = 'api_latency'$$, 'enabled', 'permission:jobs.read', '{}'),
  ('private.slo_probe_results', 'true', 'true', 'ok', 'nobody', '{}'),
  ('private.snapshot_plan_counts', 'true', 'true', 'tenants', 'nobody', '{}');

alter table matrix add column sample jsonb;
update matrix set sample = tests.rls_sample(tbl, target);

select results_eq(
  format($q$ select p.name, tests.rls_probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, tests.rls_expected(p.name, %L, %L, %L, %L::text[]) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers, m.writers),
  m.tbl || ': what each persona can do is exactly what it should')
from matrix m
order by m.tbl;

select * from finish();
rollback;
