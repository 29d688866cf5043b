CREATE FUNCTION private.can_read_tenant(tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select private.has_permission('tenants.read')
      or tenant_id in (select private.my_tenant_ids())
      or tenant_id in (select private.impersonated_tenant_ids(false))
$$;

REVOKE ALL ON FUNCTION private.can_read_tenant(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.can_read_tenant(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.can_read_tenant(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.can_read_tenant(tenant_id uuid) TO service_role;
