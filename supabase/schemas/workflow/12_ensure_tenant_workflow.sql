CREATE FUNCTION private.ensure_tenant_workflow(tenant_id uuid, template_id uuid) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_id uuid;
  v_latest uuid;
begin
  select w.version_id into v_id from public.tenant_workflows w
  where w.tenant_id = ensure_tenant_workflow.tenant_id and w.template_id = ensure_tenant_workflow.template_id;
  if v_id is not null then
    return v_id;
  end if;
  select v.id into v_latest from public.workflow_versions v join public.workflow_templates t on t.id = v.template_id
  where t.id = ensure_tenant_workflow.template_id and v.tenant_id is null and v.version = t.latest_version;
  if v_latest is null then
    return null;
  end if;
  return (private.build_tenant_workflow(tenant_id, template_id, v_latest) ->> 'version_id')::uuid;
end
$$;

REVOKE ALL ON FUNCTION private.ensure_tenant_workflow(tenant_id uuid, template_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.ensure_tenant_workflow(tenant_id uuid, template_id uuid) FROM PUBLIC;
