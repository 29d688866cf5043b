-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.publish_workflow_template, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.publish_workflow_template(template_id uuid, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.publish_workflow_template(template_id, note) $$;

CREATE FUNCTION private.publish_workflow_template(template_id uuid, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  tpl public.workflow_templates;
  v_id uuid;
  v_latest jsonb;
begin
  perform private.assert_permission('workflows.write');
  perform private.assert_text_size(note, 'the publish note', 'note');
  select * into tpl from public.workflow_templates t where t.id = publish_workflow_template.template_id for update;
  if not found then
    perform private.fail('workflow.template_not_found', 'no such workflow template');
  end if;
  perform private.assert_valid_workflow(tpl.draft);
  select v.definition into v_latest from public.workflow_versions v
  where v.template_id = tpl.id and v.tenant_id is null and v.version = tpl.latest_version;
  if v_latest is not distinct from tpl.draft then
    perform private.fail('workflow.nothing_to_publish', 'the draft is the same as the latest version',
      format('version %s is current', tpl.latest_version));
  end if;
  insert into public.workflow_versions (template_id, version, definition, note, published_by)
  values (tpl.id, tpl.latest_version + 1, tpl.draft, note, auth.uid())
  returning id into v_id;
  update public.workflow_templates t set latest_version = tpl.latest_version + 1, updated_at = now() where t.id = tpl.id;
  perform audit.record('workflow_template.publish', 'workflow_template', tpl.id::text, null,
                       jsonb_build_object('version', tpl.latest_version + 1, 'version_id', v_id, 'note', note));
  return jsonb_build_object('version_id', v_id, 'version', tpl.latest_version + 1);
end
$$;

REVOKE ALL ON FUNCTION public.publish_workflow_template(template_id uuid, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.publish_workflow_template(template_id uuid, note text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.publish_workflow_template(template_id uuid, note text) TO authenticated;
GRANT ALL ON FUNCTION public.publish_workflow_template(template_id uuid, note text) TO service_role;

COMMENT ON FUNCTION public.publish_workflow_template(template_id uuid, note text) IS 'Publishes the draft as a new immutable version with a note (workflows.write); refuses a broken workflow, naming each problem.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.publish_workflow_template(template_id uuid, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.publish_workflow_template(template_id uuid, note text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.publish_workflow_template(template_id uuid, note text) TO authenticated;
GRANT ALL ON FUNCTION private.publish_workflow_template(template_id uuid, note text) TO service_role;
