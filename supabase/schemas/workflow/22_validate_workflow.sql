-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.validate_workflow, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.validate_workflow(definition jsonb) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.validate_workflow(definition) $$;

CREATE FUNCTION private.validate_workflow(definition jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('workflows.read');
  perform private.enter_heavy_section('validating the workflow');
  perform private.assert_workflow_size(definition);
  return private.workflow_definition_errors(definition);
exception when query_canceled then
  perform private.raise_timeout('validating the workflow');
end
$$;

REVOKE ALL ON FUNCTION public.validate_workflow(definition jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.validate_workflow(definition jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.validate_workflow(definition jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.validate_workflow(definition jsonb) TO service_role;

COMMENT ON FUNCTION public.validate_workflow(definition jsonb) IS 'Validates a workflow definition (size caps, then reachability, terminal stages, transitions) in n log n; one heavy call per caller at a time.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.validate_workflow(definition jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.validate_workflow(definition jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.validate_workflow(definition jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.validate_workflow(definition jsonb) TO service_role;
