-- HQ staff identities and tenant identities are separate (issue 12 §1, docs/security.md).
--
-- An invitation used to adopt an existing auth user with its password and TOTP factors, so a tenant
-- owner who changed their login email to an address HQ was about to invite became HQ staff. Now:
--   * invite_staff refuses any address that already has an account (staff.email_unavailable);
--   * an account cannot be both HQ staff and a tenant member (triggers on both tables);
--   * activate_my_staff_account refuses tenant members, and completes an invitation only when the
--     invitee set a password after the invitation and raised this session to aal2 with a TOTP factor
--     enrolled after the invitation (pre-existing credentials do not count).

-- ── when a password was set ─────────────────────────────────────────────────────────────────
-- auth.users has no "password changed at" column; GoTrue writes encrypted_password on sign-up,
-- admin creation, recovery and PUT /user, so a trigger records the time of every new password.
create table private.password_changes (
  user_id uuid primary key references auth.users (id) on delete cascade,
  changed_at timestamptz not null
);
alter table private.password_changes enable row level security;
revoke all on private.password_changes from public, anon, authenticated;

create function private.record_password_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(new.encrypted_password, '') <> ''
     and (tg_op = 'INSERT' or new.encrypted_password is distinct from old.encrypted_password) then
    insert into private.password_changes (user_id, changed_at) values (new.id, clock_timestamp())
    on conflict (user_id) do update set changed_at = excluded.changed_at;
  end if;
  return null;
end
$$;
revoke execute on function private.record_password_change() from public, anon, authenticated;

create trigger record_password_change after insert or update of encrypted_password on auth.users
  for each row execute function private.record_password_change();

-- ── one account, one side ───────────────────────────────────────────────────────────────────
-- Both triggers take the same per-account lock, so a staff insert and a membership insert for one
-- account cannot pass each other's check concurrently.
create function private.lock_identity(user_id uuid)
returns void
language sql
set search_path = ''
as $$
  select pg_advisory_xact_lock(hashtextextended('identity:' || user_id::text, 0))
$$;
revoke execute on function private.lock_identity(uuid) from public, anon, authenticated;

create function private.tenant_members_not_staff()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.lock_identity(new.user_id);
  if exists (select from public.platform_staff s where s.user_id = new.user_id) then
    raise exception using errcode = 'PT409', message = 'an HQ staff account cannot be a tenant member',
      detail = 'tenant.member_is_staff', hint = 'tenant members sign in with their own, non-HQ account';
  end if;
  return new;
end
$$;
revoke execute on function private.tenant_members_not_staff() from public, anon, authenticated;

create trigger tenant_members_not_staff before insert or update of user_id on public.tenant_members
  for each row execute function private.tenant_members_not_staff();

create function private.platform_staff_not_tenant_member()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.lock_identity(new.user_id);
  if exists (select from public.tenant_members m where m.user_id = new.user_id) then
    raise exception using errcode = 'PT409', message = 'this address cannot be invited to HQ',
      detail = 'staff.email_unavailable', hint = 'HQ staff get a new account: invite an address that has none';
  end if;
  return new;
end
$$;
revoke execute on function private.platform_staff_not_tenant_member() from public, anon, authenticated;

create trigger platform_staff_not_tenant_member before insert or update of user_id on public.platform_staff
  for each row execute function private.platform_staff_not_tenant_member();

-- ── invite_staff: never adopt an existing account ──────────────────────────────────────────
-- Order: permission, input, role, already staff, address has an account. The last answer does not
-- say what kind of account it is (tenant user or other): only that HQ needs a fresh one.
create or replace function public.invite_staff(email text, role text, display_name text default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  normalized text := lower(trim(invite_staff.email));
  new_user uuid := extensions.gen_random_uuid();
  member public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  if normalized is null or normalized !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    raise exception using errcode = '22023', message = format('%L is not an email address', invite_staff.email),
      detail = 'staff.invalid_email', hint = 'use name@domain';
  end if;
  if not exists (select from public.platform_roles where code = invite_staff.role) then
    raise exception using errcode = '22023', message = format('unknown role %L', invite_staff.role),
      detail = 'staff.unknown_role', hint = (select 'roles: ' || string_agg(code, ', ' order by sort_order) from public.platform_roles);
  end if;
  if exists (select from public.platform_staff s where s.email = normalized) then
    raise exception using errcode = 'PT409', message = format('%s is already HQ staff', normalized),
      detail = 'staff.already_exists', hint = 'change their role or re-enable them instead';
  end if;
  -- An existing account comes with someone's password and factors: HQ never adopts it.
  if exists (select from auth.users u where lower(u.email) = normalized) then
    raise exception using errcode = 'PT409', message = format('%s cannot be invited to HQ', normalized),
      detail = 'staff.email_unavailable', hint = 'HQ staff get a new account: invite an address that has none';
  end if;

  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
                          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  values ('00000000-0000-0000-0000-000000000000', new_user, 'authenticated', 'authenticated', normalized, '',
          now(), now(), '{"provider":"email","providers":["email"]}',
          jsonb_build_object('display_name', invite_staff.display_name), now(), now());
  insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
  values (new_user::text, new_user, jsonb_build_object('sub', new_user::text, 'email', normalized), 'email', now(), now());

  insert into public.platform_staff (user_id, email, display_name, role_code, status, invited_by)
  values (new_user, normalized, invite_staff.display_name, invite_staff.role, 'invited', auth.uid())
  returning * into member;
  perform audit.record('staff.invite', 'staff', new_user::text, null, private.staff_json(member));
  return new_user;
end
$$;

-- ── activate_my_staff_account: only with credentials made for the invitation ───────────────
-- Order: staff, not a tenant member, not disabled, aal2; then (invited only) a password set after
-- the invitation and a session raised to aal2 with a factor enrolled after the invitation.
create or replace function public.activate_my_staff_account()
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
  session_factor uuid;
begin
  select * into old_row from public.platform_staff s where s.user_id = auth.uid() for update;
  if old_row.user_id is null then
    raise exception using errcode = 'PT403', message = 'only HQ staff may do this', detail = 'auth.not_staff';
  end if;
  if exists (select from public.tenant_members m where m.user_id = old_row.user_id) then
    raise exception using errcode = 'PT403', message = 'a tenant account cannot become HQ staff',
      detail = 'staff.tenant_account', hint = 'ask a super admin to invite an address that has no account';
  end if;
  if old_row.status = 'disabled' then
    raise exception using errcode = 'PT403', message = 'your HQ account is disabled', detail = 'staff.disabled',
      hint = 'ask a super admin to re-enable it';
  end if;
  if not private.is_mfa_session() then
    raise exception using errcode = 'PT403', message = 'HQ requires a multi-factor (aal2) session',
      detail = 'auth.mfa_required', hint = 'enrol and verify an authenticator first';
  end if;
  if old_row.status = 'invited' then
    if not exists (select from private.password_changes p where p.user_id = old_row.user_id and p.changed_at >= old_row.invited_at) then
      raise exception using errcode = 'PT403', message = 'set a new password through your invitation link first',
        detail = 'staff.invitation_incomplete', hint = 'a password from before the invitation does not count';
    end if;
    select s.factor_id into session_factor from auth.sessions s
    where s.id = nullif(auth.jwt() ->> 'session_id', '')::uuid and s.user_id = old_row.user_id;
    if not exists (select from auth.mfa_factors f where f.id = session_factor and f.user_id = old_row.user_id
                   and f.status = 'verified' and f.created_at >= old_row.invited_at) then
      raise exception using errcode = 'PT403', message = 'verify with an authenticator enrolled after your invitation',
        detail = 'staff.invitation_incomplete', hint = 'a factor from before the invitation does not count: enrol a new one';
    end if;
    update public.platform_staff s set status = 'active', updated_at = now() where s.user_id = auth.uid() returning * into new_row;
    perform audit.record('staff.activate', 'staff', auth.uid()::text, private.staff_json(old_row), private.staff_json(new_row));
  end if;
  return 'active';
end
$$;

revoke execute on function public.invite_staff(text, text, text), public.activate_my_staff_account() from public, anon;
grant execute on function public.invite_staff(text, text, text), public.activate_my_staff_account() to authenticated, service_role;

-- Invitations that adopted a tenant account before this fix are cancelled: they carry the tenant
-- owner's credentials and would otherwise still complete.
with cancelled as (
  delete from public.platform_staff s
  where s.status = 'invited' and exists (select from public.tenant_members m where m.user_id = s.user_id)
  returning s.*
)
select audit.record('staff.invitation_cancelled', 'staff', c.user_id::text, private.staff_json(c), null, null,
                    'the invitation adopted a tenant account (issue 12)')
from cancelled c;
