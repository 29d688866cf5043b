-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.save_flag, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.save_flag(key text, definition jsonb, reason text DEFAULT NULL::text) RETURNS integer
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.save_flag(key, definition, reason) $$;

CREATE FUNCTION private.save_flag(key text, definition jsonb, reason text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  before_row public.feature_flags;
  errors text[];
  new_version int;
begin
  perform private.assert_permission('flags.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  perform private.assert_json_size(definition, 'the flag definition');
  if key is null or key !~ '^[a-z][a-z0-9_]*([.-][a-z0-9_]+)*$' then
    perform private.fail('flags.invalid_key', 'a flag key is lowercase words joined by . - or _');
  end if;
  if definition is null or jsonb_typeof(definition) <> 'object' then
    perform private.fail('flags.invalid', 'a flag definition is a JSON object');
  end if;
  errors := private.flag_rule_errors(coalesce(definition -> 'rules', '[]'));
  if definition ? 'default_enabled' and jsonb_typeof(definition -> 'default_enabled') <> 'boolean' then
    errors := errors || 'default_enabled must be true or false'::text;
  end if;
  if definition ? 'killed' and jsonb_typeof(definition -> 'killed') <> 'boolean' then
    errors := errors || 'killed must be true or false'::text;
  end if;
  if cardinality(errors) > 0 then
    perform private.fail('flags.invalid', 'the flag is not valid', array_to_string(errors, '; '));
  end if;
  select * into before_row from public.feature_flags x where x.key = save_flag.key for update;
  insert into public.feature_flags as x (key, description, killed, default_enabled, rules, updated_at, updated_by)
  values (key, coalesce(definition -> 'description', '{}'), coalesce((definition ->> 'killed')::boolean, false),
          coalesce((definition ->> 'default_enabled')::boolean, false), coalesce(definition -> 'rules', '[]'), private.now(), auth.uid())
  on conflict on constraint feature_flags_pkey do update
    set description = coalesce(definition -> 'description', x.description),
        killed = coalesce((definition ->> 'killed')::boolean, x.killed),
        default_enabled = coalesce((definition ->> 'default_enabled')::boolean, x.default_enabled),
        rules = coalesce(definition -> 'rules', x.rules),
        version = x.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by
  returning x.version into new_version;
  perform audit.record(case when before_row.key is null then 'flag.create' else 'flag.update' end, 'feature_flag', key,
                       to_jsonb(before_row), definition, null, reason);
  perform pg_notify('feature_flags', jsonb_build_object('key', key, 'version', new_version)::text);
  return new_version;
end
$_$;

REVOKE ALL ON FUNCTION public.save_flag(key text, definition jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.save_flag(key text, definition jsonb, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.save_flag(key text, definition jsonb, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.save_flag(key text, definition jsonb, reason text) TO service_role;

COMMENT ON FUNCTION public.save_flag(key text, definition jsonb, reason text) IS 'Creates or edits a feature flag and its rules (flags.write, with a reason); the definition is size-capped.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.save_flag(key text, definition jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.save_flag(key text, definition jsonb, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.save_flag(key text, definition jsonb, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.save_flag(key text, definition jsonb, reason text) TO service_role;
