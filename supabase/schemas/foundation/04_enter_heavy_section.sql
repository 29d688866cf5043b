CREATE FUNCTION private.enter_heavy_section(what text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_caller text := coalesce(auth.uid()::text, 'system');
  v_taken boolean := false;
begin
  for slot in 1 .. private.input_limit('heavy.per_caller') loop
    if pg_try_advisory_xact_lock(hashtext('cmx.heavy.caller.' || slot), hashtext(v_caller)) then
      v_taken := true;
      exit;
    end if;
  end loop;
  if v_taken then
    v_taken := false;
    for slot in 1 .. private.input_limit('heavy.slots') loop
      if pg_try_advisory_xact_lock(hashtext('cmx.heavy.slot'), slot) then
        v_taken := true;
        exit;
      end if;
    end loop;
  end if;
  if not v_taken then
    perform private.fail('service.busy', format('too many large requests are running; %s was not started', what));
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.enter_heavy_section(what text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.enter_heavy_section(what text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.enter_heavy_section(what text) TO authenticated;
GRANT ALL ON FUNCTION private.enter_heavy_section(what text) TO service_role;
