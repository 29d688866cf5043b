-- Plans, entitlements, limits and usage (C4).
--
-- What a tenant may use is decided here, in one SQL call shared by tenant apps, RLS policies, Edge
-- Functions and the console:
--   public.entitlements(tenant_id) → {plan, plan_version, modules, add_ons, features, limits,
--                                     sources, status_restriction, version}
--   public.has_feature(tenant_id, key) → boolean       (modules are features: 'module.workflow')
--   public.check_limit(tenant_id, key, requested) → {outcome allowed|warn|overage|blocked, …}
--   private.increment_usage(tenant_id, key, amount, period_start) → the check, applied
--   public.change_plan(tenant_id, plan_code, 'now'|'period_end', reason) → with proration
--
-- Effective value of a feature, highest precedence first:
--   1. a tenant override that is not removed and not expired: a revocation (boolean false, limit
--      0, enum the global default) beats everything below; a grant sets the value outright;
--   2. the plan's value, plus add-ons (a boolean add-on turns the feature on, a limit add-on adds
--      value × quantity to a finite limit, an enum add-on sets the value);
--   3. the feature's global default (features.default_value).
--
-- Lifecycle restriction (applied after precedence, recorded in status_restriction):
--   trial, active                     none: the effective set as computed.
--   grace                             every feature stays; billable-overage limits act as hard
--                                     limits (no new billable usage while a payment is overdue).
--   suspended                         only features with kept_when in (suspended, frozen) stay on
--                                     (e.g. reports, data export); every limit blocks new usage.
--   frozen                            only features with kept_when = frozen stay on (data export);
--                                     every limit blocks new usage.
--   draft, pending_approval, approved,
--   archived, churned ("inactive")    nothing is on; every limit blocks new usage.
-- Restricted booleans read false, restricted enums read their global default; limits keep their
-- value (so the console can show them) with "restricted": true.
--
-- Speed: the effective set is materialised per tenant in public.tenant_entitlements and rebuilt
-- by private.refresh_entitlements on every change that touches the tenant (plan, add-on,
-- override, status), which bumps the row's version and NOTIFYs channel 'entitlements' with
-- {tenant_id, version, cause}. Catalogue-wide changes (a global default) mark every row stale
-- and enqueue a refresh; readers never trust a stale row or one past its valid_until (the
-- earliest expiry of an override or add-on, or a due plan change): they compute on the fly.

-- ── catalogue ───────────────────────────────────────────────────────────────────────────────

create table public.modules (
  code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  sort_order int not null default 100
);

create table public.features (
  key text primary key check (key ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
  type text not null check (type in ('boolean', 'limit', 'enum')),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  module_code text references public.modules (code),
  -- boolean: true/false; limit: a number ≥ 0 or null (unlimited); enum: one of enum_values
  default_value jsonb not null,
  enum_values text[],
  -- limits: the counting period and the type used when no plan says otherwise
  period text check (period in ('month', 'none')),
  default_limit_type text check (default_limit_type in ('hard', 'soft', 'overage')),
  unit text,
  -- how far into a lifecycle restriction the feature survives (see the header)
  kept_when text not null default 'never' check (kept_when in ('never', 'suspended', 'frozen')),
  sort_order int not null default 100,
  check ((type = 'limit') = (period is not null and default_limit_type is not null)),
  check ((type = 'enum') = (enum_values is not null)),
  check (case type when 'boolean' then jsonb_typeof(default_value) = 'boolean'
                   when 'limit' then jsonb_typeof(default_value) = 'null'
                                     or (jsonb_typeof(default_value) = 'number' and default_value::numeric >= 0)
                   else jsonb_typeof(default_value) = 'string' and (default_value #>> '{}') = any (enum_values) end)
);
create index features_module_idx on public.features (module_code);

create table public.plans (
  id uuid primary key default extensions.gen_random_uuid(),
  code text not null check (code ~ '^[a-z][a-z0-9_]*$'),
  version int not null default 1 check (version >= 1),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  -- tier orders plans for upgrade / downgrade when prices tie
  tier int not null default 0,
  trial_days int not null default 0 check (trial_days between 0 and 365),
  status text not null default 'active' check (status in ('active', 'archived')),
  -- the version new subscribers get; older versions keep their (grandfathered) tenants
  is_current boolean not null default true,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  unique (code, version)
);
create unique index plans_current_idx on public.plans (code) where is_current;
create unique index plans_default_idx on public.plans (is_default) where is_default and is_current;
create index plans_created_by_idx on public.plans (created_by);

create table public.plan_prices (
  plan_id uuid not null references public.plans (id) on delete cascade,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  interval text not null check (interval in ('month', 'year')),
  amount numeric(14,3) not null check (amount >= 0),
  primary key (plan_id, currency, interval)
);

create table public.plan_features (
  plan_id uuid not null references public.plans (id) on delete cascade,
  feature_key text not null references public.features (key),
  value jsonb not null,
  -- limits only
  limit_type text check (limit_type in ('hard', 'soft', 'overage')),
  overage_prices jsonb check (overage_prices is null or jsonb_typeof(overage_prices) = 'object'),
  primary key (plan_id, feature_key)
);
create index plan_features_feature_idx on public.plan_features (feature_key);

create table public.add_ons (
  code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  prices jsonb not null default '{}' check (jsonb_typeof(prices) = 'object'),  -- {"OMR": {"month": 2.000}}
  status text not null default 'active' check (status in ('active', 'archived'))
);

create table public.add_on_features (
  add_on_code text not null references public.add_ons (code) on delete cascade,
  feature_key text not null references public.features (key),
  value jsonb not null,  -- boolean true, a limit increment per unit, or an enum value
  primary key (add_on_code, feature_key)
);
create index add_on_features_feature_idx on public.add_on_features (feature_key);

-- ── tenant state ────────────────────────────────────────────────────────────────────────────

create table public.tenant_plans (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  plan_id uuid not null references public.plans (id),
  billing_interval text not null default 'month' check (billing_interval in ('month', 'year')),
  started_at timestamptz not null default now(),
  current_period_start timestamptz not null,
  current_period_end timestamptz not null check (current_period_end > current_period_start),
  pending_plan_id uuid references public.plans (id),
  pending_effective_at timestamptz,
  updated_at timestamptz not null default now(),
  check ((pending_plan_id is null) = (pending_effective_at is null))
);
create index tenant_plans_plan_idx on public.tenant_plans (plan_id);
create index tenant_plans_pending_idx on public.tenant_plans (pending_plan_id);
create index tenant_plans_due_idx on public.tenant_plans (pending_effective_at) where pending_plan_id is not null;

create table public.tenant_add_ons (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  add_on_code text not null references public.add_ons (code),
  quantity int not null default 1 check (quantity between 1 and 1000),
  started_at timestamptz not null default now(),
  expires_at timestamptz,
  primary key (tenant_id, add_on_code)
);
create index tenant_add_ons_add_on_idx on public.tenant_add_ons (add_on_code);

create table public.entitlement_overrides (
  id uuid primary key default extensions.gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  feature_key text not null references public.features (key),
  kind text not null check (kind in ('grant', 'revoke')),
  value jsonb,
  reason text not null check (length(trim(reason)) >= 3),
  actor_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  removed_at timestamptz,
  removed_by uuid references auth.users (id) on delete set null,
  check ((kind = 'grant') = (value is not null))
);
-- one live override per tenant and feature
create unique index entitlement_overrides_live_idx on public.entitlement_overrides (tenant_id, feature_key) where removed_at is null;
create index entitlement_overrides_feature_idx on public.entitlement_overrides (feature_key);
create index entitlement_overrides_actor_idx on public.entitlement_overrides (actor_id);
create index entitlement_overrides_removed_by_idx on public.entitlement_overrides (removed_by);

create table public.usage_counters (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  feature_key text not null references public.features (key),
  period_start date not null,  -- the month's first day, or 1970-01-01 for limits without a period
  used numeric not null default 0 check (used >= 0),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, feature_key, period_start)
);
create index usage_counters_feature_idx on public.usage_counters (feature_key);

create table public.limit_breaches (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  feature_key text not null references public.features (key),
  period_start date not null,
  outcome text not null check (outcome in ('warn', 'overage', 'blocked')),
  limit_type text not null,
  limit_value numeric not null,
  used_before numeric not null,
  requested numeric not null,
  overage_units numeric not null default 0,
  unit_price numeric(14,3),
  amount numeric(14,3),
  currency text,
  billed_at timestamptz,  -- set by billing when the overage is invoiced
  created_at timestamptz not null default now()
);
create index limit_breaches_tenant_idx on public.limit_breaches (tenant_id, created_at desc);
create index limit_breaches_feature_idx on public.limit_breaches (feature_key);
create index limit_breaches_unbilled_idx on public.limit_breaches (tenant_id) where outcome = 'overage' and billed_at is null;

create table public.plan_changes (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  from_plan_id uuid references public.plans (id),
  to_plan_id uuid not null references public.plans (id),
  direction text not null check (direction in ('new', 'upgrade', 'downgrade', 'lateral')),
  effective text not null check (effective in ('now', 'period_end')),
  effective_at timestamptz not null,
  status text not null check (status in ('applied', 'scheduled', 'cancelled', 'blocked')),
  proration jsonb not null default '{}',
  reason text,
  actor_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index plan_changes_tenant_idx on public.plan_changes (tenant_id, id desc);
create index plan_changes_from_idx on public.plan_changes (from_plan_id);
create index plan_changes_to_idx on public.plan_changes (to_plan_id);
create index plan_changes_actor_idx on public.plan_changes (actor_id);

-- The materialised effective set (see the header).
create table public.tenant_entitlements (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  version bigint not null default 1,
  entitlements jsonb not null,
  plan_code text,
  stale boolean not null default false,
  valid_until timestamptz not null default 'infinity',
  computed_at timestamptz not null default now()
);
create index tenant_entitlements_stale_idx on public.tenant_entitlements (tenant_id) where stale;

-- ── RLS ─────────────────────────────────────────────────────────────────────────────────────

alter table public.modules enable row level security;
alter table public.features enable row level security;
alter table public.plans enable row level security;
alter table public.plan_prices enable row level security;
alter table public.plan_features enable row level security;
alter table public.add_ons enable row level security;
alter table public.add_on_features enable row level security;
alter table public.tenant_plans enable row level security;
alter table public.tenant_add_ons enable row level security;
alter table public.entitlement_overrides enable row level security;
alter table public.usage_counters enable row level security;
alter table public.limit_breaches enable row level security;
alter table public.plan_changes enable row level security;
alter table public.tenant_entitlements enable row level security;

revoke all on public.modules, public.features, public.plans, public.plan_prices, public.plan_features, public.add_ons,
  public.add_on_features, public.tenant_plans, public.tenant_add_ons, public.entitlement_overrides, public.usage_counters,
  public.limit_breaches, public.plan_changes, public.tenant_entitlements from anon;
-- Everything changes through the functions below.
revoke insert, update, delete, truncate on public.modules, public.features, public.plans, public.plan_prices,
  public.plan_features, public.add_ons, public.add_on_features, public.tenant_plans, public.tenant_add_ons,
  public.entitlement_overrides, public.usage_counters, public.limit_breaches, public.plan_changes,
  public.tenant_entitlements from authenticated;

-- The catalogue (features, plans, prices, add-ons) is what tenants buy: any signed-in user reads it.
create policy "signed-in users read modules" on public.modules for select to authenticated using (true);
create policy "signed-in users read features" on public.features for select to authenticated using (true);
create policy "signed-in users read plans" on public.plans for select to authenticated using (true);
create policy "signed-in users read plan prices" on public.plan_prices for select to authenticated using (true);
create policy "signed-in users read plan features" on public.plan_features for select to authenticated using (true);
create policy "signed-in users read add-ons" on public.add_ons for select to authenticated using (true);
create policy "signed-in users read add-on features" on public.add_on_features for select to authenticated using (true);

create policy "tenant plan readers" on public.tenant_plans for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('plans.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "tenant add-on readers" on public.tenant_add_ons for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('plans.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "override readers" on public.entitlement_overrides for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('plans.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "usage readers" on public.usage_counters for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('plans.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "breach readers" on public.limit_breaches for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('plans.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "plan change readers" on public.plan_changes for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('plans.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "entitlement readers" on public.tenant_entitlements for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('plans.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));

-- ── computing the effective set ─────────────────────────────────────────────────────────────

create function private.status_restriction(status text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when status in ('trial', 'active') then null
              when status in ('grace', 'suspended', 'frozen') then status
              else 'inactive' end
$$;

-- The period a usage counter for a limit falls in.
create function private.usage_period_start(period text, ts timestamptz)
returns date
language sql
immutable
set search_path = ''
as $$
  select case when period = 'month' then (pg_catalog.date_trunc('month', ts at time zone 'UTC'))::date
              else date '1970-01-01' end
$$;

-- The effective set from the source tables, never from the cache. with_plan_id computes it as
-- if the tenant were on that plan (change_plan's downgrade check). Null for an unknown tenant.
create function private.compute_entitlements(tenant_id uuid, with_plan_id uuid default null)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  with t as (
    select t.id, t.status, t.currency, private.status_restriction(t.status) as restriction
    from public.tenants t where t.id = compute_entitlements.tenant_id
  ), p as (
    select pl.id, pl.code, pl.version from public.plans pl
    where pl.id = coalesce(with_plan_id, (select tp.plan_id from public.tenant_plans tp where tp.tenant_id = compute_entitlements.tenant_id))
  ), ao as (
    select a.add_on_code, a.quantity from public.tenant_add_ons a
    where a.tenant_id = compute_entitlements.tenant_id and (a.expires_at is null or a.expires_at > private.now())
  ), ov as (
    select o.feature_key, o.kind, o.value, o.expires_at from public.entitlement_overrides o
    where o.tenant_id = compute_entitlements.tenant_id and o.removed_at is null
      and (o.expires_at is null or o.expires_at > private.now())
  ), raw as (
    select f.key, f.type, f.kept_when, f.period, f.default_value,
           coalesce(pf.limit_type, f.default_limit_type) as limit_type,
           pf.overage_prices,
           ov.kind,
           case
             when ov.kind = 'revoke' then case f.type when 'boolean' then 'false'::jsonb when 'limit' then '0'::jsonb else f.default_value end
             when ov.kind = 'grant' then ov.value
             when f.type = 'boolean' then to_jsonb(coalesce(pf.value, f.default_value) = 'true'::jsonb or coalesce(a.any_true, false))
             when f.type = 'limit' then case when jsonb_typeof(coalesce(pf.value, f.default_value)) = 'null' then 'null'::jsonb
                                             else to_jsonb(coalesce(pf.value, f.default_value)::numeric + coalesce(a.extra, 0)) end
             else coalesce(a.enum_value, pf.value, f.default_value)
           end as value,
           case when ov.kind is not null then ov.kind
                when a.add_on_code is not null then 'add_on'
                when pf.feature_key is not null then 'plan'
                else 'default' end as source
    from public.features f
    left join public.plan_features pf on pf.plan_id = (select p.id from p) and pf.feature_key = f.key
    left join ov on ov.feature_key = f.key
    left join lateral (
      select bool_or(af.value = 'true'::jsonb) as any_true,
             sum(case when jsonb_typeof(af.value) = 'number' then af.value::numeric * ao.quantity end) as extra,
             max(af.value::text) filter (where jsonb_typeof(af.value) = 'string')::jsonb as enum_value,
             min(ao.add_on_code) as add_on_code
      from public.add_on_features af join ao on ao.add_on_code = af.add_on_code
      where af.feature_key = f.key
        and (af.value = 'true'::jsonb or jsonb_typeof(af.value) in ('number', 'string'))
    ) a on true
  ), eff as (
    select r.*,
           case when t.restriction is null or t.restriction = 'grace' then false
                when t.restriction = 'suspended' then r.kept_when = 'never'
                when t.restriction = 'frozen' then r.kept_when <> 'frozen'
                else true end as restricted
    from raw r cross join t
  )
  select jsonb_build_object(
    'tenant_id', t.id,
    'plan', (select p.code from p),
    'plan_version', (select p.version from p),
    'status', t.status,
    'status_restriction', t.restriction,
    'add_ons', coalesce((select jsonb_agg(jsonb_build_object('code', ao.add_on_code, 'quantity', ao.quantity) order by ao.add_on_code) from ao), '[]'),
    'modules', coalesce((select jsonb_agg(substr(e.key, 8) order by e.key) from eff e
                         where e.key like 'module.%' and e.type = 'boolean' and e.value = 'true'::jsonb and not e.restricted), '[]'),
    'features', (select jsonb_object_agg(e.key,
                   case when not e.restricted or e.type = 'limit' then e.value
                        when e.type = 'boolean' then 'false'::jsonb else e.default_value end) from eff e),
    'sources', (select jsonb_object_agg(e.key, case when e.restricted and e.type <> 'limit' then 'restricted' else e.source end) from eff e),
    'limits', coalesce((select jsonb_object_agg(e.key, jsonb_build_object(
                 'limit', e.value, 'type', e.limit_type, 'period', e.period, 'source', e.source,
                 'restricted', e.restricted or (t.restriction is not null and t.restriction <> 'grace'),
                 'unit_price', (e.overage_prices ->> t.currency)::numeric, 'currency', t.currency))
               from eff e where e.type = 'limit'), '{}')
  )
  from t
$$;

-- Rebuilds a tenant's cached set, bumps its version and tells listeners.
create function private.refresh_entitlements(tenant_id uuid, cause text default 'change')
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  computed jsonb := private.compute_entitlements(tenant_id);
  until timestamptz;
  new_version bigint;
begin
  if computed is null then
    return null;  -- the tenant is gone
  end if;
  select least(
    (select min(o.expires_at) from public.entitlement_overrides o
      where o.tenant_id = refresh_entitlements.tenant_id and o.removed_at is null and o.expires_at > private.now()),
    (select min(a.expires_at) from public.tenant_add_ons a
      where a.tenant_id = refresh_entitlements.tenant_id and a.expires_at > private.now()),
    (select tp.pending_effective_at from public.tenant_plans tp where tp.tenant_id = refresh_entitlements.tenant_id))
  into until;
  insert into public.tenant_entitlements as e (tenant_id, version, entitlements, plan_code, stale, valid_until, computed_at)
  values (tenant_id, 1, computed, computed ->> 'plan', false, coalesce(until, 'infinity'), private.now())
  on conflict on constraint tenant_entitlements_pkey do update
    set version = e.version + 1, entitlements = excluded.entitlements, plan_code = excluded.plan_code, stale = false,
        valid_until = excluded.valid_until, computed_at = excluded.computed_at
  returning e.version into new_version;
  perform pg_notify('entitlements', jsonb_build_object('tenant_id', tenant_id, 'version', new_version, 'cause', cause)::text);
  return new_version;
end
$$;

-- Catalogue-wide changes: every cached set is suspect until refreshed (readers compute meanwhile).
create function private.invalidate_all_entitlements(cause text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.tenant_entitlements set stale = true, version = version + 1 where not stale;
  perform pg_notify('entitlements', jsonb_build_object('tenant_id', null, 'cause', cause)::text);
  perform private.enqueue('maintenance', 'entitlements.refresh_stale', '{}'::jsonb);
end
$$;

create function private.job_refresh_stale_entitlements(payload jsonb, job jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  tid uuid;
begin
  for tid in select e.tenant_id from public.tenant_entitlements e where e.stale or e.valid_until <= private.now() loop
    perform private.refresh_entitlements(tid, 'refresh');
  end loop;
end
$$;
select private.register_job_handler('entitlements.refresh_stale', sql_handler => 'private.job_refresh_stale_entitlements(jsonb, jsonb)'::regprocedure,
  description => 'rebuilds cached entitlement sets that are stale or past an expiry');

-- May the caller see this tenant's entitlements? Trusted callers, the tenant's users, staff with
-- tenants.read or plans.read, and staff impersonating it.
create function private.assert_entitlement_reader(tenant_id uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if private.is_trusted_caller() or private.can_read_tenant(tenant_id) or private.has_permission('plans.read') then
    return;
  end if;
  if auth.uid() is null then
    raise exception using errcode = 'PT401', message = 'sign in first', detail = 'auth.not_signed_in', hint = 'send a valid access token';
  end if;
  raise exception using errcode = 'PT403', message = 'this tenant is not yours to see', detail = 'tenant.forbidden',
    hint = 'ask the tenant owner or HQ for access';
end
$$;

-- The cached set if it can be trusted, else a fresh computation (without writing: readers may be
-- in read-only transactions). Raises for an unknown tenant.
create function private.current_entitlements(tenant_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  e record;
  computed jsonb;
begin
  select x.entitlements, x.version, x.stale or x.valid_until <= private.now() as suspect into e
  from public.tenant_entitlements x where x.tenant_id = current_entitlements.tenant_id;
  if found and not e.suspect then
    return e.entitlements || jsonb_build_object('version', e.version);
  end if;
  computed := private.compute_entitlements(tenant_id);
  if computed is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found', hint = 'check the tenant id';
  end if;
  return computed || jsonb_build_object('version', coalesce(e.version, 0));
end
$$;

create function private.unknown_feature(feature_key text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  raise exception using errcode = '22023', message = format('unknown feature %s', coalesce(feature_key, '(null)')),
    detail = 'entitlements.unknown_feature', hint = 'see public.features for the catalogue';
end
$$;

-- ── the public reads ────────────────────────────────────────────────────────────────────────

create function public.entitlements(tenant_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  ent jsonb;
  limits jsonb;
begin
  perform private.assert_entitlement_reader(tenant_id);
  ent := private.current_entitlements(tenant_id);
  -- usage changes far more often than entitlements: overlay the current counters on the limits
  select jsonb_object_agg(l.key, l.value || jsonb_build_object(
           'used', coalesce(u.used, 0),
           'remaining', case when jsonb_typeof(l.value -> 'limit') = 'number'
                             then greatest((l.value ->> 'limit')::numeric - coalesce(u.used, 0), 0) end,
           'period_start', private.usage_period_start(l.value ->> 'period', private.now())))
  into limits
  from jsonb_each(ent -> 'limits') l
  left join public.usage_counters u on u.tenant_id = entitlements.tenant_id and u.feature_key = l.key
    and u.period_start = private.usage_period_start(l.value ->> 'period', private.now());
  return ent || jsonb_build_object('limits', coalesce(limits, '{}'));
end
$$;

-- Boolean features and modules: the value. Limits: unlimited or above zero. Enums: anything
-- but the value 'none'.
create function public.has_feature(tenant_id uuid, feature_key text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v jsonb;
  suspect boolean;
begin
  if not private.is_trusted_caller() then
    perform private.assert_entitlement_reader(tenant_id);
  end if;
  select x.entitlements -> 'features' -> feature_key, x.stale or x.valid_until <= private.now() into v, suspect
  from public.tenant_entitlements x where x.tenant_id = has_feature.tenant_id;
  if suspect is distinct from false then
    v := private.current_entitlements(tenant_id) -> 'features' -> feature_key;
  end if;
  if v is null then
    perform private.unknown_feature(feature_key);
  end if;
  return case jsonb_typeof(v) when 'boolean' then v = 'true'::jsonb
                              when 'null' then true
                              when 'number' then v::numeric > 0
                              else (v #>> '{}') <> 'none' end;
end
$$;

-- The decision for one limit, without authorisation or side effects (increment_usage reuses it).
create function private.limit_decision(ent jsonb, limit_key text, requested numeric, used numeric)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  l jsonb := ent -> 'limits' -> limit_key;
  lim numeric;
  restriction text := ent ->> 'status_restriction';
  outcome text;
  reason text;
  over numeric := 0;
begin
  if requested is null or requested < 0 then
    raise exception using errcode = '22023', message = 'the requested amount must be zero or more',
      detail = 'entitlements.invalid_request', hint = format('got %s', coalesce(requested::text, 'null'));
  end if;
  if l is null then
    if ent -> 'features' ? limit_key then
      raise exception using errcode = '22023', message = format('%s is not a limit', limit_key),
        detail = 'entitlements.not_a_limit', hint = 'use has_feature for boolean and enum features';
    end if;
    perform private.unknown_feature(limit_key);
  end if;
  lim := case when jsonb_typeof(l -> 'limit') = 'number' then (l ->> 'limit')::numeric end;
  if requested > 0 and restriction in ('suspended', 'frozen', 'inactive') then
    outcome := 'blocked'; reason := 'tenant.restricted';
  elsif lim is null or used + requested <= lim then
    outcome := 'allowed';
  elsif l ->> 'type' = 'soft' then
    outcome := 'warn'; reason := 'limit.soft_exceeded';
  elsif l ->> 'type' = 'overage' and restriction is distinct from 'grace' then
    outcome := 'overage'; reason := 'limit.overage';
    over := used + requested - greatest(lim, used);
  else
    outcome := 'blocked';
    reason := case when l ->> 'type' = 'overage' then 'tenant.grace' else 'limit.hard_exceeded' end;
  end if;
  return jsonb_build_object(
    'outcome', outcome, 'reason', reason, 'limit_key', limit_key, 'limit', lim, 'type', l ->> 'type',
    'used', used, 'requested', requested,
    'remaining', case when lim is not null then greatest(lim - used, 0) end,
    'period', l ->> 'period', 'period_start', private.usage_period_start(l ->> 'period', private.now()),
    'overage_units', over, 'unit_price', l -> 'unit_price', 'currency', l -> 'currency',
    'overage_amount', case when over > 0 then round(over * coalesce((l ->> 'unit_price')::numeric, 0), 3) end,
    'status_restriction', restriction);
end
$$;

create function public.check_limit(tenant_id uuid, limit_key text, requested numeric default 1)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  ent jsonb;
  used numeric;
begin
  perform private.assert_entitlement_reader(tenant_id);
  ent := private.current_entitlements(tenant_id);
  select u.used into used from public.usage_counters u
  where u.tenant_id = check_limit.tenant_id and u.feature_key = check_limit.limit_key
    and u.period_start = private.usage_period_start(ent -> 'limits' -> limit_key ->> 'period', private.now());
  return private.limit_decision(ent, limit_key, requested, coalesce(used, 0));
end
$$;

-- Counts usage against a limit. A positive amount is checked first: a blocked amount is not
-- counted; warn and overage are counted and recorded in limit_breaches (a block is recorded too,
-- for alerts). A negative amount releases usage (gauges such as max_users), never below zero.
-- period_start defaults to the limit's current period. Returns the decision with "applied".
create function private.increment_usage(tenant_id uuid, limit_key text, amount numeric default 1, period_start date default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  ent jsonb := private.current_entitlements(tenant_id);
  period date;
  used numeric;
  decision jsonb;
begin
  if amount is null or amount = 0 then
    raise exception using errcode = '22023', message = 'the amount must be a non-zero number',
      detail = 'entitlements.invalid_amount', hint = 'use a negative amount to release usage';
  end if;
  -- validates the key (unknown feature, not a limit) before touching counters
  decision := private.limit_decision(ent, limit_key, 0, 0);
  period := coalesce(period_start, (decision ->> 'period_start')::date);
  insert into public.usage_counters (tenant_id, feature_key, period_start) values (tenant_id, limit_key, period)
  on conflict on constraint usage_counters_pkey do nothing;
  -- the row lock serialises concurrent increments, so two callers cannot both take the last unit
  select u.used into used from public.usage_counters u
  where u.tenant_id = increment_usage.tenant_id and u.feature_key = limit_key and u.period_start = period for update;
  if amount < 0 then
    update public.usage_counters u set used = greatest(u.used + amount, 0), updated_at = private.now()
    where u.tenant_id = increment_usage.tenant_id and u.feature_key = limit_key and u.period_start = period;
    return private.limit_decision(ent, limit_key, 0, greatest(used + amount, 0)) || jsonb_build_object('applied', true);
  end if;
  decision := private.limit_decision(ent, limit_key, amount, used);
  if decision ->> 'outcome' <> 'blocked' then
    update public.usage_counters u set used = u.used + amount, updated_at = private.now()
    where u.tenant_id = increment_usage.tenant_id and u.feature_key = limit_key and u.period_start = period;
  end if;
  if decision ->> 'outcome' <> 'allowed' then
    insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before,
                                       requested, overage_units, unit_price, amount, currency)
    values (tenant_id, limit_key, period, decision ->> 'outcome', decision ->> 'type', coalesce((decision ->> 'limit')::numeric, 0),
            used, amount, (decision ->> 'overage_units')::numeric, (decision ->> 'unit_price')::numeric,
            (decision ->> 'overage_amount')::numeric, decision ->> 'currency');
    perform pg_notify('limit_breaches', jsonb_build_object('tenant_id', tenant_id, 'limit_key', limit_key,
                                                            'outcome', decision ->> 'outcome')::text);
  end if;
  return decision || jsonb_build_object('applied', decision ->> 'outcome' <> 'blocked',
                                        'used', case when decision ->> 'outcome' <> 'blocked' then used + amount else used end);
end
$$;

-- ── plan catalogue management ───────────────────────────────────────────────────────────────

-- Every problem with a value for a feature, or null when it fits the feature's type.
create function private.feature_value_error(f public.features, value jsonb)
returns text
language sql
stable
set search_path = ''
as $$
  select case
    when f.key is null then 'unknown feature'
    when value is null then 'a value is required'
    when f.type = 'boolean' and jsonb_typeof(value) <> 'boolean' then 'must be true or false'
    when f.type = 'limit' and not (jsonb_typeof(value) = 'null' or (jsonb_typeof(value) = 'number' and value::numeric >= 0))
      then 'must be a number ≥ 0 or null (unlimited)'
    when f.type = 'enum' and not (jsonb_typeof(value) = 'string' and (value #>> '{}') = any (f.enum_values))
      then format('must be one of %s', array_to_string(f.enum_values, ', '))
  end
$$;

-- Creates or edits a plan. definition: {name, description, tier, trial_days, is_default,
-- prices: [{currency, interval, amount}], features: {key: value},
-- limits: {key: {limit, type hard|soft|overage, overage_prices: {CUR: amount}}}}.
-- Editing a plan that has subscribers creates a new version (they stay on theirs).
create function public.save_plan(code text, definition jsonb, reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  errors text[] := '{}';
  cur public.plans;
  saved_id uuid;
  new_version boolean := false;
  k text;
  v jsonb;
  f public.features;
  e text;
begin
  perform private.assert_permission('plans.write');
  if code is null or code !~ '^[a-z][a-z0-9_]*$' then
    errors := errors || 'code: lowercase letters, digits and _'::text;
  end if;
  if definition is null or jsonb_typeof(definition) <> 'object' then
    raise exception using errcode = '22023', message = 'a plan definition is a JSON object', detail = 'plans.invalid',
      hint = 'send {name, prices, features, limits}';
  end if;
  if coalesce(trim(definition -> 'name' ->> 'en'), '') = '' then
    errors := errors || 'name.en is required'::text;
  end if;
  if definition ? 'trial_days' and not coalesce(case when (definition ->> 'trial_days') ~ '^\d{1,3}$' then (definition ->> 'trial_days')::int <= 365 end, false) then
    errors := errors || 'trial_days: 0–365'::text;
  end if;
  for v in select * from jsonb_array_elements(case when jsonb_typeof(definition -> 'prices') = 'array' then definition -> 'prices' else '[]' end) loop
    if coalesce(v ->> 'currency', '') !~ '^[A-Z]{3}$' or coalesce(v ->> 'interval', '') not in ('month', 'year')
       or jsonb_typeof(v -> 'amount') is distinct from 'number' or (v ->> 'amount')::numeric < 0 then
      errors := errors || format('prices: %s needs currency (ISO 4217), interval month|year and amount ≥ 0', v)::text;
    end if;
  end loop;
  for k, v in select * from jsonb_each(coalesce(definition -> 'features', '{}')) order by 1 loop
    select * into f from public.features x where x.key = k;
    e := private.feature_value_error(f, v);
    if f.type = 'limit' then e := 'is a limit: put it under limits'; end if;
    if e is not null then errors := errors || format('features.%s: %s', k, e)::text; end if;
  end loop;
  for k, v in select * from jsonb_each(coalesce(definition -> 'limits', '{}')) order by 1 loop
    select * into f from public.features x where x.key = k;
    e := case when f.key is not null and f.type <> 'limit' then 'is not a limit'
              when jsonb_typeof(v) <> 'object' then 'must be {limit, type}'
              else private.feature_value_error(f, coalesce(v -> 'limit', 'null'::jsonb)) end;
    if e is null and coalesce(v ->> 'type', f.default_limit_type) not in ('hard', 'soft', 'overage') then
      e := 'type must be hard, soft or overage';
    end if;
    if e is null and v ->> 'type' = 'overage' and jsonb_typeof(v -> 'overage_prices') is distinct from 'object' then
      e := 'a billable overage needs overage_prices {currency: unit price}';
    end if;
    if e is not null then errors := errors || format('limits.%s: %s', k, e)::text; end if;
  end loop;
  if cardinality(errors) > 0 then
    raise exception using errcode = '22023', message = 'the plan is not valid', detail = 'plans.invalid',
      hint = array_to_string(errors, '; ');
  end if;

  select * into cur from public.plans p where p.code = save_plan.code and p.is_current for update;
  if cur.id is not null and (exists (select from public.tenant_plans tp where tp.plan_id = cur.id or tp.pending_plan_id = cur.id)
                             or exists (select from public.plan_changes pc where pc.to_plan_id = cur.id or pc.from_plan_id = cur.id)) then
    -- grandfathering: subscribers keep this version; new subscribers get the next one
    update public.plans p set is_current = false where p.id = cur.id;
    new_version := true;
  end if;
  if definition -> 'is_default' = 'true'::jsonb then
    update public.plans p set is_default = false where p.is_default and p.code <> save_plan.code;
  end if;
  if cur.id is null or new_version then
    insert into public.plans (code, version, name, description, tier, trial_days, status, is_current, is_default, created_by)
    values (code, coalesce(cur.version + 1, 1), definition -> 'name', coalesce(definition -> 'description', '{}'),
            coalesce((definition ->> 'tier')::int, cur.tier, 0), coalesce((definition ->> 'trial_days')::int, cur.trial_days, 0),
            coalesce(cur.status, 'active'), true, coalesce((definition ->> 'is_default')::boolean, cur.is_default, false), auth.uid())
    returning id into saved_id;
  else
    saved_id := cur.id;
    update public.plans p set name = definition -> 'name', description = coalesce(definition -> 'description', p.description),
      tier = coalesce((definition ->> 'tier')::int, p.tier), trial_days = coalesce((definition ->> 'trial_days')::int, p.trial_days),
      is_default = coalesce((definition ->> 'is_default')::boolean, p.is_default)
    where p.id = cur.id;
    delete from public.plan_prices x where x.plan_id = cur.id;
    delete from public.plan_features x where x.plan_id = cur.id;
  end if;
  insert into public.plan_prices (plan_id, currency, interval, amount)
  select saved_id, x ->> 'currency', x ->> 'interval', (x ->> 'amount')::numeric
  from jsonb_array_elements(coalesce(definition -> 'prices', '[]')) x;
  insert into public.plan_features (plan_id, feature_key, value)
  select saved_id, x.key, x.value from jsonb_each(coalesce(definition -> 'features', '{}')) x;
  insert into public.plan_features (plan_id, feature_key, value, limit_type, overage_prices)
  select saved_id, x.key, coalesce(x.value -> 'limit', 'null'::jsonb), coalesce(x.value ->> 'type', f2.default_limit_type),
         x.value -> 'overage_prices'
  from jsonb_each(coalesce(definition -> 'limits', '{}')) x join public.features f2 on f2.key = x.key;

  perform audit.record(case when cur.id is null then 'plan.create' when new_version then 'plan.version' else 'plan.update' end,
                       'plan', saved_id::text, case when cur.id is not null then to_jsonb(cur) end, definition, null, reason);
  return jsonb_build_object('plan_id', saved_id, 'code', code,
                            'version', (select p.version from public.plans p where p.id = saved_id), 'new_version', new_version);
end
$$;

create function public.archive_plan(code text, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.assert_permission('plans.write');
  update public.plans p set status = 'archived', is_default = false where p.code = archive_plan.code and p.status = 'active';
  if not found then
    raise exception using errcode = 'PT404', message = format('no active plan %s', code), detail = 'plans.not_found',
      hint = 'see public.plans';
  end if;
  perform audit.record('plan.archive', 'plan', code, null, null, null, reason);
end
$$;

-- A catalogue-wide default: every tenant without a plan or override value follows it.
create function public.set_feature_default(feature_key text, value jsonb, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  f public.features;
  e text;
begin
  perform private.assert_permission('plans.write');
  select * into f from public.features x where x.key = feature_key for update;
  if f.key is null then perform private.unknown_feature(feature_key); end if;
  e := private.feature_value_error(f, value);
  if e is not null then
    raise exception using errcode = '22023', message = format('bad value for %s', feature_key), detail = 'entitlements.invalid_value', hint = e;
  end if;
  update public.features x set default_value = value where x.key = feature_key;
  perform audit.record('feature.set_default', 'feature', feature_key, jsonb_build_object('default_value', f.default_value),
                       jsonb_build_object('default_value', value), null, reason);
  perform private.invalidate_all_entitlements('feature.' || feature_key);
end
$$;

-- ── grants, revocations and add-ons ─────────────────────────────────────────────────────────

create function private.assert_tenant_exists(tenant_id uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if tenant_id is null or not exists (select from public.tenants t where t.id = tenant_id) then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found', hint = 'check the tenant id';
  end if;
end
$$;

create function private.set_override(tenant_id uuid, feature_key text, kind text, value jsonb, reason text, expires_at timestamptz)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  f public.features;
  e text;
  previous public.entitlement_overrides;
  new_id uuid;
begin
  perform private.assert_permission('plans.write');
  perform private.assert_tenant_exists(tenant_id);
  select * into f from public.features x where x.key = feature_key;
  if f.key is null then perform private.unknown_feature(feature_key); end if;
  if kind = 'grant' then
    e := private.feature_value_error(f, value);
    if e is not null then
      raise exception using errcode = '22023', message = format('bad value for %s', feature_key), detail = 'entitlements.invalid_value', hint = e;
    end if;
  end if;
  if length(trim(coalesce(reason, ''))) < 3 then
    raise exception using errcode = '22023', message = 'a reason is required', detail = 'entitlements.reason_required',
      hint = 'say why (3+ characters)';
  end if;
  if expires_at is not null and expires_at <= private.now() then
    raise exception using errcode = '22023', message = 'the expiry must be in the future', detail = 'entitlements.invalid_expiry',
      hint = 'omit it for no expiry';
  end if;
  update public.entitlement_overrides o set removed_at = private.now(), removed_by = auth.uid()
  where o.tenant_id = set_override.tenant_id and o.feature_key = set_override.feature_key and o.removed_at is null
  returning * into previous;
  insert into public.entitlement_overrides (tenant_id, feature_key, kind, value, reason, actor_id, created_at, expires_at)
  values (tenant_id, feature_key, kind, case when kind = 'grant' then value end, trim(reason), auth.uid(), private.now(), expires_at)
  returning id into new_id;
  perform audit.record('entitlement.' || kind, 'tenant', tenant_id::text, to_jsonb(previous),
                       jsonb_build_object('feature', feature_key, 'value', value, 'expires_at', expires_at), tenant_id, reason);
  perform private.refresh_entitlements(tenant_id, 'entitlement.' || kind);
  return new_id;
end
$$;

create function public.grant_feature(tenant_id uuid, feature_key text, reason text, value jsonb default 'true', expires_at timestamptz default null)
returns uuid
language sql
security definer
set search_path = ''
as $$ select private.set_override(tenant_id, feature_key, 'grant', value, reason, expires_at) $$;

create function public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamptz default null)
returns uuid
language sql
security definer
set search_path = ''
as $$ select private.set_override(tenant_id, feature_key, 'revoke', null, reason, expires_at) $$;

-- Ends a grant or revocation early; the plan's value applies again.
create function public.remove_entitlement_override(override_id uuid, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  o public.entitlement_overrides;
begin
  perform private.assert_permission('plans.write');
  update public.entitlement_overrides x set removed_at = private.now(), removed_by = auth.uid()
  where x.id = override_id and x.removed_at is null returning * into o;
  if o.id is null then
    raise exception using errcode = 'PT404', message = 'no such live override', detail = 'entitlements.override_not_found',
      hint = 'it may have been removed already';
  end if;
  perform audit.record('entitlement.remove_override', 'tenant', o.tenant_id::text, to_jsonb(o), null, o.tenant_id, reason);
  perform private.refresh_entitlements(o.tenant_id, 'entitlement.remove_override');
end
$$;

create function public.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity int default 1, reason text default null,
                                         expires_at timestamptz default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_row public.tenant_add_ons;
begin
  perform private.assert_permission('plans.write');
  perform private.assert_tenant_exists(tenant_id);
  select * into before_row from public.tenant_add_ons a where a.tenant_id = set_tenant_add_on.tenant_id and a.add_on_code = set_tenant_add_on.add_on_code;
  if quantity is null or quantity < 0 or quantity > 1000 then
    raise exception using errcode = '22023', message = 'quantity must be 0–1000 (0 removes the add-on)', detail = 'entitlements.invalid_quantity',
      hint = format('got %s', coalesce(quantity::text, 'null'));
  end if;
  if quantity = 0 then
    delete from public.tenant_add_ons a where a.tenant_id = set_tenant_add_on.tenant_id and a.add_on_code = set_tenant_add_on.add_on_code;
  else
    if not exists (select from public.add_ons x where x.code = add_on_code and x.status = 'active') then
      raise exception using errcode = 'PT404', message = format('no active add-on %s', coalesce(add_on_code, '(null)')),
        detail = 'entitlements.unknown_add_on', hint = 'see public.add_ons';
    end if;
    insert into public.tenant_add_ons as a (tenant_id, add_on_code, quantity, started_at, expires_at)
    values (tenant_id, add_on_code, quantity, private.now(), expires_at)
    on conflict on constraint tenant_add_ons_pkey do update set quantity = excluded.quantity, expires_at = excluded.expires_at;
  end if;
  perform audit.record('entitlement.set_add_on', 'tenant', tenant_id::text, to_jsonb(before_row),
                       jsonb_build_object('add_on', add_on_code, 'quantity', quantity, 'expires_at', expires_at), tenant_id, reason);
  perform private.refresh_entitlements(tenant_id, 'add_on');
end
$$;

-- ── plan changes ────────────────────────────────────────────────────────────────────────────

create function private.plan_price(plan_id uuid, currency text, billing_interval text)
returns numeric
language sql
stable
set search_path = ''
as $$
  select pp.amount from public.plan_prices pp
  where pp.plan_id = plan_price.plan_id and pp.currency = plan_price.currency and pp.interval = billing_interval
$$;

-- Hard limits the tenant's current usage would exceed on that plan, as text; empty when none.
create function private.plan_violations(tenant_id uuid, plan_id uuid)
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(format('%s: %s used, limit %s', l.key, u.used, l.value ->> 'limit') order by l.key), '{}')
  from jsonb_each(private.compute_entitlements(plan_violations.tenant_id, plan_violations.plan_id) -> 'limits') l
  join public.usage_counters u on u.tenant_id = plan_violations.tenant_id and u.feature_key = l.key
   and u.period_start = private.usage_period_start(l.value ->> 'period', private.now())
  where l.value ->> 'type' = 'hard' and jsonb_typeof(l.value -> 'limit') = 'number' and u.used > (l.value ->> 'limit')::numeric
$$;

-- Moves a tenant to the current version of a plan. 'now' applies at once and returns proration
-- over the rest of the billing period (credit for the old price, charge for the new; billing
-- invoices the net); 'period_end' schedules the move (no proration). A move is refused while
-- current usage exceeds a hard limit of the new plan, whatever its direction.
create function public.change_plan(tenant_id uuid, plan_code text, effective text default 'now', reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
  cur public.tenant_plans;
  old_plan public.plans;
  new_plan public.plans;
  direction text;
  violations text[];
  old_price numeric;
  new_price numeric;
  fraction numeric := 0;
  proration jsonb := '{}';
  now_at timestamptz := private.now();
  result jsonb;
begin
  perform private.assert_permission('plans.write');
  if effective is null or effective not in ('now', 'period_end') then
    raise exception using errcode = '22023', message = 'effective must be now or period_end', detail = 'plans.invalid_effective',
      hint = format('got %s', coalesce(effective, 'null'));
  end if;
  select * into t from public.tenants x where x.id = change_plan.tenant_id for update;
  if t.id is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found', hint = 'check the tenant id';
  end if;
  select * into new_plan from public.plans p where p.code = plan_code and p.is_current;
  if new_plan.id is null then
    raise exception using errcode = 'PT404', message = format('no plan %s', coalesce(plan_code, '(null)')), detail = 'plans.not_found',
      hint = coalesce('plans: ' || (select string_agg(p.code, ', ' order by p.tier) from public.plans p where p.is_current and p.status = 'active'), 'none');
  end if;
  if new_plan.status <> 'active' then
    raise exception using errcode = 'PT409', message = format('plan %s is archived', plan_code), detail = 'plans.archived',
      hint = 'choose an active plan';
  end if;
  select * into cur from public.tenant_plans x where x.tenant_id = change_plan.tenant_id for update;
  select * into old_plan from public.plans p where p.id = cur.plan_id;
  if old_plan.id = new_plan.id then
    raise exception using errcode = 'PT409', message = format('the tenant is already on %s v%s', new_plan.code, new_plan.version),
      detail = 'plans.same_plan', hint = 'choose another plan';
  end if;
  new_price := private.plan_price(new_plan.id, t.currency, coalesce(cur.billing_interval, 'month'));
  if new_price is null then
    raise exception using errcode = '22023', message = format('plan %s has no %s price in %s', plan_code, coalesce(cur.billing_interval, 'month'), t.currency),
      detail = 'plans.no_price', hint = 'add a price for the tenant''s currency first';
  end if;
  old_price := coalesce(private.plan_price(old_plan.id, t.currency, cur.billing_interval), 0);
  direction := case when old_plan.id is null then 'new'
                    when new_price > old_price or (new_price = old_price and new_plan.tier > old_plan.tier) then 'upgrade'
                    when new_price < old_price or (new_price = old_price and new_plan.tier < old_plan.tier) then 'downgrade'
                    else 'lateral' end;
  violations := private.plan_violations(tenant_id, new_plan.id);
  if cardinality(violations) > 0 then
    raise exception using errcode = 'PT409',
      message = format('current usage exceeds the hard limits of %s', plan_code), detail = 'plans.downgrade_blocked',
      hint = array_to_string(violations, '; ');
  end if;

  if old_plan.id is null then
    insert into public.tenant_plans (tenant_id, plan_id, started_at, current_period_start, current_period_end)
    values (tenant_id, new_plan.id, now_at, now_at, now_at + interval '1 month');
  elsif effective = 'now' then
    fraction := round(greatest(extract(epoch from cur.current_period_end - now_at), 0)
                      / extract(epoch from cur.current_period_end - cur.current_period_start), 6);
    proration := jsonb_build_object('currency', t.currency, 'interval', cur.billing_interval,
      'period_start', cur.current_period_start, 'period_end', cur.current_period_end, 'fraction_remaining', fraction,
      'credit', round(old_price * fraction, 3), 'charge', round(new_price * fraction, 3),
      'net', round(new_price * fraction, 3) - round(old_price * fraction, 3));
    update public.tenant_plans x set plan_id = new_plan.id, pending_plan_id = null, pending_effective_at = null, updated_at = now_at
    where x.tenant_id = change_plan.tenant_id;
  else
    update public.tenant_plans x set pending_plan_id = new_plan.id, pending_effective_at = x.current_period_end, updated_at = now_at
    where x.tenant_id = change_plan.tenant_id;
    -- a scheduled change replaces an earlier one
    update public.plan_changes pc set status = 'cancelled' where pc.tenant_id = change_plan.tenant_id and pc.status = 'scheduled';
  end if;
  insert into public.plan_changes (tenant_id, from_plan_id, to_plan_id, direction, effective, effective_at, status, proration, reason, actor_id)
  values (tenant_id, old_plan.id, new_plan.id, direction, effective,
          case when effective = 'period_end' and old_plan.id is not null then cur.current_period_end else now_at end,
          case when effective = 'period_end' and old_plan.id is not null then 'scheduled' else 'applied' end,
          proration, reason, auth.uid());
  result := jsonb_build_object('tenant_id', tenant_id, 'from', old_plan.code, 'from_version', old_plan.version,
    'to', new_plan.code, 'to_version', new_plan.version, 'direction', direction,
    'effective', effective, 'effective_at', case when effective = 'period_end' and old_plan.id is not null then cur.current_period_end else now_at end,
    'status', case when effective = 'period_end' and old_plan.id is not null then 'scheduled' else 'applied' end,
    'proration', proration);
  perform audit.record('plan.change', 'tenant', tenant_id::text, jsonb_build_object('plan', old_plan.code, 'version', old_plan.version),
                       result, tenant_id, reason);
  perform private.refresh_entitlements(tenant_id, 'plan.change');
  return result;
end
$$;

-- Applies scheduled changes that are due and rolls billing periods forward. A scheduled change
-- whose hard limits the tenant now exceeds is marked blocked (and stays on the old plan).
create function private.apply_due_plan_changes()
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.tenant_plans;
  n int := 0;
begin
  for r in select * from public.tenant_plans x where x.pending_effective_at <= private.now() for update skip locked loop
    if cardinality(private.plan_violations(r.tenant_id, r.pending_plan_id)) > 0 then
      update public.plan_changes pc set status = 'blocked' where pc.tenant_id = r.tenant_id and pc.status = 'scheduled';
      update public.tenant_plans x set pending_plan_id = null, pending_effective_at = null where x.tenant_id = r.tenant_id;
    else
      update public.tenant_plans x set plan_id = r.pending_plan_id, pending_plan_id = null, pending_effective_at = null,
        updated_at = private.now() where x.tenant_id = r.tenant_id;
      update public.plan_changes pc set status = 'applied' where pc.tenant_id = r.tenant_id and pc.status = 'scheduled';
      perform audit.record('plan.change_applied', 'tenant', r.tenant_id::text, null, jsonb_build_object('plan_id', r.pending_plan_id), r.tenant_id);
      n := n + 1;
    end if;
    perform private.refresh_entitlements(r.tenant_id, 'plan.change');
  end loop;
  update public.tenant_plans x
  set current_period_start = x.current_period_end,
      current_period_end = x.current_period_end + case x.billing_interval when 'year' then interval '1 year' else interval '1 month' end
  where x.current_period_end <= private.now();
  return n;
end
$$;

create function private.job_apply_plan_changes(payload jsonb, job jsonb)
returns void
language sql
security definer
set search_path = ''
as $$ select private.apply_due_plan_changes(); $$;
select private.register_job_handler('plans.apply_due_changes', sql_handler => 'private.job_apply_plan_changes(jsonb, jsonb)'::regprocedure,
  description => 'applies scheduled plan changes that are due, rolls billing periods, refreshes expired entitlement caches');
select private.declare_schedule('plans.apply_due_changes', '*/5 * * * *',
  $$select private.enqueue('billing', 'plans.apply_due_changes', '{}'::jsonb, 'plans.apply_due_changes:' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI'))$$,
  'every 5 minutes: scheduled plan changes at period end, and billing period roll-over');
select private.declare_schedule('entitlements.refresh_stale', '*/5 * * * *',
  $$select private.enqueue('maintenance', 'entitlements.refresh_stale', '{}'::jsonb, 'entitlements.refresh_stale:' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI'))$$,
  'every 5 minutes: rebuilds entitlement caches past an expiry or marked stale by a catalogue change');

-- ── lifecycle and provisioning hooks ────────────────────────────────────────────────────────

-- The restriction follows the tenant's status: rebuild the set whenever it changes.
create function private.tenants_refresh_entitlements()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_entitlements(new.id, 'status.' || new.status);
  return null;
end
$$;
create trigger tenants_refresh_entitlements after update of status on public.tenants
  for each row when (old.status is distinct from new.status)
  execute function private.tenants_refresh_entitlements();

-- Provisioning: a tenant without a plan gets the default plan, and its cached set.
create function private.provision_entitlements(tenant_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  default_plan uuid := (select p.id from public.plans p where p.is_default and p.is_current and p.status = 'active');
begin
  if default_plan is not null then
    insert into public.tenant_plans (tenant_id, plan_id, started_at, current_period_start, current_period_end)
    values (tenant_id, default_plan, private.now(), private.now(), private.now() + interval '1 month')
    on conflict on constraint tenant_plans_pkey do nothing;
  end if;
  perform private.refresh_entitlements(tenant_id, 'provision');
end
$$;
select private.register_provisioning_step('entitlements', '{"en":"Plan and entitlements","ar":"الخطة والصلاحيات"}', 5,
  'private.provision_entitlements(uuid)'::regprocedure, 1, '{"en":"Attaches the default plan and builds the effective entitlement set"}');

-- ── reports ─────────────────────────────────────────────────────────────────────────────────

-- Who uses what: tenants per plan (code and version), add-on and enabled feature.
create function public.entitlement_usage_report()
returns table (kind text, code text, tenants bigint)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_permission('plans.read');
  return query
    select 'plan', p.code || ' v' || p.version, count(*) from public.tenant_plans tp join public.plans p on p.id = tp.plan_id
    group by p.code, p.version
    union all
    select 'add_on', a.add_on_code, count(*) from public.tenant_add_ons a
    where a.expires_at is null or a.expires_at > private.now() group by a.add_on_code
    union all
    select 'feature', f.key, count(*)
    from public.tenant_entitlements e
    cross join lateral jsonb_each(case when e.stale or e.valid_until <= private.now()
                                       then private.compute_entitlements(e.tenant_id) else e.entitlements end -> 'features') f
    where f.value = 'true'::jsonb or (jsonb_typeof(f.value) = 'number' and f.value::numeric > 0) or jsonb_typeof(f.value) = 'null'
    group by f.key
    order by 1, 2;
end
$$;

create function public.limit_breach_report(since timestamptz default null)
returns table (feature_key text, outcome text, breaches bigint, tenants bigint, overage_amount numeric, currency text)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_permission('plans.read');
  return query
    select b.feature_key, b.outcome, count(*), count(distinct b.tenant_id), sum(b.amount), b.currency
    from public.limit_breaches b
    where b.created_at >= coalesce(since, '-infinity')
    group by b.feature_key, b.outcome, b.currency
    order by 1, 2, 6;
end
$$;

-- ── the catalogue shipped with the platform ─────────────────────────────────────────────────

insert into public.modules (code, name, description, sort_order) values
  ('orders', '{"en":"Orders","ar":"الطلبات"}', '{"en":"Order intake, tagging, pickup"}', 1),
  ('invoicing', '{"en":"Invoicing","ar":"الفوترة"}', '{"en":"Customer invoices and receipts"}', 2),
  ('workflow', '{"en":"Workflow engine","ar":"محرك سير العمل"}', '{"en":"Configurable order workflows"}', 3),
  ('delivery', '{"en":"Delivery","ar":"التوصيل"}', '{"en":"Pickup and delivery routes, drivers"}', 4),
  ('pos', '{"en":"Point of sale","ar":"نقاط البيع"}', '{"en":"Counter POS terminals"}', 5),
  ('loyalty', '{"en":"Loyalty","ar":"الولاء"}', '{"en":"Points and memberships"}', 6),
  ('reports', '{"en":"Reports","ar":"التقارير"}', '{"en":"Dashboards and exports"}', 7),
  ('inventory', '{"en":"Inventory","ar":"المخزون"}', '{"en":"Consumables stock"}', 8),
  ('b2b', '{"en":"Corporate accounts","ar":"حسابات الشركات"}', '{"en":"Contracts and monthly billing for businesses"}', 9),
  ('api', '{"en":"API access","ar":"الوصول البرمجي"}', '{"en":"Public API and webhooks"}', 10);

insert into public.features (key, type, name, module_code, default_value, kept_when, sort_order)
select 'module.' || m.code, 'boolean', jsonb_build_object('en', (m.name ->> 'en') || ' module', 'ar', m.name ->> 'ar'), m.code,
       'false', case when m.code = 'reports' then 'frozen' when m.code = 'orders' then 'suspended' else 'never' end, m.sort_order
from public.modules m;

insert into public.features (key, type, name, module_code, default_value, kept_when, sort_order) values
  ('orders.express', 'boolean', '{"en":"Express service","ar":"الخدمة السريعة"}', 'orders', 'false', 'never', 20),
  ('orders.tagging', 'boolean', '{"en":"Garment tagging","ar":"ترقيم القطع"}', 'orders', 'true', 'never', 21),
  ('invoicing.pdf', 'boolean', '{"en":"PDF invoices","ar":"فواتير PDF"}', 'invoicing', 'false', 'never', 30),
  ('invoicing.zatca', 'boolean', '{"en":"ZATCA e-invoicing","ar":"الفوترة الإلكترونية"}', 'invoicing', 'false', 'never', 31),
  ('notifications.whatsapp', 'boolean', '{"en":"WhatsApp receipts","ar":"إيصالات واتساب"}', null, 'false', 'never', 40),
  ('notifications.sms', 'boolean', '{"en":"SMS notifications","ar":"رسائل SMS"}', null, 'false', 'never', 41),
  ('workflow.custom', 'boolean', '{"en":"Custom workflows","ar":"سير عمل مخصص"}', 'workflow', 'false', 'never', 50),
  ('delivery.routing', 'boolean', '{"en":"Route optimisation","ar":"تحسين المسارات"}', 'delivery', 'false', 'never', 60),
  ('reports.export', 'boolean', '{"en":"Data export","ar":"تصدير البيانات"}', 'reports', 'true', 'frozen', 70),
  ('branding.custom', 'boolean', '{"en":"Custom branding","ar":"هوية مخصصة"}', null, 'false', 'never', 80),
  ('sso', 'boolean', '{"en":"Single sign-on","ar":"الدخول الموحد"}', null, 'false', 'never', 81);

insert into public.features (key, type, name, default_value, enum_values, sort_order) values
  ('support.tier', 'enum', '{"en":"Support tier","ar":"مستوى الدعم"}', '"community"', '{community,standard,priority,dedicated}', 90),
  ('analytics.level', 'enum', '{"en":"Analytics","ar":"التحليلات"}', '"none"', '{none,basic,advanced}', 91);

insert into public.features (key, type, name, default_value, period, default_limit_type, unit, sort_order) values
  ('max_users', 'limit', '{"en":"Users","ar":"المستخدمون"}', '1', 'none', 'hard', 'users', 100),
  ('max_branches', 'limit', '{"en":"Branches","ar":"الفروع"}', '1', 'none', 'hard', 'branches', 101),
  ('max_pos', 'limit', '{"en":"POS terminals","ar":"أجهزة نقاط البيع"}', '1', 'none', 'hard', 'terminals', 102),
  ('max_orders_per_month', 'limit', '{"en":"Orders per month","ar":"الطلبات شهرياً"}', '100', 'month', 'hard', 'orders', 103),
  ('storage_mb', 'limit', '{"en":"Storage","ar":"التخزين"}', '500', 'none', 'soft', 'MB', 104),
  ('whatsapp_messages_per_month', 'limit', '{"en":"WhatsApp messages per month","ar":"رسائل واتساب شهرياً"}', '0', 'month', 'overage', 'messages', 105),
  ('sms_per_month', 'limit', '{"en":"SMS per month","ar":"الرسائل القصيرة شهرياً"}', '0', 'month', 'overage', 'messages', 106),
  ('api_calls_per_month', 'limit', '{"en":"API calls per month","ar":"طلبات API شهرياً"}', '0', 'month', 'soft', 'calls', 107);

insert into public.add_ons (code, name, description, prices) values
  ('extra_branch', '{"en":"Extra branch","ar":"فرع إضافي"}', '{"en":"One more branch"}', '{"OMR":{"month":4.000},"SAR":{"month":39.000},"AED":{"month":38.000}}'),
  ('extra_pos', '{"en":"Extra POS","ar":"نقطة بيع إضافية"}', '{"en":"One more POS terminal"}', '{"OMR":{"month":2.000},"SAR":{"month":19.000},"AED":{"month":19.000}}'),
  ('whatsapp_receipts', '{"en":"WhatsApp receipts","ar":"إيصالات واتساب"}', '{"en":"Receipts and ready notices on WhatsApp, 1000 messages a month"}', '{"OMR":{"month":3.000},"SAR":{"month":29.000},"AED":{"month":29.000}}'),
  ('pdf_invoices', '{"en":"PDF invoices","ar":"فواتير PDF"}', '{"en":"Branded PDF invoices"}', '{"OMR":{"month":1.500},"SAR":{"month":14.000},"AED":{"month":14.000}}');
insert into public.add_on_features (add_on_code, feature_key, value) values
  ('extra_branch', 'max_branches', '1'),
  ('extra_pos', 'max_pos', '1'),
  ('extra_pos', 'module.pos', 'true'),
  ('whatsapp_receipts', 'notifications.whatsapp', 'true'),
  ('whatsapp_receipts', 'whatsapp_messages_per_month', '1000'),
  ('pdf_invoices', 'invoicing.pdf', 'true');

-- Plans: prices in OMR with the other GCC currencies and EUR at fixed conversions (HQ edits them).
with plan_def (code, name, tier, trial_days, is_default, omr) as (values
  ('free', '{"en":"Free","ar":"مجاني"}'::jsonb, 0, 0, false, 0.000),
  ('starter', '{"en":"Starter","ar":"المبتدئ"}', 1, 14, true, 9.000),
  ('growth', '{"en":"Growth","ar":"النمو"}', 2, 14, false, 19.000),
  ('pro', '{"en":"Pro","ar":"الاحترافي"}', 3, 14, false, 39.000),
  ('enterprise', '{"en":"Enterprise","ar":"المؤسسات"}', 4, 30, false, 99.000)
), ins as (
  insert into public.plans (code, name, tier, trial_days, is_default)
  select code, name, tier, trial_days, is_default from plan_def returning id, code
)
insert into public.plan_prices (plan_id, currency, interval, amount)
select ins.id, fx.currency, i.interval, round(d.omr * fx.rate * case i.interval when 'year' then 10 else 1 end, 3)
from ins join plan_def d on d.code = ins.code
cross join (values ('OMR', 1.0), ('SAR', 9.75), ('AED', 9.55), ('BHD', 0.98), ('KWD', 0.80), ('QAR', 9.46), ('EUR', 2.40)) fx(currency, rate)
cross join (values ('month'), ('year')) i(interval);

-- Feature values per plan: a boolean matrix (on from the named tier up), enums, then limits.
insert into public.plan_features (plan_id, feature_key, value)
select p.id, m.key, to_jsonb(p.tier >= m.from_tier)
from public.plans p
cross join (values ('module.orders', 0), ('module.invoicing', 0), ('module.reports', 0), ('module.workflow', 1),
                   ('module.pos', 1), ('module.delivery', 2), ('module.loyalty', 2), ('module.inventory', 3), ('module.b2b', 3),
                   ('module.api', 3), ('orders.express', 1), ('orders.tagging', 0), ('invoicing.pdf', 2),
                   ('invoicing.zatca', 2), ('notifications.sms', 2), ('notifications.whatsapp', 3), ('workflow.custom', 3),
                   ('delivery.routing', 3), ('reports.export', 0), ('branding.custom', 3), ('sso', 4)) m(key, from_tier);
insert into public.plan_features (plan_id, feature_key, value)
select p.id, 'support.tier', to_jsonb((array['community', 'standard', 'standard', 'priority', 'dedicated'])[p.tier + 1]) from public.plans p
union all
select p.id, 'analytics.level', to_jsonb((array['none', 'basic', 'basic', 'advanced', 'advanced'])[p.tier + 1]) from public.plans p;
insert into public.plan_features (plan_id, feature_key, value, limit_type, overage_prices)
select p.id, l.key, l.vals[p.tier + 1], l.limit_type, l.overage_prices
from public.plans p
cross join (values
  ('max_users', array['2', '5', '15', '50', 'null']::jsonb[], 'hard', null::jsonb),
  ('max_branches', array['1', '1', '3', '10', 'null']::jsonb[], 'hard', null),
  ('max_pos', array['0', '1', '3', '10', 'null']::jsonb[], 'hard', null),
  ('max_orders_per_month', array['100', '1000', '5000', '20000', 'null']::jsonb[], 'hard', null),
  ('storage_mb', array['500', '2000', '10000', '50000', '200000']::jsonb[], 'soft', null),
  ('whatsapp_messages_per_month', array['0', '0', '0', '2000', '10000']::jsonb[], 'overage',
     '{"OMR":0.010,"SAR":0.100,"AED":0.100,"BHD":0.010,"KWD":0.008,"QAR":0.100,"EUR":0.025}'),
  ('sms_per_month', array['0', '0', '500', '2000', '10000']::jsonb[], 'overage',
     '{"OMR":0.015,"SAR":0.150,"AED":0.150,"BHD":0.015,"KWD":0.012,"QAR":0.150,"EUR":0.035}'),
  ('api_calls_per_month', array['0', '0', '0', '100000', 'null']::jsonb[], 'soft', null)
) l(key, vals, limit_type, overage_prices);

-- ── grants ──────────────────────────────────────────────────────────────────────────────────

revoke execute on function private.status_restriction(text), private.usage_period_start(text, timestamptz),
  private.compute_entitlements(uuid, uuid), private.refresh_entitlements(uuid, text), private.invalidate_all_entitlements(text),
  private.job_refresh_stale_entitlements(jsonb, jsonb), private.assert_entitlement_reader(uuid), private.current_entitlements(uuid),
  private.unknown_feature(text), private.limit_decision(jsonb, text, numeric, numeric),
  private.increment_usage(uuid, text, numeric, date), private.feature_value_error(public.features, jsonb),
  private.assert_tenant_exists(uuid), private.set_override(uuid, text, text, jsonb, text, timestamptz),
  private.plan_price(uuid, text, text), private.plan_violations(uuid, uuid), private.apply_due_plan_changes(),
  private.job_apply_plan_changes(jsonb, jsonb), private.tenants_refresh_entitlements(), private.provision_entitlements(uuid)
  from public, anon, authenticated;
grant execute on function private.increment_usage(uuid, text, numeric, date) to service_role;

revoke execute on function public.entitlements(uuid), public.has_feature(uuid, text), public.check_limit(uuid, text, numeric),
  public.save_plan(text, jsonb, text), public.archive_plan(text, text), public.set_feature_default(text, jsonb, text),
  public.grant_feature(uuid, text, text, jsonb, timestamptz), public.revoke_feature(uuid, text, text, timestamptz),
  public.remove_entitlement_override(uuid, text), public.set_tenant_add_on(uuid, text, int, text, timestamptz),
  public.change_plan(uuid, text, text, text), public.entitlement_usage_report(), public.limit_breach_report(timestamptz)
  from public, anon;
grant execute on function public.entitlements(uuid), public.has_feature(uuid, text), public.check_limit(uuid, text, numeric),
  public.save_plan(text, jsonb, text), public.archive_plan(text, text), public.set_feature_default(text, jsonb, text),
  public.grant_feature(uuid, text, text, jsonb, timestamptz), public.revoke_feature(uuid, text, text, timestamptz),
  public.remove_entitlement_override(uuid, text), public.set_tenant_add_on(uuid, text, int, text, timestamptz),
  public.change_plan(uuid, text, text, text), public.entitlement_usage_report(), public.limit_breach_report(timestamptz)
  to authenticated, service_role;
