-- Tenants, tenant users and the tenant lifecycle (C1).
--
-- A tenant's status changes only through the lifecycle functions below (no role holds UPDATE on
-- the status columns); each checks permission and preconditions, writes the tenant and a
-- tenant_status_history row, audits, and enqueues follow-up work in one transaction.

create table public.tenants (
  id uuid primary key default extensions.gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]([a-z0-9-]{1,46}[a-z0-9])$'),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  legal_name text,
  country text not null check (country ~ '^[A-Z]{2}$'),
  region text not null check (region in ('GCC-OM', 'GCC-SA', 'GCC-AE', 'GCC-BH', 'GCC-KW', 'GCC-QA', 'EU')),
  timezone text not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  default_locale text not null default 'ar' check (default_locale in ('ar', 'en')),
  branding jsonb not null default '{}' check (jsonb_typeof(branding) = 'object'),
  contact jsonb not null default '{}' check (jsonb_typeof(contact) = 'object'),
  custom_fields jsonb not null default '{}' check (jsonb_typeof(custom_fields) = 'object'),
  status text not null default 'draft' check (status in ('draft', 'pending_approval', 'approved', 'trial', 'active',
    'grace', 'suspended', 'frozen', 'archived', 'churned')),
  status_changed_at timestamptz not null default now(),
  trial_ends_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index tenants_status_idx on public.tenants (status);
create index tenants_region_idx on public.tenants (region);
create index tenants_created_by_idx on public.tenants (created_by);
create index tenants_name_en_idx on public.tenants (lower(name ->> 'en'));

create table public.tenant_members (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'operator', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index tenant_members_user_idx on public.tenant_members (user_id);

create table public.tenant_status_history (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  from_status text,
  to_status text not null,
  action text not null,
  reason text,
  actor_id uuid references auth.users (id) on delete set null,
  changed_at timestamptz not null default now()
);
create index tenant_status_history_tenant_idx on public.tenant_status_history (tenant_id, id desc);
create index tenant_status_history_actor_idx on public.tenant_status_history (actor_id);

-- The state machine as data: which action moves which status where, and the permission it needs.
create table public.tenant_lifecycle_transitions (
  action text not null,
  from_status text not null,
  to_status text not null,
  permission text not null references public.permissions (code),
  primary key (action, from_status)
);
insert into public.tenant_lifecycle_transitions (action, from_status, to_status, permission)
select t.action, f.from_status, t.to_status, t.permission
from (values
  ('submit', array['draft'], 'pending_approval', 'tenants.write'),
  ('reject', array['pending_approval'], 'draft', 'tenants.lifecycle'),
  ('approve', array['pending_approval'], 'approved', 'tenants.lifecycle'),
  ('start_trial', array['approved'], 'trial', 'tenants.lifecycle'),
  ('activate', array['approved', 'trial'], 'active', 'tenants.lifecycle'),
  ('enter_grace', array['trial', 'active'], 'grace', 'tenants.lifecycle'),
  ('suspend', array['trial', 'grace'], 'suspended', 'tenants.lifecycle'),
  ('freeze', array['suspended'], 'frozen', 'tenants.lifecycle'),
  ('reactivate', array['grace', 'suspended', 'frozen', 'archived'], 'active', 'tenants.lifecycle'),
  ('archive', array['draft', 'pending_approval', 'approved', 'trial', 'active', 'grace', 'suspended', 'frozen'], 'archived', 'tenants.lifecycle'),
  ('churn', array['archived'], 'churned', 'tenants.lifecycle')
) as t(action, from_statuses, to_status, permission),
lateral unnest(t.from_statuses) as f(from_status);

-- Archived tenants churn after this many days (their data is then eligible for retention clean-up).
create table public.tenant_lifecycle_settings (
  id boolean primary key default true check (id),
  churn_after_days int not null default 90 check (churn_after_days between 0 and 3650),
  default_trial_days int not null default 14 check (default_trial_days between 1 and 365)
);
insert into public.tenant_lifecycle_settings default values;

-- The JSON Schema (a documented subset) that tenant custom fields must satisfy.
create table public.tenant_custom_field_schema (
  id boolean primary key default true check (id),
  schema jsonb not null default '{"type":"object","properties":{},"additionalProperties":true}',
  updated_at timestamptz not null default now()
);
insert into public.tenant_custom_field_schema default values;

-- ── validation ──────────────────────────────────────────────────────────────────────────────

-- Validates a document against a JSON Schema subset: type, properties, required,
-- additionalProperties (boolean), enum, minLength, maxLength, pattern, minimum, maximum.
-- Returns one message per violation (empty when valid).
create function private.json_schema_errors(schema jsonb, doc jsonb, path text default '$')
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  errors text[] := '{}';
  expected text := schema ->> 'type';
  actual text := jsonb_typeof(doc);
  key text;
begin
  if expected is not null and not (actual = expected or (expected = 'integer' and actual = 'number' and (doc #>> '{}')::numeric % 1 = 0)) then
    return array[format('%s must be %s, not %s', path, expected, actual)];
  end if;
  if schema ? 'enum' and not (schema -> 'enum') @> jsonb_build_array(doc) then
    errors := errors || format('%s must be one of %s', path, schema -> 'enum');
  end if;
  if actual = 'string' then
    if (schema ->> 'minLength') is not null and length(doc #>> '{}') < (schema ->> 'minLength')::int then
      errors := errors || format('%s must have at least %s characters', path, schema ->> 'minLength');
    end if;
    if (schema ->> 'maxLength') is not null and length(doc #>> '{}') > (schema ->> 'maxLength')::int then
      errors := errors || format('%s must have at most %s characters', path, schema ->> 'maxLength');
    end if;
    if (schema ->> 'pattern') is not null and (doc #>> '{}') !~ (schema ->> 'pattern') then
      errors := errors || format('%s must match %s', path, schema ->> 'pattern');
    end if;
  elsif actual = 'number' then
    if (schema ->> 'minimum') is not null and (doc #>> '{}')::numeric < (schema ->> 'minimum')::numeric then
      errors := errors || format('%s must be at least %s', path, schema ->> 'minimum');
    end if;
    if (schema ->> 'maximum') is not null and (doc #>> '{}')::numeric > (schema ->> 'maximum')::numeric then
      errors := errors || format('%s must be at most %s', path, schema ->> 'maximum');
    end if;
  elsif actual = 'object' then
    for key in select jsonb_array_elements_text(coalesce(schema -> 'required', '[]')) loop
      if not doc ? key then
        errors := errors || format('%s.%s is required', path, key);
      end if;
    end loop;
    for key in select jsonb_object_keys(doc) loop
      if schema -> 'properties' ? key then
        errors := errors || private.json_schema_errors(schema -> 'properties' -> key, doc -> key, path || '.' || key);
      elsif (schema -> 'additionalProperties') = 'false'::jsonb then
        errors := errors || format('%s.%s is not an allowed field', path, key);
      end if;
    end loop;
  end if;
  return errors;
end
$$;

-- An IANA zone name PostgreSQL knows (Asia/Muscat, UTC). Not pg_timezone_names: it reads the
-- zone files on every call (about 170 ms).
create function private.is_valid_timezone(tz text)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  if tz is null or (tz !~ '^[A-Za-z]+(/[A-Za-z0-9_+-]+)+$' and tz <> 'UTC') then
    return false;
  end if;
  perform pg_catalog.now() at time zone tz;
  return true;
exception when invalid_parameter_value then
  return false;
end
$$;

-- The rules a tenant profile must satisfy, shared by create_tenant, update_tenant and direct
-- updates (a trigger): one place, so the console's zod schema mirrors exactly this.
create function private.assert_valid_tenant(t public.tenants)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  problems text[] := '{}';
  field_errors text[];
begin
  if not private.is_valid_timezone(t.timezone) then
    problems := problems || format('unknown timezone %L (use an IANA name such as Asia/Muscat)', t.timezone);
  end if;
  if t.branding ? 'primary_color' and (t.branding ->> 'primary_color') !~ '^#[0-9a-fA-F]{6}$' then
    problems := problems || 'branding.primary_color must be a #rrggbb colour'::text;
  end if;
  if t.branding ? 'logo_url' and (t.branding ->> 'logo_url') !~ '^https://' then
    problems := problems || 'branding.logo_url must be an https URL'::text;
  end if;
  if t.contact ? 'email' and (t.contact ->> 'email') !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    problems := problems || 'contact.email is not an email address'::text;
  end if;
  select private.json_schema_errors(s.schema, t.custom_fields, 'custom_fields') into field_errors
  from public.tenant_custom_field_schema s;
  problems := problems || coalesce(field_errors, '{}');
  if cardinality(problems) > 0 then
    raise exception using errcode = '22023', message = 'the tenant profile is not valid',
      detail = 'tenant.invalid', hint = array_to_string(problems, '; ');
  end if;
end
$$;

create function private.tenants_validate()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.assert_valid_tenant(new);
  new.updated_at := now();
  return new;
end
$$;
create trigger tenants_validate before insert or update on public.tenants
  for each row execute function private.tenants_validate();

-- ── who may see and touch a tenant ──────────────────────────────────────────────────────────
-- plpgsql, not sql: a SQL function with a SET clause is never inlined and re-plans its query on
-- every call on PG15; plpgsql keeps its plans for the session (RLS and audit call these per statement).

create function private.my_tenant_ids()
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query select m.tenant_id from public.tenant_members m where m.user_id = auth.uid();
end
$$;

create function private.my_tenant_ids_with_role(roles text[])
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query select m.tenant_id from public.tenant_members m where m.user_id = auth.uid() and m.role = any (roles);
end
$$;

-- Tenants the caller reaches through an active impersonation; the impersonation migration
-- replaces this with the real lookup.
create function private.impersonated_tenant_ids(writable boolean)
returns setof uuid
language sql
stable
set search_path = ''
as $$
  select null::uuid where false
$$;

create function private.can_read_tenant(tenant_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.has_permission('tenants.read')
      or tenant_id in (select private.my_tenant_ids())
      or tenant_id in (select private.impersonated_tenant_ids(false))
$$;

-- May the caller write this tenant's own data (profile, orders, …)? Staff with tenants.write,
-- the tenant's owners and admins, or staff in a full (not read-only) impersonation of it.
create function private.can_write_tenant(tenant_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.has_permission('tenants.write')
      or tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))
      or tenant_id in (select private.impersonated_tenant_ids(true))
$$;

alter table public.tenants enable row level security;
alter table public.tenant_members enable row level security;
alter table public.tenant_status_history enable row level security;
alter table public.tenant_lifecycle_transitions enable row level security;
alter table public.tenant_lifecycle_settings enable row level security;
alter table public.tenant_custom_field_schema enable row level security;

revoke all on public.tenants, public.tenant_members, public.tenant_status_history, public.tenant_lifecycle_transitions,
  public.tenant_lifecycle_settings, public.tenant_custom_field_schema from anon;
revoke insert, update, delete, truncate on public.tenants, public.tenant_members, public.tenant_status_history,
  public.tenant_lifecycle_transitions, public.tenant_lifecycle_settings, public.tenant_custom_field_schema from authenticated;
-- Profile columns may be updated directly (Refine's edit form); status columns never.
grant update (name, legal_name, timezone, default_locale, branding, contact, custom_fields) on public.tenants to authenticated;

create policy "tenants readable by staff, members and impersonators" on public.tenants for select to authenticated
  using (id in (select private.my_tenant_ids())
         or (select private.has_permission('tenants.read'))
         or id in (select private.impersonated_tenant_ids(false)));
-- USING lets every reader reach the row so that a reader who may not write gets an explicit
-- RLS error (42501 → 403) from WITH CHECK, instead of a silent "0 rows updated".
create policy "tenant profile writers" on public.tenants
  for update to authenticated
  using (id in (select private.my_tenant_ids())
         or (select private.has_permission('tenants.read'))
         or id in (select private.impersonated_tenant_ids(false)))
  with check (id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))
         or (select private.has_permission('tenants.write'))
         or id in (select private.impersonated_tenant_ids(true)));

create policy "members see their tenant's members; staff see all" on public.tenant_members for select to authenticated
  using (tenant_id in (select private.my_tenant_ids())
         or (select private.has_permission('tenants.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));

create policy "status history follows tenant visibility" on public.tenant_status_history for select to authenticated
  using (tenant_id in (select private.my_tenant_ids())
         or (select private.has_permission('tenants.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));

create policy "staff read the lifecycle" on public.tenant_lifecycle_transitions for select to authenticated
  using ((select private.has_permission('tenants.read')));
create policy "staff read lifecycle settings" on public.tenant_lifecycle_settings for select to authenticated
  using ((select private.has_permission('tenants.read')));
create policy "anyone signed in reads the custom field schema" on public.tenant_custom_field_schema for select to authenticated
  using (true);

-- Direct profile edits are audited like function-made ones.
create function private.tenants_audit_profile_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (to_jsonb(old) - 'status' - 'status_changed_at' - 'trial_ends_at' - 'updated_at')
     is distinct from (to_jsonb(new) - 'status' - 'status_changed_at' - 'trial_ends_at' - 'updated_at') then
    perform audit.record('tenant.update', 'tenant', new.id::text,
      to_jsonb(old) - 'updated_at', to_jsonb(new) - 'updated_at', new.id);
  end if;
  return null;
end
$$;
create trigger tenants_audit_profile_update after update on public.tenants
  for each row execute function private.tenants_audit_profile_update();

-- ── creating and editing ────────────────────────────────────────────────────────────────────

create function public.create_tenant(
  slug text,
  name jsonb,
  country text,
  region text,
  timezone text,
  currency text,
  default_locale text default 'ar',
  legal_name text default null,
  branding jsonb default '{}',
  contact jsonb default '{}',
  custom_fields jsonb default '{}'
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
begin
  perform private.assert_permission('tenants.write');
  if create_tenant.slug is null or create_tenant.slug !~ '^[a-z0-9]([a-z0-9-]{1,46}[a-z0-9])$' then
    raise exception using errcode = '22023', message = format('invalid slug %L', create_tenant.slug),
      detail = 'tenant.invalid_slug', hint = '3–48 characters: lower-case letters, digits and inner hyphens';
  end if;
  if exists (select from public.tenants x where x.slug = create_tenant.slug) then
    raise exception using errcode = 'PT409', message = format('the slug %L is taken', create_tenant.slug),
      detail = 'tenant.slug_taken', hint = 'choose another slug';
  end if;
  if name is null or jsonb_typeof(name) <> 'object' or coalesce(trim(name ->> 'en'), '') = '' then
    raise exception using errcode = '22023', message = 'the tenant needs an English name',
      detail = 'tenant.name_required', hint = 'name = {"en": "…", "ar": "…"}';
  end if;
  if region is null or region not in ('GCC-OM', 'GCC-SA', 'GCC-AE', 'GCC-BH', 'GCC-KW', 'GCC-QA', 'EU') then
    raise exception using errcode = '22023', message = format('unknown region %L', region),
      detail = 'tenant.invalid_region', hint = 'GCC-OM, GCC-SA, GCC-AE, GCC-BH, GCC-KW, GCC-QA or EU';
  end if;
  if country is null or country !~ '^[A-Z]{2}$' then
    raise exception using errcode = '22023', message = format('invalid country %L', country),
      detail = 'tenant.invalid_country', hint = 'an ISO 3166 alpha-2 code such as OM';
  end if;
  if currency is null or currency !~ '^[A-Z]{3}$' then
    raise exception using errcode = '22023', message = format('invalid currency %L', currency),
      detail = 'tenant.invalid_currency', hint = 'an ISO 4217 code such as OMR';
  end if;
  if default_locale is null or default_locale not in ('ar', 'en') then
    raise exception using errcode = '22023', message = format('unsupported locale %L', default_locale),
      detail = 'tenant.invalid_locale', hint = 'ar or en';
  end if;

  insert into public.tenants (slug, name, legal_name, country, region, timezone, currency, default_locale,
                              branding, contact, custom_fields, created_by)
  values (create_tenant.slug, create_tenant.name, create_tenant.legal_name, create_tenant.country, create_tenant.region,
          create_tenant.timezone, create_tenant.currency, create_tenant.default_locale, coalesce(create_tenant.branding, '{}'),
          coalesce(create_tenant.contact, '{}'), coalesce(create_tenant.custom_fields, '{}'), auth.uid())
  returning * into t;
  insert into public.tenant_status_history (tenant_id, from_status, to_status, action, actor_id)
  values (t.id, null, 'draft', 'create', auth.uid());
  perform audit.record('tenant.create', 'tenant', t.id::text, null, to_jsonb(t), t.id);
  return t.id;
end
$$;

-- ── the lifecycle ───────────────────────────────────────────────────────────────────────────

-- Follow-up work per new status; later capabilities (billing, entitlements) extend this.
create function private.after_tenant_status_change(t public.tenants, from_status text, action text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Provisioning is added by the provisioning migration.
  null;
end
$$;

create function private.transition_tenant(tenant_id uuid, action text, reason text, trial_days int default null)
returns public.tenants
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_row public.tenants;
  after_row public.tenants;
  rule public.tenant_lifecycle_transitions;
  settings public.tenant_lifecycle_settings;
begin
  select * into before_row from public.tenants t where t.id = transition_tenant.tenant_id for update;
  if before_row.id is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found';
  end if;
  select * into rule from public.tenant_lifecycle_transitions r
  where r.action = transition_tenant.action and r.from_status = before_row.status;
  if rule.action is null then
    raise exception using errcode = 'PT409',
      message = format('cannot %s a tenant that is %s', replace(transition_tenant.action, '_', ' '), before_row.status),
      detail = 'tenant.illegal_transition',
      hint = coalesce('allowed: ' || (select string_agg(r.action || ' → ' || r.to_status, ', ' order by r.action)
                                      from public.tenant_lifecycle_transitions r where r.from_status = before_row.status),
                      'no transitions leave this status');
  end if;
  perform private.assert_permission(rule.permission);
  if coalesce(trim(reason), '') = '' and transition_tenant.action not in ('submit', 'approve', 'activate', 'start_trial') then
    raise exception using errcode = '22023', message = 'a reason is required for this change',
      detail = 'tenant.reason_required', hint = format('say why the tenant should %s', transition_tenant.action);
  end if;
  select * into settings from public.tenant_lifecycle_settings;
  if transition_tenant.action = 'submit' and coalesce(before_row.contact ->> 'email', '') = '' then
    raise exception using errcode = '22023', message = 'a tenant needs a contact email before approval',
      detail = 'tenant.contact_required', hint = 'set contact.email';
  end if;
  if transition_tenant.action = 'churn' and before_row.status_changed_at > private.now() - make_interval(days => settings.churn_after_days) then
    raise exception using errcode = 'PT409', message = 'the tenant has not been archived long enough to churn',
      detail = 'tenant.retention_not_elapsed',
      hint = format('churn is possible from %s', before_row.status_changed_at + make_interval(days => settings.churn_after_days));
  end if;
  if trial_days is not null and (transition_tenant.action <> 'start_trial' or trial_days not between 1 and 365) then
    raise exception using errcode = '22023', message = 'trial days apply to start_trial only, between 1 and 365',
      detail = 'tenant.invalid_trial_days';
  end if;

  update public.tenants t
  set status = rule.to_status,
      status_changed_at = private.now(),
      trial_ends_at = case when rule.to_status = 'trial'
                           then private.now() + make_interval(days => coalesce(trial_days, settings.default_trial_days))
                           when rule.to_status = 'active' then null else t.trial_ends_at end
  where t.id = before_row.id
  returning * into after_row;

  insert into public.tenant_status_history (tenant_id, from_status, to_status, action, reason, actor_id)
  values (after_row.id, before_row.status, after_row.status, transition_tenant.action, nullif(trim(reason), ''), auth.uid());
  perform audit.record('tenant.' || transition_tenant.action, 'tenant', after_row.id::text,
                       to_jsonb(before_row), to_jsonb(after_row), after_row.id, nullif(trim(reason), ''));
  perform private.after_tenant_status_change(after_row, before_row.status, transition_tenant.action);
  return after_row;
end
$$;

-- One public function per lifecycle action: what the console and other services call.
create function public.submit_tenant(tenant_id uuid, reason text default null) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'submit', reason)).status $$;
create function public.reject_tenant(tenant_id uuid, reason text) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'reject', reason)).status $$;
create function public.approve_tenant(tenant_id uuid, reason text default null) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'approve', reason)).status $$;
create function public.start_tenant_trial(tenant_id uuid, trial_days int default null, reason text default null) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'start_trial', reason, trial_days)).status $$;
create function public.activate_tenant(tenant_id uuid, reason text default null) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'activate', reason)).status $$;
create function public.enter_tenant_grace(tenant_id uuid, reason text) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'enter_grace', reason)).status $$;
create function public.suspend_tenant(tenant_id uuid, reason text) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'suspend', reason)).status $$;
create function public.freeze_tenant(tenant_id uuid, reason text) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'freeze', reason)).status $$;
create function public.reactivate_tenant(tenant_id uuid, reason text) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'reactivate', reason)).status $$;
create function public.archive_tenant(tenant_id uuid, reason text) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'archive', reason)).status $$;
create function public.churn_tenant(tenant_id uuid, reason text) returns text
language sql security definer set search_path = ''
as $$ select (private.transition_tenant(tenant_id, 'churn', reason)).status $$;

-- The actions the caller may take now on a tenant (the console offers only these).
create function public.tenant_allowed_actions(tenant_id uuid)
returns table (action text, to_status text, reason_required boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select r.action, r.to_status, r.action not in ('submit', 'approve', 'activate', 'start_trial')
  from public.tenants t
  join public.tenant_lifecycle_transitions r on r.from_status = t.status
  where t.id = tenant_allowed_actions.tenant_id
    and (private.is_trusted_caller() or private.has_permission(r.permission))
  order by r.action
$$;

-- The dashboard's tenant counts by status.
create function public.tenant_status_counts()
returns table (status text, tenants bigint)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_permission('tenants.read');
  return query select t.status, count(*) from public.tenants t group by t.status order by t.status;
end
$$;
revoke execute on function public.tenant_status_counts() from public, anon;
grant execute on function public.tenant_status_counts() to authenticated, service_role;

revoke execute on function private.json_schema_errors(jsonb, jsonb, text), private.assert_valid_tenant(public.tenants),
  private.is_valid_timezone(text),
  private.tenants_validate(), private.my_tenant_ids(), private.my_tenant_ids_with_role(text[]),
  private.impersonated_tenant_ids(boolean), private.can_read_tenant(uuid), private.can_write_tenant(uuid),
  private.tenants_audit_profile_update(), private.after_tenant_status_change(public.tenants, text, text),
  private.transition_tenant(uuid, text, text, int) from public, anon;
grant execute on function private.my_tenant_ids(), private.my_tenant_ids_with_role(text[]), private.impersonated_tenant_ids(boolean),
  private.can_read_tenant(uuid), private.can_write_tenant(uuid), private.assert_valid_tenant(public.tenants),
  private.json_schema_errors(jsonb, jsonb, text), private.is_valid_timezone(text)
  to authenticated, service_role;

revoke execute on function public.create_tenant(text, jsonb, text, text, text, text, text, text, jsonb, jsonb, jsonb),
  public.submit_tenant(uuid, text), public.reject_tenant(uuid, text), public.approve_tenant(uuid, text),
  public.start_tenant_trial(uuid, int, text), public.activate_tenant(uuid, text), public.enter_tenant_grace(uuid, text),
  public.suspend_tenant(uuid, text), public.freeze_tenant(uuid, text), public.reactivate_tenant(uuid, text),
  public.archive_tenant(uuid, text), public.churn_tenant(uuid, text), public.tenant_allowed_actions(uuid) from public, anon;
grant execute on function public.create_tenant(text, jsonb, text, text, text, text, text, text, jsonb, jsonb, jsonb),
  public.submit_tenant(uuid, text), public.reject_tenant(uuid, text), public.approve_tenant(uuid, text),
  public.start_tenant_trial(uuid, int, text), public.activate_tenant(uuid, text), public.enter_tenant_grace(uuid, text),
  public.suspend_tenant(uuid, text), public.freeze_tenant(uuid, text), public.reactivate_tenant(uuid, text),
  public.archive_tenant(uuid, text), public.churn_tenant(uuid, text), public.tenant_allowed_actions(uuid)
  to authenticated, service_role;
