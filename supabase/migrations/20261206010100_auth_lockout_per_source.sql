-- Lock-out that neither leaks nor can be abused (issue 12 §5, docs/security.md).
--
-- Before: only staff were locked, with a message of their own (five tries told who is staff), every
-- failure during a lock extended it (anyone knowing a staff email could keep it locked), and tenant
-- users could guess without limit. Now, per (account, source, kind):
--   * staff: `max_failures` failures within `window_minutes` lock that account FROM THAT SOURCE for
--     `lock_minutes`; the same member signs in from a source that has not failed;
--   * tenant users: after `tenant_free_failures` failures each further one doubles a wait, from
--     `tenant_base_delay_seconds` up to `tenant_max_delay_minutes`, for that account and source;
--   * attempts during a lock or wait are refused, not counted, and do not extend it;
--   * a refused password attempt answers exactly like a wrong password ("Invalid login credentials"),
--     so the answer does not tell staff, tenant users and unknown emails apart.
-- The source is the client address the auth server passes in the hook event (`ip`; devstack passes
-- it). Supabase's GoTrue sends only user_id and valid: there every attempt has the source 'unknown'
-- and the lock is per account; per-address limits are then the platform's (see docs/security.md).

alter table public.auth_lockout_policy
  add column tenant_free_failures int not null default 5 check (tenant_free_failures between 1 and 100),
  add column tenant_base_delay_seconds int not null default 30 check (tenant_base_delay_seconds between 1 and 3600),
  add column tenant_max_delay_minutes int not null default 15 check (tenant_max_delay_minutes between 1 and 1440);

-- The current run of failures of one account from one source, and its lock. A success from that
-- source ends the run; a run idle for `window_minutes` after its last failure (or lock) starts afresh.
create table private.auth_throttle (
  user_id uuid not null references auth.users (id) on delete cascade,
  source text not null check (length(source) between 1 and 64),
  kind text not null check (kind in ('password', 'mfa')),
  failures int not null default 0,
  last_failure_at timestamptz,
  blocked_until timestamptz,
  reason text,
  primary key (user_id, source, kind)
);
create index auth_throttle_blocked_idx on private.auth_throttle (blocked_until) where blocked_until is not null;
alter table private.auth_throttle enable row level security;
revoke all on private.auth_throttle from public, anon, authenticated;

comment on table private.auth_lockouts is 'unused since 20261206010100 (locks live in private.auth_throttle)';
comment on table private.auth_attempts is 'unused since 20261206010100 (runs live in private.auth_throttle)';

-- An address as the auth server reports it, or 'unknown' (absent, or not an IPv4/IPv6 literal).
create function private.auth_source(raw text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when raw ~ '^[0-9A-Fa-f:.]{2,45}$' then lower(raw) else 'unknown' end
$$;
revoke execute on function private.auth_source(text) from public, anon, authenticated;

drop function private.record_auth_attempt(uuid, text, boolean);

-- Records one attempt of `kind` from `source` and decides: continue, or reject while locked.
create function private.record_auth_attempt(user_id uuid, kind text, valid boolean, source text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  policy public.auth_lockout_policy;
  src text := private.auth_source(source);
  now_at timestamptz := clock_timestamp();
  run private.auth_throttle;
  run_failures int;
  delay interval;
begin
  select * into run from private.auth_throttle t
  where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind for update;

  -- Locked: refused, not counted, not extended (whoever keeps trying cannot keep it locked).
  if run.blocked_until > now_at then
    return private.auth_rejection(record_auth_attempt.kind, run.blocked_until);
  end if;
  if valid then
    -- A success ends this source's run (a sign-in with no run writes nothing).
    if run.user_id is not null then
      delete from private.auth_throttle t
      where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind;
    end if;
    return jsonb_build_object('decision', 'continue');
  end if;

  select * into policy from public.auth_lockout_policy;
  if run.user_id is null then
    -- Runs idle for a day are dropped as the account fails again (the table stays small).
    delete from private.auth_throttle t where t.user_id = record_auth_attempt.user_id
      and coalesce(t.blocked_until, t.last_failure_at, '-infinity') < now_at - interval '1 day';
    insert into private.auth_throttle (user_id, source, kind) values (record_auth_attempt.user_id, src, record_auth_attempt.kind)
    on conflict do nothing;
    select * into run from private.auth_throttle t
    where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind for update;
  end if;

  run_failures := 1 + case when coalesce(run.blocked_until, run.last_failure_at) < now_at - make_interval(mins => policy.window_minutes)
                       then 0 else run.failures end;
  if exists (select from public.platform_staff s where s.user_id = record_auth_attempt.user_id) then
    if run_failures >= policy.max_failures then
      -- The lock is the consequence of this run: the next run starts from zero once it ends.
      update private.auth_throttle t set failures = 0, last_failure_at = now_at,
        blocked_until = now_at + make_interval(mins => policy.lock_minutes),
        reason = format('%s failed %s attempts in %s minutes from %s', run_failures, record_auth_attempt.kind, policy.window_minutes, src)
      where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind;
      perform audit.record('auth.lockout', 'staff', record_auth_attempt.user_id::text, null,
        jsonb_build_object('failures', run_failures, 'kind', record_auth_attempt.kind, 'source', src, 'lock_minutes', policy.lock_minutes));
      return jsonb_build_object('decision', 'continue');
    end if;
  elsif run_failures >= policy.tenant_free_failures then
    -- Tenant users: a wait that doubles with every further failure, up to the cap.
    delay := least(make_interval(mins => policy.tenant_max_delay_minutes),
                  make_interval(secs => policy.tenant_base_delay_seconds * power(2, least(run_failures - policy.tenant_free_failures, 20))));
    update private.auth_throttle t set failures = run_failures, last_failure_at = now_at, blocked_until = now_at + delay,
      reason = format('%s failed %s attempts from %s', run_failures, record_auth_attempt.kind, src)
    where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind;
    return jsonb_build_object('decision', 'continue');
  end if;
  update private.auth_throttle t set failures = run_failures, last_failure_at = now_at, blocked_until = null
  where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind;
  -- A wrong password or code: the auth server gives its usual answer.
  return jsonb_build_object('decision', 'continue');
end
$$;

-- The answer while locked. A password sign-in gets GoTrue's own wrong-password text, so it reads
-- the same for staff, tenant users and addresses with no account; a TOTP check comes after a
-- correct password, so it may say when to retry.
create function private.auth_rejection(kind text, locked_until timestamptz)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select case when kind = 'password'
    then jsonb_build_object('decision', 'reject', 'should_logout_user', false, 'message', 'Invalid login credentials')
    else jsonb_build_object('decision', 'reject', 'should_logout_user', false,
      'message', format('Too many failed attempts. Try again after %s UTC.', to_char(locked_until at time zone 'UTC', 'HH24:MI')))
  end
$$;

revoke execute on function private.record_auth_attempt(uuid, text, boolean, text), private.auth_rejection(text, timestamptz)
  from public, anon, authenticated;

create or replace function private.hook_password_verification_attempt(event jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(event ->> 'user_id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     or jsonb_typeof(event -> 'valid') is distinct from 'boolean' then
    return jsonb_build_object('error', jsonb_build_object('http_code', 400, 'message', 'malformed hook event'));
  end if;
  return private.record_auth_attempt((event ->> 'user_id')::uuid, 'password', (event ->> 'valid')::boolean, event ->> 'ip');
end
$$;

create or replace function private.hook_mfa_verification_attempt(event jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(event ->> 'user_id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     or jsonb_typeof(event -> 'valid') is distinct from 'boolean' then
    return jsonb_build_object('error', jsonb_build_object('http_code', 400, 'message', 'malformed hook event'));
  end if;
  -- The MFA hook's answer has no should_logout_user.
  return private.record_auth_attempt((event ->> 'user_id')::uuid, 'mfa', (event ->> 'valid')::boolean, event ->> 'ip')
         - 'should_logout_user';
end
$$;

-- A super admin ends a member's locks early, from every source.
-- Order unchanged: permission, reason, then the account.
create or replace function public.unlock_staff(user_id uuid, reason text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  was_locked boolean;
begin
  perform private.assert_permission('staff.manage');
  if coalesce(trim(reason), '') = '' then
    raise exception using errcode = '22023', message = 'a reason is required', detail = 'staff.reason_required',
      hint = 'say why the lock is lifted';
  end if;
  with lifted as (
    delete from private.auth_throttle t
    where t.user_id = unlock_staff.user_id and exists (select from public.platform_staff s where s.user_id = t.user_id)
    returning t.blocked_until
  )
  select coalesce(bool_or(l.blocked_until > clock_timestamp()), false) into was_locked from lifted l;
  perform audit.record('staff.unlock', 'staff', user_id::text, null, jsonb_build_object('was_locked', was_locked), null, reason);
  return was_locked;
end
$$;

-- Locked staff for the staff list: one row per member (the latest lock; every source in `reason`).
create or replace function public.staff_lockouts()
returns table (user_id uuid, locked_until timestamptz, reason text)
language sql
stable
security definer
set search_path = ''
as $$
  select t.user_id, max(t.blocked_until), string_agg(t.reason, '; ' order by t.blocked_until desc)
  from private.auth_throttle t
  where t.blocked_until > clock_timestamp() and private.has_permission('staff.read')
    and exists (select from public.platform_staff s where s.user_id = t.user_id)
  group by t.user_id
$$;

revoke execute on function public.unlock_staff(uuid, text), public.staff_lockouts() from public, anon;
grant execute on function public.unlock_staff(uuid, text), public.staff_lockouts() to authenticated, service_role;
