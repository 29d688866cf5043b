-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.dunning_advance, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.dunning_advance(case_id uuid, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.dunning_advance(case_id, reason) $$;

CREATE FUNCTION private.dunning_advance(case_id uuid, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.dunning_cases;
  v_action text;
begin
  perform private.assert_permission('billing.write');
  select * into c from public.dunning_cases x where x.id = dunning_advance.case_id for update;
  if c.id is null then
    perform private.fail('billing.case_not_found', 'no such dunning case');
  end if;
  if c.closed_at is not null then
    perform private.fail('billing.case_closed', format('the case is closed (%s)', c.stage));
  end if;
  if c.next_action is null then
    perform private.fail('billing.nothing_to_run', 'the case has no next action');
  end if;
  v_action := private.dunning_step(c.id, true, coalesce(nullif(btrim(dunning_advance.reason), ''), 'advanced by an operator'));
  if v_action is null then
    perform private.fail('billing.nothing_to_run', 'the case''s invoice is no longer open', 'refresh the dunning board');
  end if;
  select * into c from public.dunning_cases x where x.id = c.id;
  perform audit.record('dunning.advance', 'dunning_case', c.id::text, null, jsonb_build_object('action', v_action, 'stage', c.stage),
    c.tenant_id, nullif(btrim(dunning_advance.reason), ''));
  return to_jsonb(c) || jsonb_build_object('action_run', v_action);
end
$$;

REVOKE ALL ON FUNCTION public.dunning_advance(case_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.dunning_advance(case_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.dunning_advance(case_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.dunning_advance(case_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.dunning_advance(case_id uuid, reason text) IS 'Moves a dunning case to its next step now (billing.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.dunning_advance(case_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_advance(case_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.dunning_advance(case_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.dunning_advance(case_id uuid, reason text) TO service_role;
