-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.entitlement_usage_report, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.entitlement_usage_report() RETURNS TABLE(kind text, code text, tenants bigint)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.entitlement_usage_report() $$;

CREATE FUNCTION private.entitlement_usage_report() RETURNS TABLE(kind text, code text, tenants bigint)
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

COMMENT ON FUNCTION public.entitlement_usage_report() IS 'How many tenants use each plan, add-on and override (plans.read).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.entitlement_usage_report() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.entitlement_usage_report() FROM PUBLIC;
GRANT ALL ON FUNCTION private.entitlement_usage_report() TO authenticated;
GRANT ALL ON FUNCTION private.entitlement_usage_report() TO service_role;
