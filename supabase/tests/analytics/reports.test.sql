-- The reports against hand-computed fixtures (2024, away from other data): signup cohorts,
-- plan distribution, feature adoption, cost-to-serve with unit costs and currency conversion,
-- upgrade suggestions, a tenant's operations.
begin;
select plan(9);

delete from public.tenant_daily_snapshots;
delete from public.exchange_rates;
delete from public.unit_costs;
select tests.create_tenant('rep-x') as x \gset
select tests.create_tenant('rep-y') as y \gset
select tests.create_tenant('rep-z') as z \gset
update public.tenants set created_at = case id when :'x' then '2024-01-15'::timestamptz when :'y' then '2024-01-20'::timestamptz
  else '2024-02-10'::timestamptz end where id in (:'x', :'y', :'z');
select id as growth from public.plans where code = 'growth' and is_current \gset
select id as starter from public.plans where code = 'starter' and is_current \gset

insert into public.tenant_daily_snapshots (tenant_id, day, status, currency, plan_id, orders, storage_mb, messages, api_calls, revenue, modules) values
  (:'x', '2024-01-31', 'active', 'OMR', :'growth', 0, 0, 0, 0, 0, '{}'),
  (:'y', '2024-01-31', 'trial', 'OMR', null, 0, 0, 0, 0, 0, '{}'),
  (:'x', '2024-02-28', 'active', 'OMR', :'growth', 0, 0, 0, 0, 0, '{}'),
  (:'y', '2024-02-28', 'suspended', 'OMR', null, 0, 0, 0, 0, 0, '{}'),
  (:'z', '2024-02-28', 'active', 'AED', null, 0, 0, 0, 0, 0, '{}'),
  (:'x', '2024-03-01', 'active', 'OMR', :'growth', 10, 304.375, 5, 100, 0, '{orders,api}'),
  (:'x', '2024-03-02', 'active', 'OMR', :'growth', 5, 304.375, 9, 150, 20, '{orders}'),
  (:'z', '2024-03-01', 'active', 'AED', null, 0, 0, 0, 0, 100, '{}'),
  (:'x', '2024-03-31', 'active', 'OMR', :'growth', 0, 0, 0, 0, 0, '{}'),
  (:'y', '2024-03-31', 'churned', 'OMR', null, 0, 0, 0, 0, 0, '{}'),
  (:'z', '2024-03-31', 'suspended', 'AED', null, 0, 0, 0, 0, 0, '{}');
insert into public.exchange_rates (base_currency, quote_currency, effective_on, rate) values ('AED', 'OMR', '2024-01-01', 0.1);
insert into public.unit_costs (metric, amount, currency) values
  ('order', 0.05, 'OMR'), ('storage_mb_month', 0.01, 'OMR'), ('message', 0.2, 'AED'), ('api_call', 0.001, 'OMR');

select tests.create_staff('aud@rep.test', 'auditor') as aud \gset
select tests.authenticate_as(:'aud', 'aal2');

-- Cohort 2024-01 (x, y): month 0 both live, month 1 y suspended, month 2 y churned. 2024-02 (z): live, then suspended.
select is(public.analytics_cohorts('2024-01-01', '2024-03-01') -> 'cohorts',
  '[{"cohort": "2024-01", "size": 2, "retained": [2, 1, 1], "retention": [1, 0.5, 0.5]},
    {"cohort": "2024-02", "size": 1, "retained": [1, 0], "retention": [1, 0]}]'::jsonb,
  'signup cohorts as a matrix of retained tenants by month since signup');

select results_eq($$ select month, plan_code, tenants::int from public.analytics_plan_distribution('2024-01-01', '2024-03-31') $$,
  $$ values ('2024-01-01'::date, 'growth', 1), ('2024-01-01', 'none', 1), ('2024-02-01', 'growth', 1), ('2024-02-01', 'none', 1),
            ('2024-03-01', 'growth', 1) $$,
  'plan distribution at each month''s last snapshot, live tenants only');

select results_eq($$ select module_code, tenants::int, active_tenants::int, share from public.analytics_feature_adoption('2024-03-01', '2024-03-02')
                     where module_code in ('orders', 'api', 'pos') order by module_code $$,
  $$ values ('api', 1, 2, 0.5), ('orders', 1, 2, 0.5), ('pos', 0, 2, 0.0) $$, 'feature adoption: who used each module among the live tenants');

-- x: 15 orders × 0.05 + (2 × 304.375 / 30.4375 = 20 MB-months) × 0.01 + 9 messages × (0.2 AED = 0.02) + 150 calls × 0.001
--    = 0.75 + 0.2 + 0.18 + 0.15 = 1.28 against 20 revenue; z: no usage, 100 AED = 10 OMR.
select results_eq($$ select slug, orders::int, storage_mb_months, messages, api_calls, cost, revenue, margin, currency
                     from public.analytics_cost_to_serve('2024-03-01', '2024-03-02', 'OMR') where slug like 'rep-%' $$,
  $$ values ('rep-z', 0, 0.000, 0::numeric, 0::numeric, 0.000, 10.000, 10.000, 'OMR'),
            ('rep-x', 15, 20.000, 9, 150, 1.280, 20.000, 18.720, 'OMR') $$,
  'cost-to-serve: usage × unit costs against revenue, converted, least profitable first');
select is(tests.error_of($$ select * from public.analytics_cost_to_serve('2024-03-01', '2024-03-02', 'KWD') $$), 'PT409 analytics.missing_rate',
  'cost-to-serve in a currency without rates: the missing rate is named');

select results_eq($$ select day, orders, invoices::int, revenue from public.analytics_tenant_operations('$$ || :'x' || $$', '2024-03-01', '2024-03-03') $$,
  $$ values ('2024-03-01'::date, 10, 0, 0::numeric), ('2024-03-02', 5, 0, 20), ('2024-03-03', 0, 0, 0) $$,
  'a tenant''s operations by day, every day of the range');

-- Upgrade suggestions: x on starter needs 2600 MB (growth has 10000); y on growth needs 60000 MB (pro 50000: enterprise).
select tests.clear_authentication();
insert into public.tenant_plans (tenant_id, plan_id, current_period_start, current_period_end) values
  (:'x', :'starter', now(), now() + interval '1 month'), (:'y', :'growth', now(), now() + interval '1 month')
on conflict (tenant_id) do update set plan_id = excluded.plan_id;
insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before, requested) values
  (:'x', 'storage_mb', '1970-01-01', 'warn', 'soft', 2000, 2500, 100),
  (:'y', 'storage_mb', '1970-01-01', 'warn', 'soft', 10000, 59000, 1000),
  (:'y', 'storage_mb', '1970-01-01', 'warn', 'soft', 10000, 1000, 10),
  (:'z', 'storage_mb', '1970-01-01', 'blocked', 'hard', 10, 10, 1);
select tests.authenticate_as(:'aud', 'aal2');
select results_eq($$ select slug, plan_code, suggested_plan_code, breaches::int, features from public.analytics_upgrade_suggestions(30) where slug like 'rep-%' order by slug $$,
  $$ values ('rep-x', 'starter', 'growth', 1, '{storage_mb}'::text[]), ('rep-y', 'growth', 'enterprise', 2, '{storage_mb}') $$,
  'upgrade suggestions: the lowest higher plan covering the peak need; hard refusals are not suggestions');
select is(tests.error_of($$ select * from public.analytics_cohorts('2020-01-01', '2026-01-01') $$), '22023 analytics.range_too_long',
  'a cohort matrix over six years is refused');
select tests.clear_authentication();
select tests.create_staff('sup@rep.test', 'support') as sup \gset
select is(tests.error_of(:'sup', 'aal2', $$ select * from public.analytics_cost_to_serve('2024-03-01', '2024-03-02') $$), 'PT403 auth.permission_denied',
  'reports need analytics.read');

select * from finish();
rollback;
