-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.upgrade_tenant_workflow, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.upgrade_tenant_workflow(tenant_id, template_id) $$;

CREATE FUNCTION private.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_latest uuid;
  v_before public.tenant_workflows;
  result jsonb;
begin
  perform private.assert_workflow_admin(tenant_id);
  perform private.assert_workflow_module(tenant_id);
  select v.id into v_latest from public.workflow_versions v join public.workflow_templates t on t.id = v.template_id
  where t.id = upgrade_tenant_workflow.template_id and v.tenant_id is null and v.version = t.latest_version;
  if not found then
    if not exists (select from public.workflow_templates t where t.id = upgrade_tenant_workflow.template_id) then
      perform private.fail('workflow.template_not_found', 'no such workflow template');
    end if;
    perform private.fail('workflow.not_published', 'the template has no published version yet');
  end if;
  select * into v_before from public.tenant_workflows w
  where w.tenant_id = upgrade_tenant_workflow.tenant_id and w.template_id = upgrade_tenant_workflow.template_id for update;
  result := private.build_tenant_workflow(tenant_id, template_id, v_latest);
  perform audit.record('workflow.upgrade', 'workflow_template', template_id::text,
                       case when v_before.version_id is null then null
                            else jsonb_build_object('version_id', v_before.version_id, 'base_version_id', v_before.base_version_id) end,
                       result, tenant_id);
  return result;
end
$$;

REVOKE ALL ON FUNCTION public.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) TO service_role;

COMMENT ON FUNCTION public.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) IS 'Moves a tenant to another workflow template version; orders in flight keep theirs (workflow admins; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) TO service_role;
