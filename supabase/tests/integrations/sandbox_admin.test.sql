-- Sandbox tenants reseeded and deleted from the developer portal: permission first (the same refusal
-- for any tenant), a real tenant refused with integrations.not_sandbox, the sample wiped and made again
-- by the seeding job (an older generation's job does nothing), a deletion removing the tenant's data;
-- both audited.
begin;
select plan(16);

select tests.create_staff('sbx-adm-support@hq.test', 'support') as sup \gset
select tests.create_staff('sbx-adm-biz@hq.test', 'biz_admin') as biz \gset
select tests.create_tenant('sbx-adm-real') as real \gset
select (public.create_sandbox_tenant('sbx-adm', 'Admin sandbox', 'dev@sbx.example', 5) ->> 'tenant_id') as s \gset
create function pg_temp.run_seed_jobs(tenant uuid) returns void language sql as $$
  select private.job_sandbox_seed(message -> 'payload', '{}') from pgmq.q_lifecycle
  where message ->> 'job_type' = 'integrations.sandbox_seed' and message #>> '{payload,tenant_id}' = tenant::text order by msg_id;
  select null::void
$$;
select pg_temp.run_seed_jobs(:'s');
select is((select count(*)::int from public.orders where tenant_id = :'s'), 5, 'the first sample: 5 orders');

-- permission first: the same refusal for a sandbox, a real tenant or none
select is(tests.error_of(:'sup', 'aal2', format($$ select public.reseed_sandbox_tenant(%L) $$, :'s')),
  'PT403 auth.permission_denied', 'staff without tenants.write cannot reseed');
select is(tests.error_of(:'sup', 'aal2', format($$ select public.reseed_sandbox_tenant(%L) $$, gen_random_uuid())),
  'PT403 auth.permission_denied', 'the same refusal for a tenant that does not exist');
select is(tests.error_of(:'sup', 'aal2', format($$ select public.delete_sandbox_tenant(%L) $$, :'s')),
  'PT403 auth.permission_denied', 'nor delete');
select is(tests.error_of(:'biz', 'aal2', format($$ select public.reseed_sandbox_tenant(%L) $$, :'real')),
  'PT409 integrations.not_sandbox', 'a real tenant is never reseeded');
select is(tests.error_of(:'biz', 'aal2', format($$ select public.delete_sandbox_tenant(%L) $$, :'real')),
  'PT409 integrations.not_sandbox', 'nor deleted');
select is((select count(*)::int from public.tenants where id = :'real'), 1, 'the real tenant is still there');
select is(tests.error_of(:'biz', 'aal2', format($$ select public.reseed_sandbox_tenant(%L, 201) $$, :'s')),
  '22023 integrations.invalid_sample_size', '1 to 200 sample orders');

-- reseed: wiped at once, made again by the job; a second reseed makes the first one's job stale
select tests.authenticate_as(:'biz', 'aal2');
select is(public.reseed_sandbox_tenant(:'s', 8) - 'tenant_id', '{"orders": 8, "wiped_orders": 5, "seeding": true}'::jsonb,
  'reseeding answers what was wiped and what is being made');
select tests.clear_authentication();
select is((select count(*)::int from public.orders where tenant_id = :'s'), 0, 'the old sample is gone');
select tests.authenticate_as(:'biz', 'aal2');
select public.reseed_sandbox_tenant(:'s', 3);
select tests.clear_authentication();
select pg_temp.run_seed_jobs(:'s');   -- every queued seeding job: the first, both reseeds
select results_eq(format($$ select count(*)::int, min(number), max(number) from public.orders where tenant_id = %L $$, :'s'),
  $$ values (3, 'SBX-0001', 'SBX-0003') $$, 'only the latest generation is made (the older reseed''s job does nothing)');
select is((select sample - 'seed' from public.sandbox_tenants where tenant_id = :'s'), '{"customers": 3, "orders": 3}'::jsonb,
  'the sample is recorded');
select is((select count(*)::int from audit.log where action = 'sandbox_tenant.reseed' and entity_id = :'s' and actor_id = :'biz'), 2,
  'each reseed is audited with its actor');

-- delete: the tenant and its data go, the audit entry stays
select tests.authenticate_as(:'biz', 'aal2');
select is(public.delete_sandbox_tenant(:'s'), jsonb_build_object('tenant_id', :'s', 'slug', 'sbx-adm', 'deleted', true), 'deleted');
select tests.clear_authentication();
select results_eq(format($$ select (select count(*)::int from public.tenants where id = %1$L), (select count(*)::int from public.orders where tenant_id = %1$L),
                                   (select count(*)::int from public.sandbox_tenants where tenant_id = %1$L) $$, :'s'),
  $$ values (0, 0, 0) $$, 'the tenant, its orders and its flag are gone');
select is((select before ->> 'slug' from audit.log where action = 'sandbox_tenant.delete' and entity_id = :'s'), 'sbx-adm',
  'the deletion is audited with what was deleted');

select * from finish();
rollback;
