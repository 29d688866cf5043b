CREATE FUNCTION private.assert_valid_workflow(definition jsonb) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  errs jsonb := private.workflow_definition_errors(definition);
begin
  if jsonb_array_length(errs) > 0 then
    perform private.fail('workflow.invalid_definition', format('the workflow has %s problem(s): %s', jsonb_array_length(errs),
                       (select string_agg(e ->> 'message', '; ') from jsonb_array_elements(errs) e)),
      (select string_agg(e ->> 'code' || coalesce(':' || (e ->> 'subject'), ''), ', ') from jsonb_array_elements(errs) e));
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_valid_workflow(definition jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_valid_workflow(definition jsonb) FROM PUBLIC;
