CREATE FUNCTION private.can_write_tenant(tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select private.has_permission('tenants.write')
      or tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))
      or tenant_id in (select private.impersonated_tenant_ids(true))
$$;

REVOKE ALL ON FUNCTION private.can_write_tenant(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.can_write_tenant(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.can_write_tenant(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.can_write_tenant(tenant_id uuid) TO service_role;
