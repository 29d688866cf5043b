-- More input caps (issue 12 §4): reasons and jsonb documents of entitlement overrides, feature
-- flags and impersonation. Same bodies as before, with the size checks right after the right.

create or replace function private.set_override(tenant_id uuid, feature_key text, kind text, value jsonb, reason text, expires_at timestamptz)
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
  perform private.assert_text_size(reason, 'the reason', 'reason');
  perform private.assert_json_size(value, 'the value');
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

create or replace function public.start_impersonation(tenant_id uuid, mode text, reason text, minutes int default 15)
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
  perform private.assert_text_size(reason, 'the reason', 'reason');
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

create or replace function public.save_flag(key text, definition jsonb, reason text default null)
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
  perform private.assert_text_size(reason, 'the reason', 'reason');
  perform private.assert_json_size(definition, 'the flag definition');
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

create or replace function public.set_flag_killed(key text, killed boolean, reason text)
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
  perform private.assert_text_size(reason, 'the reason', 'reason');
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

revoke execute on function private.set_override(uuid, text, text, jsonb, text, timestamptz) from public, anon, authenticated;
revoke execute on function public.start_impersonation(uuid, text, text, int), public.save_flag(text, jsonb, text),
  public.set_flag_killed(text, boolean, text) from public, anon;
grant execute on function public.start_impersonation(uuid, text, text, int), public.save_flag(text, jsonb, text),
  public.set_flag_killed(text, boolean, text) to authenticated, service_role;
