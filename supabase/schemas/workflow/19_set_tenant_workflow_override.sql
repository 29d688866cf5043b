-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_tenant_workflow_override, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.set_tenant_workflow_override(tenant_id, template_id, patch) $$;

CREATE FUNCTION private.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before jsonb;
  v_base uuid;
  applied record;
  result jsonb;
begin
  perform private.assert_workflow_admin(tenant_id);
  perform private.enter_heavy_section('saving the workflow override');
  perform private.assert_valid_patch(patch);
  perform private.assert_workflow_module(tenant_id);
  if not exists (select from public.workflow_templates t where t.id = set_tenant_workflow_override.template_id) then
    perform private.fail('workflow.template_not_found', 'no such workflow template');
  end if;
  select w.base_version_id into v_base from public.tenant_workflows w
  where w.tenant_id = set_tenant_workflow_override.tenant_id and w.template_id = set_tenant_workflow_override.template_id;
  if v_base is null then
    select v.id into v_base from public.workflow_versions v join public.workflow_templates t on t.id = v.template_id
    where v.template_id = set_tenant_workflow_override.template_id and v.tenant_id is null and v.version = t.latest_version;
  end if;
  if v_base is null then
    perform private.fail('workflow.not_published', 'the template has no published version yet');
  end if;
  select * into applied from private.apply_workflow_patch((select v.definition from public.workflow_versions v where v.id = v_base), patch);
  if jsonb_array_length(applied.conflicts) > 0 then
    perform private.fail('workflow.invalid_patch', format('the override does not fit the workflow: %s',
                       (select string_agg(e ->> 'message', '; ') from jsonb_array_elements(applied.conflicts) e)),
      (select string_agg(e ->> 'code' || ':' || (e ->> 'subject'), ', ') from jsonb_array_elements(applied.conflicts) e));
  end if;
  perform private.assert_valid_workflow(applied.result);
  select o.patch into v_before from public.tenant_workflow_overrides o
  where o.tenant_id = set_tenant_workflow_override.tenant_id and o.template_id = set_tenant_workflow_override.template_id;
  insert into public.tenant_workflow_overrides as o (tenant_id, template_id, patch, updated_by)
  values (tenant_id, template_id, patch, auth.uid())
  on conflict on constraint tenant_workflow_overrides_pkey do update
    set patch = excluded.patch, updated_by = excluded.updated_by, updated_at = now();
  result := private.build_tenant_workflow(tenant_id, template_id, v_base);
  perform audit.record('workflow_override.set', 'workflow_template', template_id::text, v_before,
                       jsonb_build_object('patch', patch, 'version_id', result -> 'version_id'), tenant_id);
  return result;
exception when query_canceled then
  perform private.raise_timeout('saving the workflow override');
end
$$;

REVOKE ALL ON FUNCTION public.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) TO service_role;

COMMENT ON FUNCTION public.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) IS 'Sets a tenant''s patch over its workflow version (tenant owner/admin, full impersonation or workflows.write); the patch is size-capped and checked before the tenant''s state.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) TO service_role;
