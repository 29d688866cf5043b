CREATE FUNCTION public.entitlement_usage_report() RETURNS TABLE(kind text, code text, tenants bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

REVOKE ALL ON FUNCTION public.entitlement_usage_report() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.entitlement_usage_report() FROM PUBLIC;
GRANT ALL ON FUNCTION public.entitlement_usage_report() TO authenticated;
GRANT ALL ON FUNCTION public.entitlement_usage_report() TO service_role;
