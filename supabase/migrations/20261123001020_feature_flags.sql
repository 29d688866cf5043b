-- Feature flags (C5): roll out code paths, separately from entitlements (which say what a tenant
-- bought). public.flag_enabled(tenant_id, key) evaluates, in order:
--   1. the kill switch: a killed flag is off for everyone;
--   2. the rules, first match wins:
--        {"type":"tenant_allow","tenants":[uuid…]}   listed tenants → on
--        {"type":"tenant_deny","tenants":[uuid…]}    listed tenants → off
--        {"type":"plan","plans":[code…],"enabled":bool}       tenants on those plans → enabled
--        {"type":"region","regions":[region…],"enabled":bool} tenants in those regions → enabled
--        {"type":"percentage","percentage":0–100}    tenants whose bucket < percentage → on
--                                                    (others fall through to the next rule)
--   3. the global default.
-- The bucket is a stable hash of (flag key, tenant id) into [0, 100): a tenant's bucket never
-- changes, so raising the percentage only adds tenants. Changes are audited and NOTIFY channel
-- 'feature_flags' with {key, version}.

create table public.feature_flags (
  key text primary key check (key ~ '^[a-z][a-z0-9_]*([.-][a-z0-9_]+)*$'),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  killed boolean not null default false,
  default_enabled boolean not null default false,
  rules jsonb not null default '[]' check (jsonb_typeof(rules) = 'array'),
  version int not null default 1,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null
);
create index feature_flags_updated_by_idx on public.feature_flags (updated_by);

alter table public.feature_flags enable row level security;
revoke all on public.feature_flags from anon;
revoke insert, update, delete, truncate on public.feature_flags from authenticated;
create policy "staff read flags" on public.feature_flags for select to authenticated
  using ((select private.has_permission('flags.read')));

-- [0, 100) with two decimals, from md5 (stable across versions and platforms, unlike hashtext).
create function private.flag_bucket(flag_key text, tenant_id uuid)
returns numeric
language sql
immutable
set search_path = ''
as $$
  select (('x' || substr(md5(flag_key || ':' || tenant_id::text), 1, 8))::bit(32)::bigint % 10000) / 100.0
$$;

-- Every problem with a rule list, or an empty array.
create function private.flag_rule_errors(rules jsonb)
returns text[]
language plpgsql
stable
set search_path = ''
as $$
declare
  r jsonb;
  i int := 0;
  errors text[] := '{}';
begin
  if rules is null or jsonb_typeof(rules) <> 'array' then
    return array['rules must be an array'];
  end if;
  for r in select * from jsonb_array_elements(rules) loop
    i := i + 1;
    if jsonb_typeof(r) <> 'object' then
      errors := errors || format('rule %s: must be an object', i); continue;
    end if;
    case r ->> 'type'
      when 'tenant_allow', 'tenant_deny' then
        if jsonb_typeof(r -> 'tenants') is distinct from 'array'
           or exists (select from jsonb_array_elements_text(r -> 'tenants') x
                      where x !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
          errors := errors || format('rule %s: tenants must be an array of tenant ids', i);
        end if;
      when 'plan' then
        if jsonb_typeof(r -> 'plans') is distinct from 'array' then
          errors := errors || format('rule %s: plans must be an array of plan codes', i);
        elsif exists (select from jsonb_array_elements_text(r -> 'plans') x where not exists (select from public.plans p where p.code = x)) then
          errors := errors || format('rule %s: unknown plan', i);
        end if;
      when 'region' then
        if jsonb_typeof(r -> 'regions') is distinct from 'array' then
          errors := errors || format('rule %s: regions must be an array', i);
        end if;
      when 'percentage' then
        if jsonb_typeof(r -> 'percentage') is distinct from 'number' or (r ->> 'percentage')::numeric not between 0 and 100 then
          errors := errors || format('rule %s: percentage must be a number from 0 to 100', i);
        end if;
      else
        errors := errors || format('rule %s: type must be tenant_allow, tenant_deny, plan, region or percentage', i);
    end case;
    if r ? 'enabled' and jsonb_typeof(r -> 'enabled') <> 'boolean' then
      errors := errors || format('rule %s: enabled must be true or false', i);
    end if;
  end loop;
  return errors;
end
$$;

-- The evaluation, without authorisation (reports reuse it). plan_code and region are looked up
-- only when a rule needs them.
create function private.evaluate_flag(f public.feature_flags, tenant_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  r jsonb;
  plan_code text;
  region text;
  looked_up boolean := false;
begin
  if f.killed then
    return false;
  end if;
  for r in select * from jsonb_array_elements(f.rules) loop
    case r ->> 'type'
      when 'tenant_allow' then
        if r -> 'tenants' ? tenant_id::text then return true; end if;
      when 'tenant_deny' then
        if r -> 'tenants' ? tenant_id::text then return false; end if;
      when 'plan', 'region' then
        if not looked_up then
          select t.region, coalesce(e.plan_code, p.code) into region, plan_code
          from public.tenants t
          left join public.tenant_entitlements e on e.tenant_id = t.id
          left join public.tenant_plans tp on tp.tenant_id = t.id and e.tenant_id is null
          left join public.plans p on p.id = tp.plan_id
          where t.id = evaluate_flag.tenant_id;
          looked_up := true;
        end if;
        if (r ->> 'type' = 'plan' and r -> 'plans' ? plan_code) or (r ->> 'type' = 'region' and r -> 'regions' ? region) then
          return coalesce((r ->> 'enabled')::boolean, true);
        end if;
      when 'percentage' then
        if private.flag_bucket(f.key, tenant_id) < (r ->> 'percentage')::numeric then return true; end if;
      else
        null;
    end case;
  end loop;
  return f.default_enabled;
end
$$;

create function public.flag_enabled(tenant_id uuid, flag_key text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  f public.feature_flags;
begin
  if not private.is_trusted_caller() then
    perform private.assert_entitlement_reader(tenant_id);
  end if;
  select * into f from public.feature_flags x where x.key = flag_key;
  if f.key is null then
    raise exception using errcode = '22023', message = format('unknown flag %s', coalesce(flag_key, '(null)')),
      detail = 'flags.unknown_flag', hint = 'see public.feature_flags';
  end if;
  if tenant_id is null then
    raise exception using errcode = '22023', message = 'a tenant id is required', detail = 'flags.tenant_required',
      hint = 'pass the tenant the code path runs for';
  end if;
  return private.evaluate_flag(f, tenant_id);
end
$$;

-- Creates or replaces a flag: {description, default_enabled, rules, killed}.
create function public.save_flag(key text, definition jsonb, reason text default null)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_row public.feature_flags;
  errors text[];
  new_version int;
begin
  perform private.assert_permission('flags.write');
  if key is null or key !~ '^[a-z][a-z0-9_]*([.-][a-z0-9_]+)*$' then
    raise exception using errcode = '22023', message = 'a flag key is lowercase words joined by . - or _', detail = 'flags.invalid_key',
      hint = 'e.g. orders.new-checkout';
  end if;
  if definition is null or jsonb_typeof(definition) <> 'object' then
    raise exception using errcode = '22023', message = 'a flag definition is a JSON object', detail = 'flags.invalid',
      hint = 'send {description, default_enabled, rules}';
  end if;
  errors := private.flag_rule_errors(coalesce(definition -> 'rules', '[]'));
  if definition ? 'default_enabled' and jsonb_typeof(definition -> 'default_enabled') <> 'boolean' then
    errors := errors || 'default_enabled must be true or false'::text;
  end if;
  if definition ? 'killed' and jsonb_typeof(definition -> 'killed') <> 'boolean' then
    errors := errors || 'killed must be true or false'::text;
  end if;
  if cardinality(errors) > 0 then
    raise exception using errcode = '22023', message = 'the flag is not valid', detail = 'flags.invalid', hint = array_to_string(errors, '; ');
  end if;
  select * into before_row from public.feature_flags x where x.key = save_flag.key for update;
  insert into public.feature_flags as x (key, description, killed, default_enabled, rules, updated_at, updated_by)
  values (key, coalesce(definition -> 'description', '{}'), coalesce((definition ->> 'killed')::boolean, false),
          coalesce((definition ->> 'default_enabled')::boolean, false), coalesce(definition -> 'rules', '[]'), private.now(), auth.uid())
  on conflict on constraint feature_flags_pkey do update
    set description = coalesce(definition -> 'description', x.description),
        killed = coalesce((definition ->> 'killed')::boolean, x.killed),
        default_enabled = coalesce((definition ->> 'default_enabled')::boolean, x.default_enabled),
        rules = coalesce(definition -> 'rules', x.rules),
        version = x.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by
  returning x.version into new_version;
  perform audit.record(case when before_row.key is null then 'flag.create' else 'flag.update' end, 'feature_flag', key,
                       to_jsonb(before_row), definition, null, reason);
  perform pg_notify('feature_flags', jsonb_build_object('key', key, 'version', new_version)::text);
  return new_version;
end
$$;

-- The kill switch: off for everyone at once, whatever the rules; a reason is required.
create function public.set_flag_killed(key text, killed boolean, reason text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_row public.feature_flags;
  new_version int;
begin
  perform private.assert_permission('flags.write');
  if killed is null then
    raise exception using errcode = '22023', message = 'killed must be true or false', detail = 'flags.invalid', hint = 'true kills the flag';
  end if;
  if length(trim(coalesce(reason, ''))) < 3 then
    raise exception using errcode = '22023', message = 'a reason is required', detail = 'flags.reason_required', hint = 'say why (3+ characters)';
  end if;
  select * into before_row from public.feature_flags x where x.key = set_flag_killed.key for update;
  if before_row.key is null then
    raise exception using errcode = '22023', message = format('unknown flag %s', coalesce(key, '(null)')), detail = 'flags.unknown_flag',
      hint = 'see public.feature_flags';
  end if;
  update public.feature_flags x set killed = set_flag_killed.killed, version = x.version + 1, updated_at = private.now(), updated_by = auth.uid()
  where x.key = set_flag_killed.key returning x.version into new_version;
  perform audit.record(case when killed then 'flag.kill' else 'flag.revive' end, 'feature_flag', key,
                       jsonb_build_object('killed', before_row.killed), jsonb_build_object('killed', killed), null, reason);
  perform pg_notify('feature_flags', jsonb_build_object('key', key, 'version', new_version)::text);
end
$$;

-- Exposure: how many live tenants (trial, active, grace) get the flag.
create function public.flag_exposure(flag_key text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  f public.feature_flags;
  result jsonb;
begin
  perform private.assert_permission('flags.read');
  select * into f from public.feature_flags x where x.key = flag_key;
  if f.key is null then
    raise exception using errcode = '22023', message = format('unknown flag %s', coalesce(flag_key, '(null)')), detail = 'flags.unknown_flag',
      hint = 'see public.feature_flags';
  end if;
  select jsonb_build_object('flag', f.key, 'killed', f.killed, 'tenants', count(*),
                            'enabled', count(*) filter (where private.evaluate_flag(f, t.id)),
                            'share', round(100.0 * count(*) filter (where private.evaluate_flag(f, t.id)) / nullif(count(*), 0), 2))
  into result
  from public.tenants t where t.status in ('trial', 'active', 'grace');
  return result;
end
$$;

revoke execute on function private.flag_bucket(text, uuid), private.flag_rule_errors(jsonb),
  private.evaluate_flag(public.feature_flags, uuid) from public, anon, authenticated;
revoke execute on function public.flag_enabled(uuid, text), public.save_flag(text, jsonb, text),
  public.set_flag_killed(text, boolean, text), public.flag_exposure(text) from public, anon;
grant execute on function public.flag_enabled(uuid, text), public.save_flag(text, jsonb, text),
  public.set_flag_killed(text, boolean, text), public.flag_exposure(text) to authenticated, service_role;
