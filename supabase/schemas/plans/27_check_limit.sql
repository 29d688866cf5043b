CREATE FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric DEFAULT 1) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

REVOKE ALL ON FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric) TO authenticated;
GRANT ALL ON FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric) TO service_role;
