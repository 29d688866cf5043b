-- Lock-out per account and source that neither leaks who is staff nor can be kept on by anyone
-- (issue 12 §5). Time is moved by shifting the recorded run into the past.
begin;
select plan(19);

select tests.create_staff('root@hq.test', 'super_admin') as root \gset
select tests.create_staff('ops@hq.test', 'biz_admin') as ops \gset
select tests.create_user('owner@laundry.test') as tenant_user \gset
select tests.create_tenant('al-noor') as tenant \gset
select tests.add_member(:'tenant', :'tenant_user', 'owner');

create function pg_temp.attempt(uid uuid, valid boolean, ip text default '203.0.113.7') returns jsonb language sql as $$
  select private.hook_password_verification_attempt(jsonb_build_object('user_id', uid, 'valid', valid, 'ip', ip))
$$;
-- What GoTrue turns a hook answer into for the client: a wrong password and a rejection read alike.
create function pg_temp.answer(outcome jsonb, valid boolean) returns text language sql as $$
  select case when outcome ->> 'decision' = 'reject' then outcome ->> 'message'
              when not valid then 'Invalid login credentials' else 'signed in' end
$$;
-- Moves an account's runs `by` into the past (as if that much time passed).
create function pg_temp.age(uid uuid, by interval) returns void language sql as $$
  update private.auth_throttle set last_failure_at = last_failure_at - by, blocked_until = blocked_until - by where user_id = uid
$$;

-- ── the answer does not tell staff from tenant users (unknown emails never reach the hook and
--    get GoTrue's 'Invalid login credentials') ───────────────────────────────────────────────
create temp table answers as
select who, n, pg_temp.answer(pg_temp.attempt(uid, false), false) as text
from (values ('staff', :'ops'::uuid), ('tenant', :'tenant_user'::uuid)) p(who, uid), generate_series(1, 8) n
order by who, n;
select is((select count(distinct text) from answers), 1::bigint, 'eight wrong passwords answer the same for staff and tenant users');
select is((select min(text) from answers), 'Invalid login credentials', 'and that answer is the wrong-password one');
select is(pg_temp.answer(pg_temp.attempt(:'ops', true), true), 'Invalid login credentials',
          'a locked staff member with the right password gets the same answer (nothing says "locked")');

-- ── staff: locked per source, not extended, not counted ───────────────────────────────────
select ok((select blocked_until > clock_timestamp() from private.auth_throttle where user_id = :'ops' and source = '203.0.113.7'),
          'five failures locked the staff member from that source');
select is((select count(*) from audit.log where action = 'auth.lockout' and entity_id = :'ops'), 1::bigint,
          'one lock-out audited, not one per refused attempt');
select is(pg_temp.attempt(:'ops', true, '198.51.100.20') ->> 'decision', 'continue',
          'the same member signs in from a source that has not failed');
create temp table lock_before as select blocked_until from private.auth_throttle where user_id = :'ops' and source = '203.0.113.7';
select pg_temp.attempt(:'ops', false) from generate_series(1, 20);
select is((select blocked_until from private.auth_throttle where user_id = :'ops' and source = '203.0.113.7'),
          (select blocked_until from lock_before), 'failures during the lock do not extend it');
select is((select failures from private.auth_throttle where user_id = :'ops' and source = '203.0.113.7'), 0,
          'nor are they counted');
select pg_temp.age(:'ops', interval '16 minutes');
select is(pg_temp.attempt(:'ops', true) ->> 'decision', 'continue', 'once the lock ends, the right password signs in from there too');

-- ── super admins see and lift locks ─────────────────────────────────────────────────────────
select pg_temp.attempt(:'ops', false, '192.0.2.1') from generate_series(1, 5);
select pg_temp.attempt(:'ops', false, '192.0.2.2') from generate_series(1, 5);
select pg_temp.attempt(:'tenant_user', false, '192.0.2.3') from generate_series(1, 5);
select tests.authenticate_as(:'root', 'aal2');
select results_eq($$ select user_id from public.staff_lockouts() $$, array[:'ops'::uuid],
                  'staff_lockouts lists the locked member once, and no tenant user');
select matches((select reason from public.staff_lockouts()), '192\.0\.2\.1.*192\.0\.2\.2|192\.0\.2\.2.*192\.0\.2\.1',
               'naming every source');
select ok(public.unlock_staff(:'ops', 'verified by phone'), 'unlock_staff reports it was locked');
select is((select count(*) from public.staff_lockouts()), 0::bigint, 'and lifts every source''s lock');
select tests.clear_authentication();
select is(pg_temp.attempt(:'ops', true, '192.0.2.1') ->> 'decision', 'continue', 'the member signs in again');

-- ── tenant users: throttled instead of unlimited guesses ────────────────────────────────────
select pg_temp.attempt(:'tenant_user', false, '198.51.100.9') from generate_series(1, 30);
select is(pg_temp.attempt(:'tenant_user', true, '198.51.100.9') ->> 'decision', 'reject',
          'after 30 wrong passwords in a row even the right one waits');
select is((select failures from private.auth_throttle where user_id = :'tenant_user' and source = '198.51.100.9'), 5,
          'attempts during the wait are not counted');
-- Each failure after the wait doubles the next wait.
select pg_temp.age(:'tenant_user', interval '31 seconds');
select pg_temp.attempt(:'tenant_user', false, '198.51.100.9');
select is((select blocked_until - last_failure_at from private.auth_throttle where user_id = :'tenant_user' and source = '198.51.100.9'),
          interval '60 seconds', 'the wait grows with each failure after it (progressive)');
select is(pg_temp.attempt(:'tenant_user', true, '198.51.100.1') ->> 'decision', 'continue',
          'the tenant user signs in from another source meanwhile');

-- ── without a source (Supabase's GoTrue sends none) the run is per account ───────────────────
select private.hook_password_verification_attempt(jsonb_build_object('user_id', :'root', 'valid', false)) from generate_series(1, 5);
select is((select source from private.auth_throttle where user_id = :'root' and blocked_until is not null), 'unknown',
          'an event without ip locks the account under the source "unknown"');

select * from finish();
rollback;
