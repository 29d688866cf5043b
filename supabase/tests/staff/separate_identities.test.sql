-- HQ staff and tenant identities are separate; an invitation completes only with credentials made
-- for it (issue 12 §1).
begin;
select plan(15);

select tests.create_staff('root@hq.test', 'super_admin') as root \gset
select tests.create_user('owner@laundry.test') as owner \gset
select tests.create_tenant('al-noor') as tenant \gset
select tests.add_member(:'tenant', :'owner', 'owner');

-- A session row as GoTrue keeps it, raised to aal2 with `factor` (null: aal1), and claims naming it.
create function pg_temp.sign_in(uid uuid, factor uuid) returns void language plpgsql as $$
declare
  sid uuid := gen_random_uuid();
begin
  insert into auth.sessions (id, user_id, created_at, updated_at, aal, factor_id)
  values (sid, uid, now(), now(), case when factor is null then 'aal1' else 'aal2' end::auth.aal_level, factor);
  perform tests.authenticate_with_claims(
    tests.claims_for(uid, case when factor is null then 'aal1' else 'aal2' end) || jsonb_build_object('session_id', sid));
end $$;

create function pg_temp.add_factor(uid uuid) returns uuid language sql as $$
  insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
  values (gen_random_uuid(), uid, 'phone ' || gen_random_uuid(), 'totp', 'verified', clock_timestamp(), clock_timestamp(), 'JBSWY3DPEHPK3PXP')
  returning id
$$;

-- ── the adoption path: a tenant owner takes the address HQ is about to invite ──────────────
update auth.users set email = 'new.hire@hq.test' where id = :'owner';
select tests.authenticate_as(:'root', 'aal2');
select throws_ok($$ select public.invite_staff('New.Hire@hq.test', 'biz_admin') $$, 'PT409', 'new.hire@hq.test cannot be invited to HQ',
                 'an address that belongs to a tenant user is refused');
select is((select count(*) from public.platform_staff where email = 'new.hire@hq.test'), 0::bigint, 'and no staff row is made');
select tests.create_user('lonely@elsewhere.test') as lonely \gset
select throws_ok($$ select public.invite_staff('lonely@elsewhere.test', 'support') $$, 'PT409', null,
                 'any existing account is refused the same way (HQ never adopts credentials)');
select tests.authenticate_as(:'owner', 'aal2');
select throws_ok($$ select public.invite_staff('someone@owner.test', 'support') $$, 'PT403', null,
                 'a tenant owner still cannot invite anyone (permission first)');
select tests.clear_authentication();

-- ── one account, one side ───────────────────────────────────────────────────────────────────
select throws_ok(format($$ insert into public.platform_staff (user_id, email, role_code) values (%L, 'x@hq.test', 'support') $$, :'owner'),
                 'PT409', 'this address cannot be invited to HQ', 'a tenant member cannot be made staff, even directly');
select throws_ok(format($$ select tests.add_member(%L, %L, 'viewer') $$, :'tenant', :'root'),
                 'PT409', 'an HQ staff account cannot be a tenant member', 'a staff account cannot be added to a tenant');
select tests.authenticate_as(:'root', 'aal2');
select public.invite_staff('fresh@hq.test', 'support') as fresh \gset
select tests.clear_authentication();
select throws_ok(format($$ select tests.add_member(%L, %L, 'operator') $$, :'tenant', :'fresh'),
                 'PT409', null, 'nor can an invited one');

-- ── a tenant member cannot activate a staff row (one that predates the fix) ─────────────────
alter table public.platform_staff disable trigger platform_staff_not_tenant_member;
insert into public.platform_staff (user_id, email, role_code, status, invited_at)
values (:'owner', 'new.hire@hq.test', 'biz_admin', 'invited', now());
alter table public.platform_staff enable trigger platform_staff_not_tenant_member;
select pg_temp.add_factor(:'owner') as owner_factor \gset
update auth.users set encrypted_password = extensions.crypt('new-one', extensions.gen_salt('bf', 4)) where id = :'owner';
select pg_temp.sign_in(:'owner', :'owner_factor');
select throws_ok($$ select public.activate_my_staff_account() $$, 'PT403', 'a tenant account cannot become HQ staff',
                 'a tenant member cannot activate a staff account');
select tests.clear_authentication();
select is((select status from public.platform_staff where user_id = :'owner'), 'invited', 'and stays invited');

-- ── an invitation completed with pre-existing credentials ───────────────────────────────────
-- An account (not a tenant member) with a password and a factor, then an invitation row for it.
select tests.create_user('legacy@hq.test') as legacy \gset
select pg_temp.add_factor(:'legacy') as old_factor \gset
select pg_sleep(0.01);
insert into public.platform_staff (user_id, email, role_code, status, invited_at) values (:'legacy', 'legacy@hq.test', 'support', 'invited', clock_timestamp());
select pg_temp.sign_in(:'legacy', :'old_factor');
select throws_ok($$ select public.activate_my_staff_account() $$, 'PT403', 'set a new password through your invitation link first',
                 'a password from before the invitation does not complete it');
select tests.clear_authentication();
update auth.users set encrypted_password = extensions.crypt('fresh-password', extensions.gen_salt('bf', 4)) where id = :'legacy';
select pg_temp.sign_in(:'legacy', :'old_factor');
select throws_ok($$ select public.activate_my_staff_account() $$, 'PT403', 'verify with an authenticator enrolled after your invitation',
                 'a factor from before the invitation does not complete it');
select tests.clear_authentication();
select pg_temp.add_factor(:'legacy') as new_factor \gset
select pg_temp.sign_in(:'legacy', :'new_factor');
select is(public.activate_my_staff_account(), 'active', 'a fresh password and a new factor complete it');
select tests.clear_authentication();

-- ── the normal path: invited, password set through the link, new factor ───────────────────
select pg_temp.sign_in(:'fresh', null);
select throws_ok($$ select public.activate_my_staff_account() $$, 'PT403', null, 'not at aal1');
select tests.clear_authentication();
update auth.users set encrypted_password = extensions.crypt('chosen-by-invitee', extensions.gen_salt('bf', 4)) where id = :'fresh';
select pg_temp.add_factor(:'fresh') as fresh_factor \gset
select pg_temp.sign_in(:'fresh', :'fresh_factor');
select is(public.activate_my_staff_account(), 'active', 'an invitee with a password and factor of their own activates');
select tests.clear_authentication();
select is((select count(*) from audit.log where action = 'staff.activate' and entity_id = :'fresh'), 1::bigint, 'audited');

select * from finish();
rollback;
