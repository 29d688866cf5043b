CREATE FUNCTION private.assert_workflow_reader(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if private.is_trusted_caller() or private.has_permission('workflows.read') then
    return;
  end if;
  if tenant_id is not null and (tenant_id in (select private.my_tenant_ids())
                                or tenant_id in (select private.impersonated_tenant_ids(false))) then
    return;
  end if;
  perform private.assert_permission('workflows.read');
end
$$;

REVOKE ALL ON FUNCTION private.assert_workflow_reader(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_workflow_reader(tenant_id uuid) FROM PUBLIC;
