CREATE FUNCTION private.plan_violations(tenant_id uuid, plan_id uuid) RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select coalesce(array_agg(format('%s: %s used, limit %s', l.key, u.used, l.value ->> 'limit') order by l.key), '{}')
  from jsonb_each(private.compute_entitlements(plan_violations.tenant_id, plan_violations.plan_id) -> 'limits') l
  join public.usage_counters u on u.tenant_id = plan_violations.tenant_id and u.feature_key = l.key
   and u.period_start = private.usage_period_start(l.value ->> 'period', private.now())
  where l.value ->> 'type' = 'hard' and jsonb_typeof(l.value -> 'limit') = 'number' and u.used > (l.value ->> 'limit')::numeric
$$;

REVOKE ALL ON FUNCTION private.plan_violations(tenant_id uuid, plan_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.plan_violations(tenant_id uuid, plan_id uuid) FROM PUBLIC;
