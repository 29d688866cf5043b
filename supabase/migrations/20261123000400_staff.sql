-- HQ staff, roles and permissions (C2).
--
-- Platform staff are separate from tenant users. A role grants `resource.action` permissions; both
-- live in tables and are read at call time, so a revoked permission bites on the next request
-- (a JWT may be an hour old). Every HQ action also needs an MFA session (aal2).

create table public.platform_roles (
  code text primary key check (code ~ '^[a-z_]+$'),
  name jsonb not null check (name ? 'en'),
  description jsonb not null default '{}',
  -- read-only roles may only act on their own records (e.g. their own tickets)
  read_only boolean not null default false,
  sort_order int not null default 0
);

create table public.permissions (
  code text primary key check (code ~ '^[a-z_]+\.[a-z_]+$'),
  description jsonb not null check (description ? 'en')
);

create table public.role_permissions (
  role_code text not null references public.platform_roles (code) on delete cascade,
  permission_code text not null references public.permissions (code) on delete cascade,
  primary key (role_code, permission_code)
);
create index role_permissions_permission_idx on public.role_permissions (permission_code);

create table public.platform_staff (
  user_id uuid primary key references auth.users (id) on delete cascade,
  email text not null unique,
  display_name text,
  role_code text not null references public.platform_roles (code),
  status text not null default 'invited' check (status in ('invited', 'active', 'disabled')),
  invited_by uuid references auth.users (id) on delete set null,
  invited_at timestamptz not null default now(),
  disabled_at timestamptz,
  disabled_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index platform_staff_role_idx on public.platform_staff (role_code);
create index platform_staff_invited_by_idx on public.platform_staff (invited_by);

insert into public.platform_roles (code, name, description, read_only, sort_order) values
  ('super_admin', '{"en":"Super admin","ar":"مشرف عام"}', '{"en":"Everything, including staff and role management"}', false, 1),
  ('tech_admin', '{"en":"Technical admin","ar":"مشرف تقني"}', '{"en":"Workflows, catalogs, feature flags, settings, jobs, integrations"}', false, 2),
  ('biz_admin', '{"en":"Business admin","ar":"مشرف أعمال"}', '{"en":"Tenants, plans, subscriptions, invoices, coupons, dunning"}', false, 3),
  ('support', '{"en":"Support","ar":"الدعم"}', '{"en":"Tickets, tenant context, time-limited impersonation"}', true, 4),
  ('auditor', '{"en":"Auditor","ar":"مدقق"}', '{"en":"Read-only everywhere, audit log and compliance exports"}', true, 5);

insert into public.permissions (code, description) values
  ('tenants.read', '{"en":"See tenants and their context","ar":"عرض المستأجرين"}'),
  ('tenants.write', '{"en":"Create and edit tenants","ar":"إنشاء وتعديل المستأجرين"}'),
  ('tenants.lifecycle', '{"en":"Approve, activate, suspend, archive tenants","ar":"إدارة دورة حياة المستأجرين"}'),
  ('staff.read', '{"en":"See HQ staff","ar":"عرض فريق المقر"}'),
  ('staff.manage', '{"en":"Invite, disable and change roles of HQ staff","ar":"إدارة فريق المقر"}'),
  ('audit.read', '{"en":"Read the audit log","ar":"قراءة سجل التدقيق"}'),
  ('impersonate.start', '{"en":"Impersonate a tenant for support","ar":"انتحال هوية مستأجر للدعم"}'),
  ('plans.read', '{"en":"See plans and entitlements","ar":"عرض الخطط"}'),
  ('plans.write', '{"en":"Edit plans, grants and add-ons","ar":"تعديل الخطط"}'),
  ('billing.read', '{"en":"See subscriptions and invoices","ar":"عرض الفواتير"}'),
  ('billing.write', '{"en":"Manage subscriptions, invoices, coupons","ar":"إدارة الفواتير"}'),
  ('flags.read', '{"en":"See feature flags","ar":"عرض أعلام الميزات"}'),
  ('flags.write', '{"en":"Change feature flags","ar":"تعديل أعلام الميزات"}'),
  ('workflows.read', '{"en":"See workflow templates","ar":"عرض سير العمل"}'),
  ('workflows.write', '{"en":"Edit and publish workflow templates","ar":"تعديل سير العمل"}'),
  ('catalogs.read', '{"en":"See catalogs","ar":"عرض الكتالوجات"}'),
  ('catalogs.write', '{"en":"Edit and sync catalogs","ar":"تعديل الكتالوجات"}'),
  ('jobs.read', '{"en":"See queues, jobs and schedules","ar":"عرض المهام"}'),
  ('jobs.operate', '{"en":"Retry, discard, pause and resume jobs","ar":"تشغيل المهام"}'),
  ('settings.read', '{"en":"See platform settings","ar":"عرض الإعدادات"}'),
  ('settings.write', '{"en":"Change platform settings","ar":"تعديل الإعدادات"}'),
  ('support.read', '{"en":"See support tickets","ar":"عرض تذاكر الدعم"}'),
  ('support.write', '{"en":"Work support tickets","ar":"معالجة تذاكر الدعم"}'),
  ('compliance.export', '{"en":"Export audit and compliance evidence","ar":"تصدير أدلة الامتثال"}');

-- The matrix: super_admin everything; the others what PRODUCT.md gives them.
insert into public.role_permissions (role_code, permission_code)
select 'super_admin', code from public.permissions
union all
select 'tech_admin', unnest(array['tenants.read', 'workflows.read', 'workflows.write', 'catalogs.read', 'catalogs.write',
  'flags.read', 'flags.write', 'settings.read', 'settings.write', 'jobs.read', 'jobs.operate', 'plans.read', 'staff.read'])
union all
select 'biz_admin', unnest(array['tenants.read', 'tenants.write', 'tenants.lifecycle', 'plans.read', 'plans.write',
  'billing.read', 'billing.write', 'flags.read', 'staff.read'])
union all
select 'support', unnest(array['tenants.read', 'support.read', 'support.write', 'impersonate.start', 'plans.read',
  'billing.read', 'workflows.read', 'catalogs.read'])
union all
select 'auditor', code from public.permissions where code like '%.read' or code = 'compliance.export';

-- ── who is calling ───────────────────────────────────────────────────────────────────────────

-- plpgsql, not sql: a SQL function with a SET clause is never inlined and re-plans its query on
-- every call on PG15; plpgsql keeps its plans for the session (RLS and audit call these per statement).

-- The caller's staff row, only while active (an invited or disabled member has no HQ access).
create function private.current_staff_role()
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  role_code text;
begin
  select s.role_code into role_code from public.platform_staff s where s.user_id = auth.uid() and s.status = 'active';
  return role_code;
end
$$;

create function private.is_mfa_session()
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  return coalesce(auth.jwt() ->> 'aal', '') = 'aal2';
end
$$;

-- True when the caller is active staff, in an MFA session, and their role grants the permission.
create function private.has_permission(permission text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return private.is_mfa_session() and exists (
    select from public.platform_staff s
    join public.role_permissions rp on rp.role_code = s.role_code
    where s.user_id = auth.uid() and s.status = 'active' and rp.permission_code = has_permission.permission);
end
$$;

-- Trusted callers skip staff checks: the service role (jobs, Edge Functions), and database-side
-- work with no request at all (pg_cron, migrations, an operator's psql). A request through the API
-- always carries claims and connects as authenticator, so it never qualifies as the latter.
create function private.is_trusted_caller()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(auth.role(), '') = 'service_role'
      or (auth.jwt() is null and session_user not in ('authenticator', 'anon', 'authenticated'))
$$;

-- The guard every HQ function starts with.
create function private.assert_permission(permission text)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if private.is_trusted_caller() then
    return;
  end if;
  if auth.uid() is null then
    raise exception using errcode = 'PT401', message = 'sign in first',
      detail = 'auth.not_signed_in', hint = 'send a valid access token';
  end if;
  if private.current_staff_role() is null then
    raise exception using errcode = 'PT403', message = 'only active HQ staff may do this',
      detail = 'auth.not_staff', hint = format('requires %s', permission);
  end if;
  if not private.is_mfa_session() then
    raise exception using errcode = 'PT403', message = 'HQ requires a multi-factor (aal2) session',
      detail = 'auth.mfa_required', hint = 'verify your authenticator code and retry';
  end if;
  if not private.has_permission(permission) then
    raise exception using errcode = 'PT403', message = format('your role may not do this (needs %s)', permission),
      detail = 'auth.permission_denied', hint = format('ask a super admin for %s', permission);
  end if;
end
$$;

-- The audit log names staff by role; other signed-in users are tenant users.
create or replace function private.current_actor_role()
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  staff_role text;
begin
  if uid is not null then
    select s.role_code into staff_role from public.platform_staff s where s.user_id = uid;
    return coalesce(staff_role, 'tenant_user');
  end if;
  return coalesce(nullif(auth.role(), ''), 'system');
end
$$;

revoke execute on function private.current_staff_role(), private.is_mfa_session(), private.has_permission(text),
  private.is_trusted_caller(), private.assert_permission(text), private.current_actor_role() from public, anon;
grant usage on schema private to authenticated;
grant execute on function private.current_staff_role(), private.is_mfa_session(), private.has_permission(text),
  private.is_trusted_caller(), private.assert_permission(text) to authenticated, service_role;

-- ── RLS ─────────────────────────────────────────────────────────────────────────────────────
alter table public.platform_roles enable row level security;
alter table public.permissions enable row level security;
alter table public.role_permissions enable row level security;
alter table public.platform_staff enable row level security;

-- Changes go through the functions below only.
revoke insert, update, delete, truncate on public.platform_roles, public.permissions, public.role_permissions,
  public.platform_staff from anon, authenticated;
revoke all on public.platform_roles, public.permissions, public.role_permissions, public.platform_staff from anon;

create policy "staff read the role catalogue" on public.platform_roles for select to authenticated
  using ((select private.current_staff_role()) is not null and (select private.is_mfa_session()));
create policy "staff read the permission catalogue" on public.permissions for select to authenticated
  using ((select private.current_staff_role()) is not null and (select private.is_mfa_session()));
create policy "staff read the role matrix" on public.role_permissions for select to authenticated
  using ((select private.current_staff_role()) is not null and (select private.is_mfa_session()));
create policy "staff.read sees staff; everyone sees themselves" on public.platform_staff for select to authenticated
  using ((select private.has_permission('staff.read')) or user_id = (select auth.uid()));

-- Audit rows are read by staff with audit.read, through the public view below.
grant usage on schema audit to authenticated;
grant select on audit.log to authenticated;
create policy "audit.read sees the log" on audit.log for select to authenticated
  using ((select private.has_permission('audit.read')));
grant select on audit.checkpoints to authenticated;
create policy "audit.read sees checkpoints" on audit.checkpoints for select to authenticated
  using ((select private.has_permission('audit.read')));

create view public.audit_log with (security_invoker = true) as
  select id, occurred_at, actor_id, actor_role, impersonation_id, tenant_id, action, entity_type, entity_id,
         reason, before, after, diff, trace_id, ip, user_agent, encode(hash, 'hex') as hash
  from audit.log;
revoke all on public.audit_log from anon;
grant select on public.audit_log to authenticated;

-- The audit viewer's chain status (audit.read).
create function public.audit_chain_status()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  result record;
begin
  perform private.assert_permission('audit.read');
  select * into result from audit.verify_chain();
  return jsonb_build_object('ok', result.ok, 'checked', result.checked, 'first_broken_id', result.first_broken_id,
    'reason', result.reason, 'checked_at', clock_timestamp(),
    'checkpoints_ok', coalesce((select bool_and(c.matches) from audit.verify_checkpoints() c), true));
end
$$;
revoke execute on function public.audit_chain_status() from public, anon;
grant execute on function public.audit_chain_status() to authenticated, service_role;

-- ── staff management (super_admin through staff.manage) ─────────────────────────────────────

create function private.assert_not_last_super_admin(leaving uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select from public.platform_staff where user_id = leaving and role_code = 'super_admin' and status = 'active')
     and (select count(*) from public.platform_staff where role_code = 'super_admin' and status = 'active') <= 1 then
    raise exception using errcode = 'PT409', message = 'the last active super admin cannot be removed',
      detail = 'staff.last_super_admin', hint = 'make another staff member super admin first';
  end if;
end
$$;
revoke execute on function private.assert_not_last_super_admin(uuid) from public, anon, authenticated;

create function private.staff_json(member public.platform_staff)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select to_jsonb(member) - 'updated_at'
$$;
revoke execute on function private.staff_json(public.platform_staff) from public, anon, authenticated;

-- The staff row to change, locked for the rest of the transaction, or PT404.
create function private.lock_staff_row(user_id uuid)
returns public.platform_staff
language plpgsql
security definer
set search_path = ''
as $$
declare
  member public.platform_staff;
begin
  select * into member from public.platform_staff s where s.user_id = lock_staff_row.user_id for update;
  if member.user_id is null then
    raise exception using errcode = 'PT404', message = 'no such staff member', detail = 'staff.not_found';
  end if;
  return member;
end
$$;
revoke execute on function private.lock_staff_row(uuid) from public, anon, authenticated;

-- Invites a staff member: creates their auth user (no password until they set one through the
-- recovery flow) and an `invited` staff row; they become `active` on first aal2 sign-in.
create function public.invite_staff(email text, role text, display_name text default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  normalized text := lower(trim(invite_staff.email));
  new_user uuid;
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

  select u.id into new_user from auth.users u where lower(u.email) = normalized;
  if new_user is null then
    new_user := extensions.gen_random_uuid();
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
                            raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    values ('00000000-0000-0000-0000-000000000000', new_user, 'authenticated', 'authenticated', normalized, '',
            now(), now(), '{"provider":"email","providers":["email"]}',
            jsonb_build_object('display_name', invite_staff.display_name), now(), now());
    insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
    values (new_user::text, new_user, jsonb_build_object('sub', new_user::text, 'email', normalized), 'email', now(), now());
  end if;

  insert into public.platform_staff (user_id, email, display_name, role_code, status, invited_by)
  values (new_user, normalized, invite_staff.display_name, invite_staff.role, 'invited', auth.uid())
  returning * into member;
  perform audit.record('staff.invite', 'staff', new_user::text, null, private.staff_json(member));
  return new_user;
end
$$;

create function public.change_staff_role(user_id uuid, role text, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  if coalesce(trim(reason), '') = '' then
    raise exception using errcode = '22023', message = 'a reason is required', detail = 'staff.reason_required',
      hint = 'say why the role changes';
  end if;
  old_row := private.lock_staff_row(change_staff_role.user_id);
  if not exists (select from public.platform_roles where code = change_staff_role.role) then
    raise exception using errcode = '22023', message = format('unknown role %L', change_staff_role.role),
      detail = 'staff.unknown_role', hint = (select 'roles: ' || string_agg(code, ', ' order by sort_order) from public.platform_roles);
  end if;
  if old_row.role_code = change_staff_role.role then
    return;
  end if;
  if old_row.role_code = 'super_admin' then
    perform private.assert_not_last_super_admin(old_row.user_id);
  end if;
  update public.platform_staff s set role_code = change_staff_role.role, updated_at = now()
  where s.user_id = change_staff_role.user_id returning * into new_row;
  perform audit.record('staff.change_role', 'staff', user_id::text, private.staff_json(old_row), private.staff_json(new_row),
                       null, reason);
end
$$;

-- Disabling ends every session of the member at once (their refresh tokens go with the sessions).
create function public.disable_staff(user_id uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  if coalesce(trim(reason), '') = '' then
    raise exception using errcode = '22023', message = 'a reason is required', detail = 'staff.reason_required',
      hint = 'say why the member is disabled';
  end if;
  old_row := private.lock_staff_row(disable_staff.user_id);
  if old_row.status = 'disabled' then
    return;
  end if;
  perform private.assert_not_last_super_admin(old_row.user_id);
  update public.platform_staff s set status = 'disabled', disabled_at = now(), disabled_reason = reason, updated_at = now()
  where s.user_id = disable_staff.user_id returning * into new_row;
  delete from auth.sessions s where s.user_id = disable_staff.user_id;
  perform audit.record('staff.disable', 'staff', user_id::text, private.staff_json(old_row), private.staff_json(new_row),
                       null, reason);
end
$$;

create function public.enable_staff(user_id uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  old_row := private.lock_staff_row(enable_staff.user_id);
  if old_row.status <> 'disabled' then
    return;
  end if;
  update public.platform_staff s set status = 'invited', disabled_at = null, disabled_reason = null, updated_at = now()
  where s.user_id = enable_staff.user_id returning * into new_row;
  perform audit.record('staff.enable', 'staff', user_id::text, private.staff_json(old_row), private.staff_json(new_row),
                       null, reason);
end
$$;

-- An invited member becomes active on their first MFA session: called by the console after
-- MFA verification (and harmless to call again).
create function public.activate_my_staff_account()
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
begin
  select * into old_row from public.platform_staff s where s.user_id = auth.uid() for update;
  if old_row.user_id is null then
    raise exception using errcode = 'PT403', message = 'only HQ staff may do this', detail = 'auth.not_staff';
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
    update public.platform_staff s set status = 'active', updated_at = now() where s.user_id = auth.uid() returning * into new_row;
    perform audit.record('staff.activate', 'staff', auth.uid()::text, private.staff_json(old_row), private.staff_json(new_row));
  end if;
  return 'active';
end
$$;

-- What the console needs to decide what to show: callable at aal1 so it can ask for MFA.
create function public.my_staff_profile()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'user_id', s.user_id,
    'email', s.email,
    'display_name', s.display_name,
    'role', s.role_code,
    'status', s.status,
    'aal', coalesce(auth.jwt() ->> 'aal', 'aal1'),
    'permissions', case when s.status = 'disabled' then '[]'::jsonb else
      coalesce((select jsonb_agg(rp.permission_code order by rp.permission_code) from public.role_permissions rp
                where rp.role_code = s.role_code), '[]'::jsonb) end)
  from public.platform_staff s
  where s.user_id = auth.uid()
$$;

revoke execute on function public.invite_staff(text, text, text), public.change_staff_role(uuid, text, text),
  public.disable_staff(uuid, text), public.enable_staff(uuid, text), public.activate_my_staff_account(),
  public.my_staff_profile() from public, anon;
grant execute on function public.invite_staff(text, text, text), public.change_staff_role(uuid, text, text),
  public.disable_staff(uuid, text), public.enable_staff(uuid, text), public.activate_my_staff_account(),
  public.my_staff_profile() to authenticated, service_role;
