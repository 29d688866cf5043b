CREATE FUNCTION private.assert_workflow_admin(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if private.is_trusted_caller()
     or tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))
     or tenant_id in (select private.impersonated_tenant_ids(true)) then
    return;
  end if;
  if tenant_id in (select private.my_tenant_ids()) then
    perform private.fail('workflow.forbidden', 'only the tenant''s owners and admins may change its workflows');
  end if;
  perform private.assert_permission('workflows.write');
end
$$;

REVOKE ALL ON FUNCTION private.assert_workflow_admin(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_workflow_admin(tenant_id uuid) FROM PUBLIC;
