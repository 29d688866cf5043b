CREATE FUNCTION private.limit_decision(ent jsonb, limit_key text, requested numeric, used numeric) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  l jsonb := ent -> 'limits' -> limit_key;
  lim numeric;
  restriction text := ent ->> 'status_restriction';
  outcome text;
  reason text;
  over numeric := 0;
begin
  if requested is null or requested < 0 then
    perform private.fail('entitlements.invalid_request', 'the requested amount must be zero or more',
      format('got %s', coalesce(requested::text, 'null')));
  end if;
  if l is null then
    if ent -> 'features' ? limit_key then
      perform private.fail('entitlements.not_a_limit', format('%s is not a limit', limit_key));
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

REVOKE ALL ON FUNCTION private.limit_decision(ent jsonb, limit_key text, requested numeric, used numeric) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.limit_decision(ent jsonb, limit_key text, requested numeric, used numeric) FROM PUBLIC;
