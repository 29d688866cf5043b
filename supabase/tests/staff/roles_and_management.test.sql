-- HQ staff, the role → permission matrix, MFA requirement and staff management (C2).
begin;
select plan(37);

select tests.create_staff('root@hq.test', 'super_admin') as root \gset
select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset
select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('help@hq.test', 'support') as help \gset
select tests.create_staff('audit@hq.test', 'auditor') as auditor \gset
select tests.create_user('owner@laundry.test') as tenant_user \gset
-- The demo seed has its own super admin: set it aside so root is the last one.
update public.platform_staff set status = 'disabled' where role_code = 'super_admin' and user_id <> :'root';

-- The matrix as PRODUCT.md describes it
create function pg_temp.can(uid uuid, permission text, aal text default 'aal2') returns boolean language plpgsql as $$
begin
  perform tests.authenticate_as(uid, aal);
  return private.has_permission(permission);
end $$;
select ok(pg_temp.can(:'root', 'staff.manage'), 'super_admin manages staff');
select ok(not pg_temp.can(:'biz', 'staff.manage'), 'biz_admin does not manage staff');
select ok(pg_temp.can(:'biz', 'tenants.lifecycle') and pg_temp.can(:'biz', 'billing.write'), 'biz_admin runs tenants and billing');
select ok(not pg_temp.can(:'biz', 'flags.write'), 'biz_admin does not change flags');
select ok(pg_temp.can(:'tech', 'flags.write') and pg_temp.can(:'tech', 'workflows.write') and pg_temp.can(:'tech', 'jobs.operate'),
          'tech_admin runs flags, workflows and jobs');
select ok(not pg_temp.can(:'tech', 'tenants.lifecycle'), 'tech_admin does not change tenant lifecycles');
select ok(pg_temp.can(:'help', 'impersonate.start') and not pg_temp.can(:'help', 'tenants.write'), 'support impersonates but does not edit tenants');
select ok(pg_temp.can(:'auditor', 'audit.read') and pg_temp.can(:'auditor', 'compliance.export'), 'auditor reads the audit log and exports');
select ok(not pg_temp.can(:'auditor', 'tenants.write') and not pg_temp.can(:'auditor', 'billing.write'), 'auditor writes nothing');
select ok(not pg_temp.can(:'root', 'staff.manage', 'aal1'), 'without MFA even super_admin has no permission');
select ok(not pg_temp.can(:'tenant_user', 'tenants.read'), 'a tenant user is not staff');
select tests.clear_authentication();

-- assert_permission answers with a stable code per reason
select tests.authenticate_as_anon();
select throws_ok($$ select private.assert_permission('tenants.read') $$, '42501', null, 'anon cannot even call the guard');
select tests.authenticate_with_claims('{"role":"authenticated","aal":"aal2"}');
select throws_ok($$ select private.assert_permission('tenants.read') $$, 'PT401', 'sign in first', 'no subject → PT401');
select tests.authenticate_as(:'tenant_user', 'aal2');
select throws_ok($$ select private.assert_permission('tenants.read') $$, 'PT403', 'only active HQ staff may do this', 'not staff → PT403');
select tests.authenticate_as(:'biz', 'aal1');
select throws_ok($$ select private.assert_permission('tenants.read') $$, 'PT403', 'HQ requires a multi-factor (aal2) session',
                 'aal1 → PT403 mfa required');
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok($$ select private.assert_permission('staff.manage') $$, 'PT403', 'your role may not do this (needs staff.manage)',
                 'missing permission → PT403 naming it');
select lives_ok($$ select private.assert_permission('tenants.write') $$, 'a granted permission passes');
select tests.authenticate_as_service_role();
select lives_ok($$ select private.assert_permission('staff.manage') $$, 'the service role passes');
select tests.clear_authentication();

-- A revoked permission bites on the next call, whatever the token says
delete from public.role_permissions where role_code = 'biz_admin' and permission_code = 'tenants.write';
select ok(not pg_temp.can(:'biz', 'tenants.write'), 'permissions are read from tables at call time');
select tests.clear_authentication();

-- Inviting
select tests.authenticate_as(:'root', 'aal2');
select public.invite_staff('New.Person@HQ.test', 'support', 'New Person') as invited \gset
select results_eq($$ select email, role_code, status from public.platform_staff where user_id = '$$ || :'invited' || $$' $$,
                  $$ values ('new.person@hq.test'::text, 'support'::text, 'invited'::text) $$, 'an invite creates an invited member');
select tests.clear_authentication();
select ok(exists (select from auth.users where id = :'invited' and email = 'new.person@hq.test'), 'with an auth user');
select tests.authenticate_as(:'root', 'aal2');
select throws_ok($$ select public.invite_staff('new.person@hq.test', 'support') $$, 'PT409', null, 'the same email twice is refused');
select throws_ok($$ select public.invite_staff('not-an-email', 'support') $$, '22023', null, 'a bad email is refused');
select throws_ok($$ select public.invite_staff('x@hq.test', 'janitor') $$, '22023', 'unknown role ''janitor''', 'an unknown role is refused');
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok($$ select public.invite_staff('y@hq.test', 'support') $$, 'PT403', null, 'only staff.manage may invite');

-- An invited member activates on their first MFA session, not before
select tests.authenticate_as(:'invited', 'aal1');
select throws_ok($$ select public.activate_my_staff_account() $$, 'PT403', null, 'activation needs aal2');
select is(private.current_staff_role(), null, 'an invited member has no HQ access yet');
-- The invitee sets a password through the link and enrols a new factor (staff/separate_identities.test.sql).
select tests.clear_authentication();
update auth.users set encrypted_password = extensions.crypt('chosen', extensions.gen_salt('bf', 4)) where id = :'invited';
insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
values (gen_random_uuid(), :'invited', 'phone', 'totp', 'verified', clock_timestamp(), clock_timestamp(), 'JBSWY3DPEHPK3PXP');
insert into auth.sessions (id, user_id, created_at, updated_at, aal, factor_id)
select gen_random_uuid(), :'invited', now(), now(), 'aal2', f.id from auth.mfa_factors f where f.user_id = :'invited'
returning id as invited_session \gset
select tests.authenticate_with_claims(tests.claims_for(:'invited', 'aal2') || jsonb_build_object('session_id', :'invited_session'));
select is(public.activate_my_staff_account(), 'active', 'activation at aal2 works');
select is((public.my_staff_profile() ->> 'role'), 'support', 'my_staff_profile names the role');
select ok((public.my_staff_profile() -> 'permissions') ? 'impersonate.start', 'and lists the permissions');

-- Role changes and the last super admin
select tests.authenticate_as(:'root', 'aal2');
select throws_ok(format('select public.change_staff_role(%L, %L, %L)', :'root', 'auditor', 'test'), 'PT409',
                 'the last active super admin cannot be removed', 'the last super admin keeps the role');
select throws_ok(format('select public.disable_staff(%L, %L)', :'root', 'test'), 'PT409', null, 'and cannot be disabled');
select throws_ok(format('select public.change_staff_role(%L, %L, %L)', :'help', 'auditor', ''), '22023', 'a reason is required',
                 'a role change needs a reason');
select throws_ok(format('select public.disable_staff(%L, %L)', gen_random_uuid(), 'test'), 'PT404', 'no such staff member',
                 'an unknown staff member is reported as such');

-- Disabling ends sessions and access at once
select tests.clear_authentication();
insert into auth.sessions (id, user_id, created_at, aal) values (gen_random_uuid(), :'help', now(), 'aal2');
select tests.authenticate_as(:'root', 'aal2');
select public.disable_staff(:'help', 'left the company');
select tests.clear_authentication();
select is((select count(*) from auth.sessions where user_id = :'help'), 0::bigint, 'disabling deletes the member''s sessions');
select tests.authenticate_as(:'help', 'aal2');
select ok(not private.has_permission('tenants.read'), 'a disabled member has no permission even with a valid token');
select tests.clear_authentication();

select is((select count(*) from audit.log where action in ('staff.invite', 'staff.activate', 'staff.disable')
             and entity_id in (:'invited', :'help')), 3::bigint, 'invite, activation and disabling are audited');

select * from finish();
rollback;
