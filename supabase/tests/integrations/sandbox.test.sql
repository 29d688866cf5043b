-- Sandbox tenants for integrators: made active and flagged, filled with generated customers and
-- orders (whose events flow like any tenant's), reached with cmx_test_ keys only, never billed and
-- left out of analytics; only staff who may create and activate tenants make one.
begin;
select plan(18);

select tests.create_staff('sbx-support@hq.test', 'support') as sup \gset
select tests.create_staff('sbx-biz@hq.test', 'biz_admin') as biz \gset
select is(tests.error_of(:'sup', 'aal2', $$ select public.create_sandbox_tenant('sbx-no', 'No', 'dev@example.test') $$),
  'PT403 auth.permission_denied', 'staff who may not create and activate tenants cannot make a sandbox');
select is(tests.error_of($$ select public.create_sandbox_tenant('sbx-big', 'Big', 'dev@example.test', 201) $$),
  '22023 integrations.invalid_sample_size', '1 to 200 sample orders');
select is(tests.error_of($$ select public.create_sandbox_tenant('sbx-mail', 'Mail', 'not an address') $$),
  '22023 integrations.invalid_contact_email', 'the contact e-mail must be an address');

select tests.authenticate_as(:'biz', 'aal2');
select public.create_sandbox_tenant('sbx-acme', 'Acme ERP sandbox', 'dev@acme.example', 30) as made \gset
select tests.clear_authentication();
select (:'made'::jsonb ->> 'tenant_id') as s \gset
select is(:'made'::jsonb - 'tenant_id', '{"slug": "sbx-acme", "orders": 30, "seeding": true}'::jsonb, 'the answer: the sample is being made');
-- the sample data is a job (the jobs backbone runs it as a trusted caller); run it as the worker would, twice
select message -> 'payload' as job from pgmq.q_lifecycle where message ->> 'job_type' = 'integrations.sandbox_seed'
  and message #>> '{payload,tenant_id}' = :'s' \gset
select private.job_sandbox_seed(:'job', '{}');
select is(private.seed_sandbox_tenant(:'s', 30), 0, 'seeding again (a retried job) makes nothing more');
select results_eq(format($$ select t.status, sb.sample, sb.created_by from public.tenants t join public.sandbox_tenants sb on sb.tenant_id = t.id
                            where t.id = %L $$, :'s'),
  format($$ values ('active'::text, '{"customers": 12, "orders": 30}'::jsonb, %L::uuid) $$, :'biz'),
  'an active tenant, flagged as a sandbox by its maker');
select results_eq(format($$ select count(*)::int, count(distinct customer_name)::int, count(distinct customer_phone)::int,
                                   count(distinct service_category) > 1 from public.orders where tenant_id = %L $$, :'s'),
  $$ values (30, 12, 30, true) $$, '30 sample orders over 12 customers and several service categories');
select is((select count(*)::int from public.integration_events where tenant_id = :'s' and type = 'order.created'), 30,
  'the sample orders emit order.created like any tenant''s');
select is((select count(*)::int from audit.log where action = 'sandbox_tenant.create' and entity_id = :'s'), 1, 'making a sandbox is audited');

-- API keys: cmx_test_ for a sandbox, cmx_live_ for every other tenant
select tests.create_tenant('sbx-real') as r \gset
select is(tests.error_of(format($$ select public.create_api_key(%L, 'live on sandbox', array['orders:read']) $$, :'s')),
  '22023 integrations.sandbox_key', 'a sandbox takes no live key');
select is(tests.error_of(format($$ select public.create_api_key(%L, 'test on real', array['orders:read'], live => false) $$, :'r')),
  '22023 integrations.sandbox_key', 'a real tenant takes no test key');
select is(tests.error_of($$ select public.create_api_key(null, 'test on HQ', array['orders:read'], live => false) $$),
  '22023 integrations.sandbox_key', 'nor does HQ');
select public.create_api_key(:'s', 'integrator', array['orders:read'], live => false) ->> 'key' as key \gset
select ok(:'key' ~ '^cmx_test_', 'a sandbox key is a cmx_test_ key');
select is(jsonb_array_length(public.api_dispatch(:'key', 'orders.list', '{"limit": 100}')), 30, 'which reads the sample orders through the API');

-- never billed
select is(tests.error_of(format($$ select public.create_subscription(%L, 'growth', 'month', '[]', null, 0) $$, :'s')),
  'PT409 integrations.sandbox_not_billed', 'a sandbox gets no subscription');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description": {"en": "Setup", "ar": "تجهيز"}, "unit_amount": 10}]') $$, :'s')),
  'PT409 integrations.sandbox_not_billed', 'nor any invoice');

-- left out of analytics: the daily snapshot, the KPI counts, the BI view
select private.snapshot_day(current_date);
select results_eq(format($$ select count(*) filter (where tenant_id = %L)::int, count(*) filter (where tenant_id = %L)::int
                            from public.tenant_daily_snapshots where day = current_date $$, :'s', :'r'),
  $$ values (0, 1) $$, 'the daily snapshot holds the real tenant, not the sandbox');
select is((select count(*)::int from analytics.tenants where id in (:'s', :'r')), 1, 'the BI view shows the real tenant only');

select * from finish();
rollback;
