-- Is an announcement for this tenant? Yes when it targets everyone (all lists empty) or the tenant
-- is in any non-empty list: its plan, its region, or the tenant itself.
CREATE FUNCTION private.announcement_targets(a public.platform_announcements, tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select (cardinality(a.target_plans) = 0 and cardinality(a.target_regions) = 0 and cardinality(a.target_tenants) = 0)
      or announcement_targets.tenant_id = any (a.target_tenants)
      or exists (
        select from public.tenants t
        left join public.tenant_entitlements e on e.tenant_id = t.id
        left join public.tenant_plans tp on tp.tenant_id = t.id and e.tenant_id is null
        left join public.plans p on p.id = tp.plan_id
        where t.id = announcement_targets.tenant_id
          and (t.region = any (a.target_regions) or coalesce(e.plan_code, p.code) = any (a.target_plans)))
$$;

REVOKE ALL ON FUNCTION private.announcement_targets(a public.platform_announcements, tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.announcement_targets(a public.platform_announcements, tenant_id uuid) TO authenticated, service_role;
