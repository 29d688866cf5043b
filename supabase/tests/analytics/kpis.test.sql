-- The dashboard KPIs against a hand-computed fixture for March 2026 (docs/analytics.md has the
-- definitions). OMR: A 10 → 15 (expansion), B 20 → 0 (churn), C 30 → 25 (contraction), D new 8.
-- AED: E 100 all along. AED→OMR 0.1 from 1 January (0.105 from 1 April: not used for 31 March).
--   OMR: start 60, end 48, NRR (15+0+25)/60, GRR (10+0+25)/60, logo churn 1/3, ARPU 48/3,
--        LTV = 16 / ((1/3) / (31/30.4375)) = 48.887.
--   Reporting (OMR): start 70, MRR 58, NRR 50/70, GRR 45/70, ARPU 58/4, logo churn 1/4, LTV 59.072.
begin;
select plan(9);

delete from public.mrr_movements;
delete from public.exchange_rates;
delete from public.dunning_cases;
create temp table fx (k text, tenant uuid, sub uuid, cur text);
insert into fx (k, cur) values ('A', 'OMR'), ('B', 'OMR'), ('C', 'OMR'), ('D', 'OMR'), ('E', 'AED');
update fx set tenant = tests.create_tenant('kpi-' || lower(k));
insert into public.subscriptions (id, tenant_id, billing_interval, currency, status, current_period_start, current_period_end)
select extensions.gen_random_uuid(), fx.tenant, 'month', fx.cur, 'active', '2026-01-01', '2026-02-01' from fx;
update fx set sub = s.id from public.subscriptions s where s.tenant_id = fx.tenant;
insert into public.mrr_movements (subscription_id, tenant_id, currency, kind, mrr_before, mrr_after, at)
select fx.sub, fx.tenant, fx.cur, m.kind, m.b, m.a, m.at::timestamptz
from (values ('A', 'new', 0, 10, '2026-01-10'), ('A', 'expansion', 10, 15, '2026-03-05'),
             ('B', 'new', 0, 20, '2026-02-01'), ('B', 'churn', 20, 0, '2026-03-20'),
             ('C', 'new', 0, 30, '2026-02-15'), ('C', 'contraction', 30, 25, '2026-03-10'),
             ('D', 'new', 0, 8, '2026-03-15'), ('E', 'new', 0, 100, '2026-02-01')) m(k, kind, b, a, at)
join fx on fx.k = m.k;
insert into public.exchange_rates (base_currency, quote_currency, effective_on, rate)
values ('AED', 'OMR', '2026-01-01', 0.1), ('AED', 'OMR', '2026-04-01', 0.105);

select tests.create_staff('biz@kpi.test', 'biz_admin') as biz \gset
select tests.authenticate_as(:'biz', 'aal2');
create temp table k as select public.analytics_kpis('2026-03-01', '2026-03-31', 'OMR') as j;

select is((select x - 'dunning_exposure' from k, jsonb_array_elements(j -> 'per_currency') x where x ->> 'currency' = 'OMR'),
  '{"currency": "OMR", "starting_mrr": 60, "mrr": 48, "arr": 576, "paying_tenants": 3, "arpu": 16, "nrr": 0.6667, "grr": 0.5833,
    "revenue_churn": 0.4167, "logo_churn": 0.3333, "churned_tenants": 1, "ltv": 48.887,
    "movements": {"new": 8, "expansion": 5, "contraction": -5, "churned": -20, "reactivation": 0}}'::jsonb,
  'OMR: MRR, ARR, ARPU, NRR, GRR, revenue and logo churn, LTV and the movements as computed by hand');
select is((select x - 'dunning_exposure' - 'movements' from k, jsonb_array_elements(j -> 'per_currency') x where x ->> 'currency' = 'AED'),
  '{"currency": "AED", "starting_mrr": 100, "mrr": 100, "arr": 1200, "paying_tenants": 1, "arpu": 100, "nrr": 1, "grr": 1,
    "revenue_churn": 0, "logo_churn": 0, "churned_tenants": 0, "ltv": null}'::jsonb,
  'AED: a flat month keeps everything, and LTV is null without churn');
select is((select (j -> 'reporting') - 'dunning_exposure' - 'movements' from k),
  '{"currency": "OMR", "starting_mrr": 70, "mrr": 58, "arr": 696, "paying_tenants": 4, "arpu": 14.5, "nrr": 0.7143, "grr": 0.6429,
    "revenue_churn": 0.3571, "logo_churn": 0.25, "churned_tenants": 1, "ltv": 59.072}'::jsonb,
  'in the reporting currency: AED converted at the rate in force on 31 March (0.1), not the April one');
select is((select (j -> 'reporting' -> 'movements') from k),
  '{"new": 8, "expansion": 5, "contraction": -5, "churned": -20, "reactivation": 0}'::jsonb, 'the reporting movements');

-- Reporting in AED: the inverse of the AED→OMR rate is used.
select is((select (public.analytics_kpis('2026-03-01', '2026-03-31', 'AED') -> 'reporting' ->> 'mrr')::numeric), 580.000,
  'reporting in AED uses the inverse of the AED→OMR rate (48 / 0.1 + 100)');
select is(tests.error_of($$ select public.analytics_kpis('2026-03-01', '2026-03-31', 'KWD') $$), 'PT409 analytics.missing_rate',
  'a missing rate is an error naming it, never a silent 0 or 1');
select is(tests.error_of($$ select public.analytics_kpis('2026-03-31', '2026-03-01') $$), '22023 analytics.invalid_range', 'an inverted range');
select tests.clear_authentication();
select tests.create_staff('sup@kpi.test', 'support') as sup \gset
select is(tests.error_of(:'sup', 'aal2', $$ select public.analytics_kpis('2026-03-01', '2026-03-31') $$), 'PT403 auth.permission_denied',
  'staff without analytics.read cannot read KPIs');

-- Billing's own report (reused for the MRR trend) agrees with the KPI ending MRR.
select tests.authenticate_as(:'biz', 'aal2');
select is((select ending_mrr from public.analytics_mrr_trend('2026-03-01', '2026-03-01', 'OMR') where reporting), 58.000,
  'the MRR trend''s reporting row for March ends at the KPI''s MRR');

select * from finish();
rollback;
