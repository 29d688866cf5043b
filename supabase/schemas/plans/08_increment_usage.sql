CREATE FUNCTION private.increment_usage(tenant_id uuid, limit_key text, amount numeric DEFAULT 1, period_start date DEFAULT NULL::date) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  ent jsonb := private.current_entitlements(tenant_id);
  period date;
  used numeric;
  decision jsonb;
begin
  if amount is null or amount = 0 then
    perform private.fail('entitlements.invalid_amount', 'the amount must be a non-zero number');
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

REVOKE ALL ON FUNCTION private.increment_usage(tenant_id uuid, limit_key text, amount numeric, period_start date) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.increment_usage(tenant_id uuid, limit_key text, amount numeric, period_start date) FROM PUBLIC;
GRANT ALL ON FUNCTION private.increment_usage(tenant_id uuid, limit_key text, amount numeric, period_start date) TO service_role;
