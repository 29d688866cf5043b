-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.create_workflow_template, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.create_workflow_template(code, service_category, name, draft, description) $$;

CREATE FUNCTION private.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_id uuid;
begin
  perform private.assert_permission('workflows.write');
  perform private.assert_name_size(name, 'the template name');
  perform private.assert_name_size(description, 'the template description');
  perform private.assert_json_size(description, 'the template description');
  perform private.assert_workflow_size(draft, 'the draft');
  if code is null or code !~ '^[a-z][a-z0-9_]{1,39}$' or service_category is null or service_category !~ '^[a-z][a-z0-9_]{1,39}$' then
    perform private.fail('workflow.invalid_code', 'template code and service category are lower-case codes (2-40 characters)');
  end if;
  if name is null or jsonb_typeof(name) <> 'object' or coalesce(trim(name ->> 'en'), '') = '' then
    perform private.fail('workflow.name_required', 'a template needs an English name');
  end if;
  if draft is null or jsonb_typeof(draft) <> 'object' then
    perform private.fail('workflow.malformed', 'a draft is a workflow definition object');
  end if;
  if exists (select from public.workflow_templates t where t.code = create_workflow_template.code
             or t.service_category = create_workflow_template.service_category) then
    perform private.fail('workflow.template_exists', 'a template with this code or service category exists');
  end if;
  insert into public.workflow_templates (code, service_category, name, description, draft, created_by)
  values (code, service_category, name, coalesce(description, '{}'), draft, auth.uid())
  returning id into v_id;
  perform audit.record('workflow_template.create', 'workflow_template', v_id::text, null,
                       jsonb_build_object('code', code, 'service_category', service_category, 'name', name));
  return v_id;
end
$_$;

REVOKE ALL ON FUNCTION public.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb) TO service_role;

COMMENT ON FUNCTION public.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb) IS 'Creates a workflow template with an empty draft (workflows.write; code and name within their limits).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb) TO service_role;
