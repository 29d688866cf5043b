CREATE FUNCTION private.provision_workflows(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  tpl record;
begin
  for tpl in select t.id from public.workflow_templates t where t.latest_version > 0 and not t.archived order by t.code loop
    perform private.ensure_tenant_workflow(tenant_id, tpl.id);
  end loop;
end
$$;

REVOKE ALL ON FUNCTION private.provision_workflows(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.provision_workflows(tenant_id uuid) FROM PUBLIC;
