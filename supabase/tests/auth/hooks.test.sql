-- Auth hooks: claims for the console and the HQ staff lock-out (C2, C17).
begin;
select plan(20);

select tests.create_staff('root@hq.test', 'super_admin') as root \gset
select tests.create_staff('ops@hq.test', 'biz_admin') as ops \gset
select tests.create_user('owner@laundry.test') as tenant_user \gset
select tests.create_tenant('al-noor') as tenant \gset
select tests.add_member(:'tenant', :'tenant_user', 'owner');
select tests.create_staff('gone@hq.test', 'support', 'disabled') as gone \gset

create function pg_temp.attempt(uid uuid, valid boolean) returns text language sql as $$
  select private.hook_password_verification_attempt(jsonb_build_object('user_id', uid, 'valid', valid)) ->> 'decision'
$$;

-- Only GoTrue's role may call the hooks
select ok(has_function_privilege('supabase_auth_admin', 'private.hook_password_verification_attempt(jsonb)', 'execute'),
          'supabase_auth_admin may call the password hook');
select ok(not has_function_privilege('authenticated', 'private.hook_custom_access_token(jsonb)', 'execute')
          and not has_function_privilege('anon', 'private.hook_password_verification_attempt(jsonb)', 'execute'),
          'the API roles may not call hooks');

-- Lock-out after 5 failures in 15 minutes
select is(pg_temp.attempt(:'ops', false), 'continue', 'a first failure continues');
select pg_temp.attempt(:'ops', false) from generate_series(1, 3);
select is(pg_temp.attempt(:'ops', false), 'continue', 'the fifth failure locks the account (and answers as a wrong password)');
select is(pg_temp.attempt(:'ops', true), 'reject', 'a correct password is refused while locked');
select is(private.hook_password_verification_attempt(jsonb_build_object('user_id', :'ops', 'valid', true)) ->> 'message',
          'Invalid login credentials', 'with the wrong-password answer, so a lock does not reveal a staff account (issue 12 §5)');
select is((select count(*) from audit.log where action = 'auth.lockout' and entity_id = :'ops'), 1::bigint, 'the lock-out is audited');

-- A super admin unlocks
select tests.authenticate_as(:'root', 'aal2');
select ok(public.unlock_staff(:'ops', 'verified by phone'), 'unlock reports the account was locked');
select tests.clear_authentication();
select is(pg_temp.attempt(:'ops', true), 'continue', 'after unlocking, the right password signs in');
select tests.authenticate_as(:'ops', 'aal2');
select throws_ok(format('select public.unlock_staff(%L, %L)', :'ops', 'self'), 'PT403', null, 'only staff.manage may unlock');
select tests.clear_authentication();

-- Tenant users are throttled too (issue 12 §5; auth/lockout.test.sql has the details)
select pg_temp.attempt(:'tenant_user', false) from generate_series(1, 8);
select is(pg_temp.attempt(:'tenant_user', true), 'reject', 'repeated failures make a tenant user wait');

-- MFA attempts count too and the answer has no logout flag
select private.hook_mfa_verification_attempt(jsonb_build_object('user_id', :'root', 'factor_id', gen_random_uuid(), 'valid', false))
from generate_series(1, 5);
select is(private.hook_mfa_verification_attempt(jsonb_build_object('user_id', :'root', 'factor_id', gen_random_uuid(), 'valid', true)) - 'message',
          jsonb_build_object('decision', 'reject'), 'five wrong TOTP codes lock the account too');

-- Malformed events get an error answer, not an exception
select is(private.hook_password_verification_attempt('{"valid":"yes"}') -> 'error' ->> 'http_code', '400',
          'a malformed event is answered with an error object');
select is(private.hook_custom_access_token('{"user_id":"00000000-0000-0000-0000-000000000000","claims":"nope"}') -> 'error' ->> 'http_code', '400',
          'claims that are not an object are answered with an error object');

-- Custom access token claims
select is(private.hook_custom_access_token(jsonb_build_object('user_id', :'root', 'claims', '{"sub":"x","role":"authenticated","aal":"aal1"}'::jsonb))
            -> 'claims' ->> 'platform_role', 'super_admin', 'staff get their platform_role claim');
select is(private.hook_custom_access_token(jsonb_build_object('user_id', :'tenant_user', 'claims', '{"sub":"x","role":"authenticated","aal":"aal1"}'::jsonb))
            -> 'claims' -> 'tenant_memberships' -> 0 ->> 'role', 'owner', 'tenant users get their memberships');

-- HQ staff's requests run as hq_staff (the `to hq_staff` policies); everyone else stays authenticated
create function pg_temp.token_role(uid uuid, role text) returns text language sql as $$
  select private.hook_custom_access_token(jsonb_build_object('user_id', uid, 'claims', jsonb_build_object('sub', uid, 'role', role, 'aal', 'aal1')))
         -> 'claims' ->> 'role'
$$;
select is(pg_temp.token_role(:'root', 'authenticated'), 'hq_staff', 'an active staff member''s token carries role hq_staff');
select is(pg_temp.token_role(:'tenant_user', 'authenticated'), 'authenticated', 'a tenant user''s token keeps role authenticated');
select is(pg_temp.token_role(:'gone', 'authenticated'), 'authenticated', 'a disabled staff member''s token keeps role authenticated');
select is(pg_temp.token_role(:'root', 'service_role'), 'service_role', 'only an authenticated token is switched');

select * from finish();
rollback;
