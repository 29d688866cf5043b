-- Supabase Auth hooks (C2, C17), configured in supabase/config.toml and called by GoTrue as
-- supabase_auth_admin.
--
-- Lock-out: 5 failed password (or TOTP) attempts within 15 minutes lock an HQ staff account for
-- 15 minutes; a super admin can unlock it early. Only HQ staff are locked out: the hook runs on
-- unauthenticated requests, so anyone who knows an address can fail on purpose; limiting lock-out
-- to staff (few, known, with MFA) keeps that abuse from locking out tenant users, and the lock is
-- short and audited so an attack is visible. The password hook needs a Supabase Team or Enterprise
-- plan; on other plans the lock-out does not run (GoTrue's own rate limits still apply) and the
-- custom access token hook (all plans) is unaffected.

create table private.auth_attempts (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  kind text not null check (kind in ('password', 'mfa')),
  valid boolean not null,
  attempted_at timestamptz not null default clock_timestamp()
);
create index auth_attempts_user_idx on private.auth_attempts (user_id, attempted_at desc);

create table private.auth_lockouts (
  user_id uuid primary key references auth.users (id) on delete cascade,
  locked_until timestamptz not null,
  reason text not null
);

alter table private.auth_attempts enable row level security;
alter table private.auth_lockouts enable row level security;
revoke all on private.auth_attempts, private.auth_lockouts from public, anon, authenticated;

create table public.auth_lockout_policy (
  id boolean primary key default true check (id),
  max_failures int not null default 5 check (max_failures between 1 and 100),
  window_minutes int not null default 15 check (window_minutes between 1 and 1440),
  lock_minutes int not null default 15 check (lock_minutes between 1 and 1440)
);
insert into public.auth_lockout_policy default values;
alter table public.auth_lockout_policy enable row level security;
revoke all on public.auth_lockout_policy from anon;
revoke insert, update, delete, truncate on public.auth_lockout_policy from authenticated;
create policy "staff read the lock-out policy" on public.auth_lockout_policy for select to authenticated
  using ((select private.has_permission('staff.read')));

-- Records one attempt and decides: continue, or reject while the account is locked.
create function private.record_auth_attempt(user_id uuid, kind text, valid boolean)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  policy public.auth_lockout_policy;
  lock_until timestamptz;
  failures int;
begin
  -- Only HQ staff are subject to lock-out (see the header).
  if not exists (select from public.platform_staff s where s.user_id = record_auth_attempt.user_id) then
    return jsonb_build_object('decision', 'continue');
  end if;
  select * into policy from public.auth_lockout_policy;

  select l.locked_until into lock_until from private.auth_lockouts l
  where l.user_id = record_auth_attempt.user_id and l.locked_until > clock_timestamp();
  insert into private.auth_attempts (user_id, kind, valid) values (record_auth_attempt.user_id, kind, valid);
  if lock_until is not null then
    return jsonb_build_object('decision', 'reject', 'should_logout_user', false,
      'message', format('Too many failed attempts. Try again after %s UTC.', to_char(lock_until at time zone 'UTC', 'HH24:MI')));
  end if;
  if valid then
    return jsonb_build_object('decision', 'continue');
  end if;

  select count(*) into failures from private.auth_attempts a
  where a.user_id = record_auth_attempt.user_id and not a.valid
    and a.attempted_at > clock_timestamp() - make_interval(mins => policy.window_minutes)
    and a.attempted_at > coalesce((select max(b.attempted_at) from private.auth_attempts b
                                   where b.user_id = record_auth_attempt.user_id and b.valid), '-infinity');
  if failures >= policy.max_failures then
    insert into private.auth_lockouts (user_id, locked_until, reason)
    values (record_auth_attempt.user_id, clock_timestamp() + make_interval(mins => policy.lock_minutes),
            format('%s failed %s attempts in %s minutes', failures, kind, policy.window_minutes))
    on conflict on constraint auth_lockouts_pkey do update set locked_until = excluded.locked_until, reason = excluded.reason;
    perform audit.record('auth.lockout', 'staff', record_auth_attempt.user_id::text, null,
      jsonb_build_object('failures', failures, 'kind', kind, 'lock_minutes', policy.lock_minutes));
    return jsonb_build_object('decision', 'reject', 'should_logout_user', false,
      'message', format('Too many failed attempts. The account is locked for %s minutes.', policy.lock_minutes));
  end if;
  return jsonb_build_object('decision', 'continue');
end
$$;

create function private.hook_password_verification_attempt(event jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (event ->> 'user_id') is null or jsonb_typeof(event -> 'valid') <> 'boolean' then
    return jsonb_build_object('error', jsonb_build_object('http_code', 400, 'message', 'malformed hook event'));
  end if;
  return private.record_auth_attempt((event ->> 'user_id')::uuid, 'password', (event ->> 'valid')::boolean);
end
$$;

create function private.hook_mfa_verification_attempt(event jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  outcome jsonb;
begin
  if (event ->> 'user_id') is null or jsonb_typeof(event -> 'valid') <> 'boolean' then
    return jsonb_build_object('error', jsonb_build_object('http_code', 400, 'message', 'malformed hook event'));
  end if;
  outcome := private.record_auth_attempt((event ->> 'user_id')::uuid, 'mfa', (event ->> 'valid')::boolean);
  -- The MFA hook's answer has no should_logout_user.
  return outcome - 'should_logout_user';
end
$$;

-- Adds convenience claims for the console: platform_role (null for non-staff) and the caller's
-- tenant memberships. Authorisation never trusts them: it reads the tables at call time.
create function private.hook_custom_access_token(event jsonb)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  claims jsonb := coalesce(event -> 'claims', '{}');
  uid uuid := nullif(event ->> 'user_id', '')::uuid;
begin
  if jsonb_typeof(claims) <> 'object' then
    return jsonb_build_object('error', jsonb_build_object('http_code', 400, 'message', 'claims must be an object'));
  end if;
  claims := jsonb_set(claims, '{platform_role}',
    coalesce((select to_jsonb(s.role_code) from public.platform_staff s where s.user_id = uid and s.status <> 'disabled'), 'null'));
  claims := jsonb_set(claims, '{tenant_memberships}',
    coalesce((select jsonb_agg(jsonb_build_object('tenant_id', m.tenant_id, 'role', m.role) order by m.created_at)
              from public.tenant_members m where m.user_id = uid), '[]'));
  return jsonb_build_object('claims', claims);
end
$$;

-- A super admin ends a lock early.
create function public.unlock_staff(user_id uuid, reason text)
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
  delete from private.auth_lockouts l where l.user_id = unlock_staff.user_id and l.locked_until > clock_timestamp();
  was_locked := found;
  -- Start counting afresh.
  insert into private.auth_attempts (user_id, kind, valid) values (unlock_staff.user_id, 'password', true);
  perform audit.record('staff.unlock', 'staff', user_id::text, null, jsonb_build_object('was_locked', was_locked), null, reason);
  return was_locked;
end
$$;

-- Lock state for the staff list.
create function public.staff_lockouts()
returns table (user_id uuid, locked_until timestamptz, reason text)
language sql
stable
security definer
set search_path = ''
as $$
  select l.user_id, l.locked_until, l.reason from private.auth_lockouts l
  where l.locked_until > clock_timestamp() and private.has_permission('staff.read')
$$;

revoke execute on function private.record_auth_attempt(uuid, text, boolean), private.hook_password_verification_attempt(jsonb),
  private.hook_mfa_verification_attempt(jsonb), private.hook_custom_access_token(jsonb) from public, anon, authenticated;
grant usage on schema private to supabase_auth_admin;
grant execute on function private.hook_password_verification_attempt(jsonb), private.hook_mfa_verification_attempt(jsonb),
  private.hook_custom_access_token(jsonb) to supabase_auth_admin;
revoke execute on function public.unlock_staff(uuid, text), public.staff_lockouts() from public, anon;
grant execute on function public.unlock_staff(uuid, text), public.staff_lockouts() to authenticated, service_role;
