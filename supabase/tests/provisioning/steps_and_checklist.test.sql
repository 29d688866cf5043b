-- Provisioning, onboarding checklist and health score (C1).
begin;
select plan(18);

select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset
select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_tenant('al-noor', 'approved') as t \gset

-- Activation enqueues exactly one provisioning job; the job runs the steps
select tests.authenticate_as(:'biz', 'aal2');
select public.activate_tenant(:'t');
select tests.clear_authentication();
select is((select count(*) from pgmq.q_lifecycle where message ->> 'job_type' = 'tenant.provision' and message -> 'payload' ->> 'tenant_id' = :'t'),
  1::bigint, 'activation enqueues a provisioning job');
select ok(private.dispatch('lifecycle') >= 1, 'the dispatcher runs it');
select results_eq(format($$ select step_code, status, applied_version from public.tenant_provisioning where tenant_id = %L and step_code = 'default_settings' $$, :'t'),
  $$ values ('default_settings'::text, 'done'::text, 1) $$, 'the default settings step is done at version 1');
select is((select settings ->> 'timezone' from public.tenant_settings where tenant_id = :'t'), 'Asia/Muscat',
  'settings are seeded from defaults and the tenant profile');

-- Idempotent: running again changes nothing
select is(private.provision_tenant(:'t'), '{"done":[],"failed":[]}'::jsonb, 'a second run has nothing to do');

-- A failing step is recorded, retried alone, and the rest still runs
create function private.test_step_flaky(tenant_id uuid) returns void language plpgsql as $$
begin
  if current_setting('test.flaky_fails', true) = 'yes' then
    raise exception 'catalog service unavailable';
  end if;
end $$;
create function private.test_step_after(tenant_id uuid) returns void language sql as $$ select $$;
select private.register_provisioning_step('test_flaky', '{"en":"Flaky"}', 20, 'private.test_step_flaky(uuid)'::regprocedure);
select private.register_provisioning_step('test_after', '{"en":"After"}', 30, 'private.test_step_after(uuid)'::regprocedure);
select set_config('test.flaky_fails', 'yes', true);
select is(private.provision_tenant(:'t'), '{"done":["test_after"],"failed":["test_flaky"]}'::jsonb,
  'a failed step does not stop the others');
select is((select last_error from public.tenant_provisioning where tenant_id = :'t' and step_code = 'test_flaky'),
  'catalog service unavailable', 'the error is kept on the step');
select throws_ok($$ select private.job_tenant_provision(jsonb_build_object('tenant_id', '$$ || :'t' || $$'), '{}') $$,
  'P0001', null, 'the job fails while a step fails, so the job system retries it');
select set_config('test.flaky_fails', 'no', true);
select tests.authenticate_as(:'tech', 'aal2');
select throws_ok(format($$ select public.retry_provisioning_step(%L, 'test_flaky') $$, :'t'), 'PT403', null,
  'tech_admin may not retry provisioning');
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok(format($$ select public.retry_provisioning_step(%L, 'default_settings') $$, :'t'), 'PT409',
  'step default_settings is already done', 'a done step is not retried');
select ok(public.retry_provisioning_step(:'t', 'test_flaky') is not null, 'a failed step is retried through a job');
select tests.clear_authentication();
select is(private.provision_tenant(:'t'), '{"done":["test_flaky"],"failed":[]}'::jsonb, 'only the failed step runs again');

-- Delta re-seed: a step whose version went up runs again; tenant changes survive
update public.tenant_settings set settings = settings || '{"order_number_prefix":"NOOR"}' where tenant_id = :'t';
update public.default_tenant_settings set settings = settings || '{"loyalty_enabled":false}';
select private.register_provisioning_step('default_settings', '{"en":"Default settings"}', 10,
  'private.provision_default_settings(uuid)'::regprocedure, 2);
select is(private.provision_tenant(:'t'), '{"done":["default_settings"],"failed":[]}'::jsonb, 'a new step version re-runs the step');
select results_eq(format($$ select settings ->> 'order_number_prefix', settings ->> 'loyalty_enabled' from public.tenant_settings where tenant_id = %L $$, :'t'),
  $$ values ('NOOR'::text, 'false'::text) $$, 'new defaults are added; the tenant''s own values are kept');

-- Checklist and health
select results_eq(format($$ select item, done from public.tenant_onboarding_checklist(%L) where source = 'profile' order by item $$, :'t'),
  $$ values ('contact_email'::text, true), ('legal_name', false), ('logo', false), ('owner', false) $$,
  'the checklist reports the profile items');
-- HQ's lifecycle clicks are not the tenant's activity (issue 13 §4; health/own_activity.test.sql)
select is((private.compute_tenant_health(:'t')).signals, '{"lifecycle":40,"maturity":0,"activity":0,"provisioning":15}'::jsonb,
  'health signals for a new, active, fully provisioned tenant nobody has used yet');
select is((select score from public.tenant_health where tenant_id = :'t'), 55, 'the score is their sum');
select throws_ok($$ select private.register_provisioning_step('bad', '{"en":"Bad"}', 1, 'private.now()'::regprocedure) $$,
  '22023', null, 'a step handler must take a tenant id');

select * from finish();
rollback;
