-- Tenant provisioning and onboarding (C1).
--
-- Activation (and trial start, and reactivation) enqueues one `tenant.provision` job. The job
-- runs the registered steps in order, each in its own subtransaction, and records each step's
-- status and the step version it applied. A failed step is retried alone; a step whose version
-- went up since it last ran runs again (delta re-seed on reactivation). Later capabilities add
-- steps (workflows, catalogs, payment methods, …) with private.register_provisioning_step.

create table public.provisioning_steps (
  code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name jsonb not null check (name ? 'en'),
  description jsonb not null default '{}',
  sort_order int not null,
  -- private function(tenant_id uuid) returns void; must be idempotent (it runs again on re-seed)
  handler text not null,
  version int not null default 1 check (version >= 1),
  enabled boolean not null default true
);

create table public.tenant_provisioning (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  step_code text not null references public.provisioning_steps (code) on delete cascade,
  status text not null check (status in ('pending', 'done', 'failed')),
  applied_version int,
  attempts int not null default 0,
  last_error text,
  started_at timestamptz,
  finished_at timestamptz,
  primary key (tenant_id, step_code)
);
create index tenant_provisioning_step_idx on public.tenant_provisioning (step_code);
create index tenant_provisioning_failed_idx on public.tenant_provisioning (tenant_id) where status = 'failed';

-- Defaults every tenant starts from; the tenant's own copy lives in tenant_settings.
create table public.default_tenant_settings (
  id boolean primary key default true check (id),
  settings jsonb not null check (jsonb_typeof(settings) = 'object'),
  version int not null default 1
);
insert into public.default_tenant_settings (settings) values ('{
  "order_number_prefix": "ORD",
  "receipt_footer": {"en": "Thank you for your business", "ar": "شكراً لتعاملكم معنا"},
  "working_hours": {"sat": "08:00-22:00", "sun": "08:00-22:00", "mon": "08:00-22:00", "tue": "08:00-22:00",
                    "wed": "08:00-22:00", "thu": "08:00-22:00", "fri": "16:00-22:00"},
  "express_surcharge_percent": 50,
  "notify_customer_on_ready": true
}');

-- A tenant's own settings: its owners and admins edit them; HQ reaches them only through a full
-- impersonation (so every HQ change is attributable), never with a blanket staff permission.
create table public.tenant_settings (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  settings jsonb not null default '{}' check (jsonb_typeof(settings) = 'object'),
  updated_at timestamptz not null default now()
);

alter table public.provisioning_steps enable row level security;
alter table public.tenant_provisioning enable row level security;
alter table public.default_tenant_settings enable row level security;
alter table public.tenant_settings enable row level security;
revoke all on public.provisioning_steps, public.tenant_provisioning, public.default_tenant_settings, public.tenant_settings from anon;
revoke insert, update, delete, truncate on public.provisioning_steps, public.tenant_provisioning, public.default_tenant_settings,
  public.tenant_settings from authenticated;
grant update (settings) on public.tenant_settings to authenticated;

create policy "staff read provisioning steps" on public.provisioning_steps for select to authenticated
  using ((select private.has_permission('tenants.read')));
create policy "provisioning follows tenant visibility" on public.tenant_provisioning for select to authenticated
  using (tenant_id in (select private.my_tenant_ids())
         or (select private.has_permission('tenants.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "staff read default settings" on public.default_tenant_settings for select to authenticated
  using ((select private.has_permission('tenants.read')));
create policy "tenant settings readers" on public.tenant_settings for select to authenticated
  using (tenant_id in (select private.my_tenant_ids())
         or (select private.has_permission('tenants.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
-- USING admits readers so that a reader who may not write gets an explicit RLS error.
create policy "tenant settings writers" on public.tenant_settings for update to authenticated
  using (tenant_id in (select private.my_tenant_ids())
         or (select private.has_permission('tenants.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)))
  with check (tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))
              or tenant_id in (select private.impersonated_tenant_ids(true)));

create function private.tenant_settings_audit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.updated_at := now();
  perform audit.record('tenant_settings.update', 'tenant_settings', new.tenant_id::text,
                       old.settings, new.settings, new.tenant_id);
  return new;
end
$$;
create trigger tenant_settings_audit before update on public.tenant_settings
  for each row when (old.settings is distinct from new.settings)
  execute function private.tenant_settings_audit();

-- ── registry ────────────────────────────────────────────────────────────────────────────────

create function private.register_provisioning_step(code text, name jsonb, sort_order int, handler regprocedure,
                                                    version int default 1, description jsonb default '{}')
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (select from pg_catalog.pg_proc p where p.oid = handler and p.proargtypes = '2950'::pg_catalog.oidvector) then
    raise exception using errcode = '22023', message = format('%s is not a provisioning step handler', handler),
      detail = 'provisioning.invalid_handler', hint = 'a step handler is a function(tenant_id uuid)';
  end if;
  insert into public.provisioning_steps as s (code, name, description, sort_order, handler, version)
  values (code, name, description, sort_order, handler::regproc::text, version)
  on conflict on constraint provisioning_steps_pkey do update
    set name = excluded.name, description = excluded.description, sort_order = excluded.sort_order,
        handler = excluded.handler, version = excluded.version;
end
$$;

-- ── running ─────────────────────────────────────────────────────────────────────────────────

-- Runs every step that is not done at its current version. Returns {"done": [...], "failed": [...]}.
create function private.provision_tenant(tenant_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  step public.provisioning_steps;
  done text[] := '{}';
  failed text[] := '{}';
  error_text text;
begin
  if not exists (select from public.tenants t where t.id = provision_tenant.tenant_id) then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found';
  end if;
  for step in
    select s.* from public.provisioning_steps s
    left join public.tenant_provisioning p on p.step_code = s.code and p.tenant_id = provision_tenant.tenant_id
    where s.enabled and (p.status is distinct from 'done' or p.applied_version < s.version)
    order by s.sort_order, s.code
  loop
    insert into public.tenant_provisioning as p (tenant_id, step_code, status, attempts, started_at)
    values (provision_tenant.tenant_id, step.code, 'pending', 1, clock_timestamp())
    on conflict on constraint tenant_provisioning_pkey do update
      set status = 'pending', attempts = p.attempts + 1, started_at = clock_timestamp(), finished_at = null;
    begin
      execute format('select %s($1)', step.handler) using provision_tenant.tenant_id;
      update public.tenant_provisioning p set status = 'done', applied_version = step.version, last_error = null,
        finished_at = clock_timestamp()
      where p.tenant_id = provision_tenant.tenant_id and p.step_code = step.code;
      done := done || step.code;
    exception when others then
      get stacked diagnostics error_text = message_text;
      update public.tenant_provisioning p set status = 'failed', last_error = left(error_text, 1000), finished_at = clock_timestamp()
      where p.tenant_id = provision_tenant.tenant_id and p.step_code = step.code;
      failed := failed || step.code;
    end;
  end loop;
  if cardinality(done) + cardinality(failed) > 0 then
    perform audit.record('tenant.provision', 'tenant', tenant_id::text, null,
                         jsonb_build_object('done', to_jsonb(done), 'failed', to_jsonb(failed)), tenant_id);
  end if;
  return jsonb_build_object('done', to_jsonb(done), 'failed', to_jsonb(failed));
end
$$;

-- The job: raises when a step failed, so the job system retries with backoff (done steps are
-- not repeated) and dead-letters it after its attempts.
create function private.job_tenant_provision(payload jsonb, job jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  outcome jsonb;
begin
  if (payload ->> 'tenant_id') is null then
    raise exception using errcode = '22023', message = 'tenant.provision needs payload.tenant_id', detail = 'provisioning.invalid_payload';
  end if;
  outcome := private.provision_tenant((payload ->> 'tenant_id')::uuid);
  if jsonb_array_length(outcome -> 'failed') > 0 then
    raise exception using errcode = 'P0001', message = format('provisioning steps failed: %s', outcome -> 'failed'),
      detail = 'provisioning.step_failed';
  end if;
end
$$;

select private.register_job_handler('tenant.provision', sql_handler => 'private.job_tenant_provision(jsonb, jsonb)'::regprocedure,
  description => 'runs the provisioning steps a tenant has not completed at their current version');

create function private.enqueue_provisioning(tenant_id uuid, cause text)
returns bigint
language sql
security definer
set search_path = ''
as $$
  select private.enqueue('lifecycle', 'tenant.provision', jsonb_build_object('tenant_id', tenant_id, 'cause', cause),
                         format('tenant.provision:%s:%s', tenant_id, cause))
$$;

-- Entering trial or active (including reactivation) provisions.
create or replace function private.after_tenant_status_change(t public.tenants, from_status text, action text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if t.status in ('trial', 'active') then
    perform private.enqueue_provisioning(t.id,
      action || ':' || (select max(h.id) from public.tenant_status_history h where h.tenant_id = t.id));
  end if;
end
$$;

-- Staff retry one failed step (or any step) for a tenant.
create function public.retry_provisioning_step(tenant_id uuid, step_code text)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  row_before public.tenant_provisioning;
begin
  perform private.assert_permission('tenants.lifecycle');
  select * into row_before from public.tenant_provisioning p
  where p.tenant_id = retry_provisioning_step.tenant_id and p.step_code = retry_provisioning_step.step_code for update;
  if row_before.tenant_id is null then
    raise exception using errcode = 'PT404', message = format('step %s has not run for this tenant', step_code),
      detail = 'provisioning.step_not_found', hint = 'steps run when the tenant is activated';
  end if;
  if row_before.status = 'done' then
    raise exception using errcode = 'PT409', message = format('step %s is already done', step_code),
      detail = 'provisioning.already_done';
  end if;
  update public.tenant_provisioning p set status = 'pending'
  where p.tenant_id = retry_provisioning_step.tenant_id and p.step_code = retry_provisioning_step.step_code;
  perform audit.record('tenant.provision_retry', 'tenant', tenant_id::text, to_jsonb(row_before), null, tenant_id);
  return private.enqueue_provisioning(tenant_id, 'retry:' || step_code || ':' || extract(epoch from clock_timestamp())::text);
end
$$;

-- ── the first step: default settings ────────────────────────────────────────────────────────

-- Adds missing default keys; never overwrites what the tenant changed (so it is safe to re-run
-- when the defaults' version goes up).
create function private.provision_default_settings(tenant_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
  defaults jsonb;
begin
  select * into t from public.tenants x where x.id = provision_default_settings.tenant_id;
  select d.settings || jsonb_build_object('locale', t.default_locale, 'timezone', t.timezone, 'currency', t.currency)
    into defaults from public.default_tenant_settings d;
  insert into public.tenant_settings as s (tenant_id, settings) values (t.id, defaults)
  on conflict on constraint tenant_settings_pkey do update set settings = excluded.settings || s.settings
  where (excluded.settings || s.settings) is distinct from s.settings;
end
$$;

select private.register_provisioning_step('default_settings', '{"en":"Default settings","ar":"الإعدادات الافتراضية"}', 10,
  'private.provision_default_settings(uuid)'::regprocedure, 1,
  '{"en":"Order numbering, receipts, working hours and notifications"}');

-- ── onboarding checklist ────────────────────────────────────────────────────────────────────

create function public.tenant_onboarding_checklist(tenant_id uuid)
returns table (item text, label jsonb, done boolean, source text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  t public.tenants;
begin
  if not private.can_read_tenant(tenant_onboarding_checklist.tenant_id) and not private.is_trusted_caller() then
    raise exception using errcode = 'PT403', message = 'you cannot see this tenant', detail = 'tenant.forbidden';
  end if;
  select * into t from public.tenants x where x.id = tenant_onboarding_checklist.tenant_id;
  if t.id is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found';
  end if;
  return query
    select s.code, s.name, coalesce(p.status = 'done' and p.applied_version >= s.version, false), 'provisioning'
    from public.provisioning_steps s
    left join public.tenant_provisioning p on p.step_code = s.code and p.tenant_id = t.id
    where s.enabled
    order by s.sort_order;
  return query values
    ('contact_email', '{"en":"Contact email set","ar":"تم تعيين البريد الإلكتروني"}'::jsonb, coalesce(t.contact ->> 'email', '') <> '', 'profile'),
    ('legal_name', '{"en":"Legal name set","ar":"تم تعيين الاسم القانوني"}'::jsonb, coalesce(t.legal_name, '') <> '', 'profile'),
    ('logo', '{"en":"Logo uploaded","ar":"تم رفع الشعار"}'::jsonb, coalesce(t.branding ->> 'logo_url', '') <> '', 'profile'),
    ('owner', '{"en":"An owner can sign in","ar":"يوجد مالك للحساب"}'::jsonb,
      exists (select from public.tenant_members m where m.tenant_id = t.id and m.role = 'owner'), 'profile');
end
$$;

revoke execute on function private.tenant_settings_audit(), private.register_provisioning_step(text, jsonb, int, regprocedure, int, jsonb),
  private.provision_tenant(uuid), private.job_tenant_provision(jsonb, jsonb), private.enqueue_provisioning(uuid, text),
  private.provision_default_settings(uuid) from public, anon, authenticated;
revoke execute on function public.retry_provisioning_step(uuid, text), public.tenant_onboarding_checklist(uuid) from public, anon;
grant execute on function public.retry_provisioning_step(uuid, text), public.tenant_onboarding_checklist(uuid) to authenticated, service_role;
