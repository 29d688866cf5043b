CREATE FUNCTION private.assert_tenant_exists(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if tenant_id is null or not exists (select from public.tenants t where t.id = tenant_id) then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_tenant_exists(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_tenant_exists(tenant_id uuid) FROM PUBLIC;
