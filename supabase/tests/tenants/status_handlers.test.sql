-- Extension point: capabilities react to tenant status changes through registered handlers
-- (private.tenant_status_handlers), never by redefining private.after_tenant_status_change.
begin;
select plan(6);

select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset
select tests.create_tenant('al-noor', 'approved') as t \gset

select is((select statuses from private.tenant_status_handlers where handler = 'private.provision_on_tenant_status'),
  array['trial', 'active'], 'provisioning registers its handler for trial and active');

-- A handler registered by a test capability runs for the statuses it names, in run order.
create table private.test_status_calls (handler text, tenant_id uuid, from_status text, action text, at serial);
create function private.test_on_any(t public.tenants, from_status text, action text) returns void language sql as $$
  insert into private.test_status_calls (handler, tenant_id, from_status, action) values ('any', t.id, from_status, action) $$;
create function private.test_on_suspended(t public.tenants, from_status text, action text) returns void language sql as $$
  insert into private.test_status_calls (handler, tenant_id, from_status, action) values ('suspended', t.id, from_status, action) $$;
insert into private.tenant_status_handlers (handler, capability, statuses, run_order, description) values
  ('private.test_on_suspended', 'test', array['suspended'], 1, 'test'),
  ('private.test_on_any', 'test', null, 200, 'test');

select tests.authenticate_as(:'biz', 'aal2');
select public.activate_tenant(:'t');
select tests.clear_authentication();
select results_eq($$ select handler, from_status, action from private.test_status_calls order by at $$,
  $$ values ('any'::text, 'approved'::text, 'activate'::text) $$, 'a handler for every status runs; one for suspended does not');
select is((select count(*) from pgmq.q_lifecycle where message ->> 'job_type' = 'tenant.provision' and message -> 'payload' ->> 'tenant_id' = :'t'),
  1::bigint, 'the provisioning handler enqueued its job in the same transaction');

select tests.authenticate_as(:'biz', 'aal2');
select public.enter_tenant_grace(:'t', 'unpaid invoices');
select public.suspend_tenant(:'t', 'unpaid invoices');
select tests.clear_authentication();
select results_eq($$ select handler from private.test_status_calls where from_status = 'grace' order by at $$,
  $$ values ('suspended'::text), ('any'::text) $$, 'handlers run in run_order');

-- A failing handler fails the status change: nothing is half-done.
create function private.test_on_fail(t public.tenants, from_status text, action text) returns void language plpgsql as $$
begin raise exception 'handler failed'; end $$;
insert into private.tenant_status_handlers (handler, capability, statuses, description) values ('private.test_on_fail', 'test', array['active'], 'test');
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok(format($$ select public.reactivate_tenant(%L, 'paid') $$, :'t'), 'P0001', 'handler failed', 'a failing handler fails the change');
select tests.clear_authentication();
select is((select status from public.tenants where id = :'t'), 'suspended', 'the tenant keeps its status');

select * from finish();
rollback;
