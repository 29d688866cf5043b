CREATE FUNCTION private.build_tenant_workflow(tenant_id uuid, template_id uuid, base_version_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  base public.workflow_versions;
  v_patch jsonb;
  applied record;
  errs jsonb;
  v_next int;
  v_id uuid;
begin
  select * into base from public.workflow_versions v where v.id = build_tenant_workflow.base_version_id;
  select o.patch into v_patch from public.tenant_workflow_overrides o
  where o.tenant_id = build_tenant_workflow.tenant_id and o.template_id = build_tenant_workflow.template_id;
  select * into applied from private.apply_workflow_patch(base.definition, v_patch);
  errs := private.workflow_definition_errors(applied.result);
  if jsonb_array_length(errs) > 0 then
    perform private.fail('workflow.override_invalid', format('the tenant''s overrides do not fit version %s: %s', base.version,
                       (select string_agg(e ->> 'message', '; ') from jsonb_array_elements(applied.conflicts || errs) e)),
      (select string_agg(e ->> 'code' || coalesce(':' || (e ->> 'subject'), ''), ', ') from jsonb_array_elements(applied.conflicts || errs) e));
  end if;
  -- serialise builds of one tenant's workflow for one template
  perform pg_advisory_xact_lock(hashtextextended(tenant_id::text || template_id::text, 0));
  select coalesce(max(v.version), 0) + 1 into v_next from public.workflow_versions v
  where v.tenant_id = build_tenant_workflow.tenant_id and v.template_id = build_tenant_workflow.template_id;
  insert into public.workflow_versions (template_id, tenant_id, version, base_version_id, definition, patch, conflicts, published_by)
  values (template_id, tenant_id, v_next, base.id, applied.result, v_patch, applied.conflicts, auth.uid())
  returning id into v_id;
  insert into public.tenant_workflows as w (tenant_id, template_id, version_id, base_version_id, conflicts)
  values (tenant_id, template_id, v_id, base.id, applied.conflicts)
  on conflict on constraint tenant_workflows_pkey do update
    set version_id = excluded.version_id, base_version_id = excluded.base_version_id, conflicts = excluded.conflicts,
        upgraded_at = now();
  return jsonb_build_object('version_id', v_id, 'version', v_next, 'base_version', base.version,
                            'conflicts', applied.conflicts);
end
$$;

REVOKE ALL ON FUNCTION private.build_tenant_workflow(tenant_id uuid, template_id uuid, base_version_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.build_tenant_workflow(tenant_id uuid, template_id uuid, base_version_id uuid) FROM PUBLIC;
