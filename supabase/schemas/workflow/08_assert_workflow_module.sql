CREATE FUNCTION private.assert_workflow_module(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_status text;
begin
  select t.status into v_status from public.tenants t where t.id = assert_workflow_module.tenant_id;
  if v_status is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  if v_status not in ('trial', 'active', 'grace') then
    perform private.fail('workflow.module_unavailable', format('workflows are not available to a %s tenant', v_status));
  end if;
  -- The plan (with add-ons, grants and revocations) must include the module.
  if not public.has_feature(assert_workflow_module.tenant_id, 'module.workflow') then
    perform private.fail('workflow.module_unavailable', 'the tenant''s plan does not include workflows',
      'upgrade the plan, or grant module.workflow');
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_workflow_module(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_workflow_module(tenant_id uuid) FROM PUBLIC;
