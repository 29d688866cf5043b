-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.save_workflow_draft, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.save_workflow_draft(template_id uuid, draft jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.save_workflow_draft(template_id, draft) $$;

CREATE FUNCTION private.save_workflow_draft(template_id uuid, draft jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before jsonb;
begin
  perform private.assert_permission('workflows.write');
  perform private.enter_heavy_section('saving the draft');
  perform private.assert_workflow_size(draft, 'the draft');
  if draft is null or jsonb_typeof(draft) <> 'object' then
    perform private.fail('workflow.malformed', 'a draft is a workflow definition object');
  end if;
  select t.draft into v_before from public.workflow_templates t where t.id = save_workflow_draft.template_id for update;
  if not found then
    perform private.fail('workflow.template_not_found', 'no such workflow template');
  end if;
  update public.workflow_templates t set draft = save_workflow_draft.draft, updated_at = now()
  where t.id = save_workflow_draft.template_id;
  perform audit.record('workflow_template.save_draft', 'workflow_template', template_id::text, v_before, draft);
  -- the editor shows these on the graph
  return private.workflow_definition_errors(draft);
exception when query_canceled then
  perform private.raise_timeout('saving the draft');
end
$$;

REVOKE ALL ON FUNCTION public.save_workflow_draft(template_id uuid, draft jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.save_workflow_draft(template_id uuid, draft jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.save_workflow_draft(template_id uuid, draft jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.save_workflow_draft(template_id uuid, draft jsonb) TO service_role;

COMMENT ON FUNCTION public.save_workflow_draft(template_id uuid, draft jsonb) IS 'Saves the draft of a workflow template (workflows.write); the definition is size-capped and validated.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.save_workflow_draft(template_id uuid, draft jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.save_workflow_draft(template_id uuid, draft jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.save_workflow_draft(template_id uuid, draft jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.save_workflow_draft(template_id uuid, draft jsonb) TO service_role;
