-- Impersonation (C12): one staff member reaches one tenant's rows, read-only or full, for at most
-- 30 minutes, with a reason. While active, RLS lets them through (read-only mode never passes a
-- write policy); ending it or expiry stops access on the next statement; every audited action under
-- it carries the impersonation's id.

insert into public.permissions (code, description) values
  ('impersonate.full', '{"en":"Impersonate a tenant with write access","ar":"انتحال هوية مستأجر مع صلاحية الكتابة"}');
insert into public.role_permissions (role_code, permission_code) values ('super_admin', 'impersonate.full');

create table public.impersonations (
  id uuid primary key default extensions.gen_random_uuid(),
  staff_id uuid not null references public.platform_staff (user_id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  mode text not null check (mode in ('read_only', 'full')),
  reason text not null check (length(trim(reason)) >= 5),
  started_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz,
  end_reason text check (end_reason in ('ended', 'replaced', 'expired', 'staff_disabled')),
  check (expires_at > started_at and expires_at <= started_at + interval '30 minutes')
);
create index impersonations_active_idx on public.impersonations (staff_id) where ended_at is null;
create index impersonations_tenant_idx on public.impersonations (tenant_id, started_at desc);

alter table public.impersonations enable row level security;
revoke all on public.impersonations from anon;
revoke insert, update, delete, truncate on public.impersonations from authenticated;

create policy "own impersonations; auditors and staff managers see all" on public.impersonations
  for select to authenticated
  using (staff_id = (select auth.uid())
         or (select private.has_permission('audit.read'))
         or (select private.has_permission('staff.manage')));

-- plpgsql, not sql: a SQL function with a SET clause is never inlined and re-plans its query on
-- every call on PG15; plpgsql keeps its plans for the session (RLS and audit call these per statement).
-- The active grant of the caller (expiry is checked here, so access stops the moment it passes).
create function private.active_impersonation()
returns public.impersonations
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  active public.impersonations;
begin
  if auth.uid() is null then
    return null;
  end if;
  select i.* into active from public.impersonations i
  join public.platform_staff s on s.user_id = i.staff_id and s.status = 'active'
  where i.staff_id = auth.uid() and i.ended_at is null and i.expires_at > clock_timestamp()
    and private.is_mfa_session()
  order by i.started_at desc
  limit 1;
  return active;
end
$$;

create or replace function private.impersonated_tenant_ids(writable boolean)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  active public.impersonations := private.active_impersonation();
begin
  if active.id is not null and (not writable or active.mode = 'full') then
    return next active.tenant_id;
  end if;
end
$$;

create or replace function private.current_impersonation_id(tenant_id uuid)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  active public.impersonations;
begin
  if auth.uid() is null then
    return null;
  end if;
  active := private.active_impersonation();
  if active.id is not null and (current_impersonation_id.tenant_id is null or active.tenant_id = current_impersonation_id.tenant_id) then
    return active.id;
  end if;
  return null;
end
$$;

create function public.start_impersonation(tenant_id uuid, mode text, reason text, minutes int default 15)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  target public.tenants;
  grant_row public.impersonations;
  previous public.impersonations;
begin
  perform private.assert_permission('impersonate.start');
  if auth.uid() is null or private.current_staff_role() is null then
    raise exception using errcode = 'PT403', message = 'only signed-in HQ staff can impersonate',
      detail = 'impersonation.staff_only';
  end if;
  if mode is null or mode not in ('read_only', 'full') then
    raise exception using errcode = '22023', message = format('unknown impersonation mode %L', mode),
      detail = 'impersonation.invalid_mode', hint = 'read_only or full';
  end if;
  if mode = 'full' then
    perform private.assert_permission('impersonate.full');
  end if;
  if coalesce(length(trim(reason)), 0) < 5 then
    raise exception using errcode = '22023', message = 'a reason of at least 5 characters is required',
      detail = 'impersonation.reason_required', hint = 'e.g. the ticket number and what you will check';
  end if;
  if minutes is null or minutes not between 1 and 30 then
    raise exception using errcode = '22023', message = format('impersonation lasts 1 to 30 minutes, not %s', minutes),
      detail = 'impersonation.invalid_duration', hint = 'choose 1–30 minutes';
  end if;
  select * into target from public.tenants t where t.id = start_impersonation.tenant_id;
  if target.id is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found';
  end if;
  if target.status in ('churned', 'draft') then
    raise exception using errcode = 'PT409', message = format('a %s tenant cannot be impersonated', target.status),
      detail = 'impersonation.tenant_unavailable';
  end if;

  -- One impersonation at a time: a new one replaces the current one.
  for previous in update public.impersonations i set ended_at = clock_timestamp(), end_reason = 'replaced'
                  where i.staff_id = auth.uid() and i.ended_at is null returning * loop
    perform audit.record('impersonation.end', 'impersonation', previous.id::text, null,
                         jsonb_build_object('end_reason', 'replaced'), previous.tenant_id);
  end loop;

  insert into public.impersonations (staff_id, tenant_id, mode, reason, started_at, expires_at)
  values (auth.uid(), target.id, mode, trim(reason), clock_timestamp(), clock_timestamp() + make_interval(mins => minutes))
  returning * into grant_row;
  perform audit.record('impersonation.start', 'impersonation', grant_row.id::text, null, to_jsonb(grant_row), target.id, grant_row.reason);
  return jsonb_build_object('id', grant_row.id, 'tenant_id', grant_row.tenant_id, 'mode', grant_row.mode,
                            'started_at', grant_row.started_at, 'expires_at', grant_row.expires_at);
end
$$;

create function public.end_impersonation()
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  ended public.impersonations;
  any_ended boolean := false;
begin
  for ended in update public.impersonations i set ended_at = clock_timestamp(), end_reason = 'ended'
               where i.staff_id = auth.uid() and i.ended_at is null returning * loop
    perform audit.record('impersonation.end', 'impersonation', ended.id::text, null,
                         jsonb_build_object('end_reason', 'ended'), ended.tenant_id);
    any_ended := true;
  end loop;
  return any_ended;
end
$$;

-- For the console's banner and countdown.
create function public.my_active_impersonation()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', i.id, 'tenant_id', i.tenant_id, 'tenant_name', t.name, 'tenant_slug', t.slug,
                            'mode', i.mode, 'reason', i.reason, 'started_at', i.started_at, 'expires_at', i.expires_at)
  from private.active_impersonation() i
  join public.tenants t on t.id = i.tenant_id
  where i.id is not null
$$;

-- Housekeeping for the history view: mark grants that ran out (access already stopped at expiry).
create function private.close_expired_impersonations()
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  closed int;
begin
  update public.impersonations i set ended_at = i.expires_at, end_reason = 'expired'
  where i.ended_at is null and i.expires_at <= clock_timestamp();
  get diagnostics closed = row_count;
  return closed;
end
$$;

revoke execute on function private.active_impersonation(), private.close_expired_impersonations() from public, anon;
grant execute on function private.active_impersonation() to authenticated, service_role;
revoke execute on function public.start_impersonation(uuid, text, text, int), public.end_impersonation(),
  public.my_active_impersonation() from public, anon;
grant execute on function public.start_impersonation(uuid, text, text, int), public.end_impersonation(),
  public.my_active_impersonation() to authenticated, service_role;
