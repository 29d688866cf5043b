CREATE FUNCTION private.assert_workflow_size(definition jsonb, what text DEFAULT 'the workflow'::text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_too_many_guards text;
begin
  perform private.assert_json_size(definition, what, 'workflow.bytes');
  if jsonb_typeof(definition) = 'object' then
    perform private.assert_json_count(definition -> 'stages', what || '''s stages', 'workflow.stages');
    perform private.assert_json_count(definition -> 'transitions', what || '''s transitions', 'workflow.transitions');
    if jsonb_typeof(definition -> 'transitions') = 'array' then
      select coalesce(t ->> 'from', '?') || '→' || coalesce(t ->> 'to', '?') into v_too_many_guards
      from jsonb_array_elements(definition -> 'transitions') t
      where jsonb_typeof(t -> 'guards') = 'array' and jsonb_array_length(t -> 'guards') > private.input_limit('workflow.guards')
         or jsonb_typeof(t -> 'roles') = 'array' and jsonb_array_length(t -> 'roles') > 4
      limit 1;
      if v_too_many_guards is not null then
        perform private.fail('input.too_many', format('transition %s has too many guards or roles (at most %s guards and 4 roles)', v_too_many_guards,
                           private.input_limit('workflow.guards')));
      end if;
    end if;
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_workflow_size(definition jsonb, what text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_workflow_size(definition jsonb, what text) FROM PUBLIC;
