CREATE FUNCTION private.assert_workflow_module(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_status text;
begin
  select t.status into v_status from public.tenants t where t.id = assert_workflow_module.tenant_id;
  if v_status is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found',
      hint = 'check the tenant id';
  end if;
  if v_status not in ('trial', 'active', 'grace') then
    raise exception using errcode = 'PT403', message = format('workflows are not available to a %s tenant', v_status),
      detail = 'workflow.module_unavailable', hint = 'the tenant must be in trial, active or grace';
  end if;
  -- The plan (with add-ons, grants and revocations) must include the module.
  if not public.has_feature(assert_workflow_module.tenant_id, 'module.workflow') then
    raise exception using errcode = 'PT403', message = 'the tenant''s plan does not include workflows',
      detail = 'workflow.module_unavailable', hint = 'upgrade the plan, or grant module.workflow';
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_workflow_module(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_workflow_module(tenant_id uuid) FROM PUBLIC;
