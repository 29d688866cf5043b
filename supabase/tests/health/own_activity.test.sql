-- Tenant health (issue 13 §4): "activity" comes from the tenant's own use (orders, order moves,
-- its users' sign-ins), never from HQ's audited clicks; a tenant created minutes ago shows its
-- age and does not score like an old, busy one.
begin;
select plan(14);

select tests.create_staff('biz@health.test', 'biz_admin') as biz \gset
select tests.create_user('owner@health-old.test') as owner \gset

-- a tenant created minutes ago, with plenty of HQ clicks on it
select tests.create_tenant('health-new', 'approved') as fresh \gset
select tests.authenticate_as(:'biz', 'aal2');
select public.activate_tenant(:'fresh');
select tests.clear_authentication();
select private.provision_tenant(:'fresh');
select audit.record('tenant.update', 'tenant', :'fresh', null, jsonb_build_object('click', g), :'fresh'::uuid) from generate_series(1, 8) g;
select ok((select count(*) from audit.log where tenant_id = :'fresh') >= 8, 'HQ has clicked on the new tenant a lot');

-- an old tenant whose people use it
select tests.create_tenant('health-old') as old \gset
update public.tenants set created_at = now() - interval '400 days' where id = :'old';
select private.provision_tenant(:'old');
select tests.add_member(:'old', :'owner', 'owner');
select public.create_order(:'old', 'wash_iron', 'HO-' || g, 'Regular') from generate_series(1, 4) g;
select public.transition_order(o.id, 'tagging') from public.orders o where o.tenant_id = :'old';
update auth.users set last_sign_in_at = now() - interval '2 days' where id = :'owner';

select public.refresh_tenant_health(:'fresh') as h_new \gset
select public.refresh_tenant_health(:'old') as h_old \gset

select is((:'h_new'::jsonb) -> 'signals' ->> 'activity', '0', 'HQ''s audited clicks are not the tenant''s activity');
select is((:'h_new'::jsonb) -> 'signals' ->> 'maturity', '0', 'a tenant created minutes ago has no maturity');
select is((:'h_new'::jsonb) -> 'inputs' ->> 'age_days', '0', 'and shows its age');
select is((:'h_new'::jsonb) -> 'inputs' ->> 'new_tenant', 'true', 'as a new tenant');
select cmp_ok(((:'h_new'::jsonb) ->> 'score')::int, '<=', 55, 'a new tenant with no use scores at most lifecycle + provisioning');

select is((:'h_old'::jsonb) -> 'inputs' ->> 'orders_30d', '4', 'the old tenant''s orders are counted');
select is((:'h_old'::jsonb) -> 'inputs' ->> 'order_moves_30d', '4', 'and its order moves');
select is((:'h_old'::jsonb) -> 'inputs' ->> 'users_signed_in_30d', '1', 'and its users'' sign-ins');
select is((:'h_old'::jsonb) -> 'signals' ->> 'activity', '11', 'activity: 4 orders + 4 moves / 2 + 5 for a sign-in');
select is((:'h_old'::jsonb) -> 'signals' ->> 'maturity', '20', 'maturity: full after six months');
select cmp_ok(((:'h_old'::jsonb) ->> 'score')::int, '>', ((:'h_new'::jsonb) ->> 'score')::int + 25,
              'the new tenant does not score like the old, used one');

-- HQ working inside the tenant (an impersonation) is not the tenant's use either
select tests.create_staff('imp@health.test', 'super_admin') as imp \gset
insert into public.impersonations (staff_id, tenant_id, mode, reason, started_at, expires_at)
values (:'imp', :'fresh', 'full', 'health test', now(), now() + interval '10 minutes');
select private.provision_entitlements(:'fresh');
select tests.authenticate_as(:'imp', 'aal2');
select public.create_order(:'fresh', 'wash_iron', 'HN-1', 'Made by HQ');
select tests.clear_authentication();
select is(public.refresh_tenant_health(:'fresh') -> 'signals' ->> 'activity', '0', 'orders made under an impersonation do not count');

-- the stored row carries the same figures the console shows
select is((select inputs ->> 'orders_30d' from public.tenant_health where tenant_id = :'old'), '4', 'tenant_health keeps the inputs');

select * from finish();
rollback;
