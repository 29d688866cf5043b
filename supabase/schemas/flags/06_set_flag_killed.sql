-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_flag_killed, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.set_flag_killed(key text, killed boolean, reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.set_flag_killed(key, killed, reason) $$;

CREATE FUNCTION private.set_flag_killed(key text, killed boolean, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_row public.feature_flags;
  new_version int;
begin
  perform private.assert_permission('flags.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if killed is null then
    perform private.fail('flags.invalid', 'killed must be true or false', 'true kills the flag');
  end if;
  if length(trim(coalesce(reason, ''))) < 3 then
    perform private.fail('flags.reason_required', 'a reason is required');
  end if;
  select * into before_row from public.feature_flags x where x.key = set_flag_killed.key for update;
  if before_row.key is null then
    perform private.fail('flags.unknown_flag', format('unknown flag %s', coalesce(key, '(null)')));
  end if;
  update public.feature_flags x set killed = set_flag_killed.killed, version = x.version + 1, updated_at = private.now(), updated_by = auth.uid()
  where x.key = set_flag_killed.key returning x.version into new_version;
  perform audit.record(case when killed then 'flag.kill' else 'flag.revive' end, 'feature_flag', key,
                       jsonb_build_object('killed', before_row.killed), jsonb_build_object('killed', killed), null, reason);
  perform pg_notify('feature_flags', jsonb_build_object('key', key, 'version', new_version)::text);
end
$$;

REVOKE ALL ON FUNCTION public.set_flag_killed(key text, killed boolean, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.set_flag_killed(key text, killed boolean, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_flag_killed(key text, killed boolean, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.set_flag_killed(key text, killed boolean, reason text) TO service_role;

COMMENT ON FUNCTION public.set_flag_killed(key text, killed boolean, reason text) IS 'Turns a flag''s kill switch on or off (flags.write, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.set_flag_killed(key text, killed boolean, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.set_flag_killed(key text, killed boolean, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.set_flag_killed(key text, killed boolean, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.set_flag_killed(key text, killed boolean, reason text) TO service_role;
