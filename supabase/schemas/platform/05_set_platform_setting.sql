-- Gives a platform setting a new value: settings.write in an aal2 session, a reason, a value valid
-- against the key's schema. Each change is a new version row and an audit entry. Returns the version.
CREATE FUNCTION public.set_platform_setting(key text, value jsonb, reason text) RETURNS integer
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.set_platform_setting(key, value, reason) $$;

CREATE FUNCTION private.set_platform_setting(key text, value jsonb, reason text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  def public.platform_setting_definitions;
  before_value jsonb;
  problems text[];
  next_version integer;
begin
  perform private.assert_permission('settings.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  perform private.assert_json_size(value, 'the value');
  -- one change of a key at a time: the versions stay gapless and each audit entry's "before" is right
  select * into def from public.platform_setting_definitions d where d.key = set_platform_setting.key for update;
  if def.key is null then
    perform private.fail('platform.unknown_setting', format('unknown setting %s', coalesce(key, '(null)')));
  end if;
  if length(btrim(coalesce(reason, ''))) < 3 then
    perform private.fail('platform.reason_required', 'a reason is required');
  end if;
  problems := case when value is null then array['$ is required'] else private.json_schema_errors(def.schema, value) end;
  if cardinality(problems) > 0 then
    perform private.fail('platform.invalid_setting_value', format('%s: %s', key, array_to_string(problems, '; ')),
      format('expected %s', def.schema));
  end if;
  before_value := private.platform_setting(key);
  select coalesce(max(v.version), 0) + 1 into next_version from public.platform_setting_versions v where v.key = set_platform_setting.key;
  insert into public.platform_setting_versions (key, version, value, reason, changed_by, changed_at)
  values (key, next_version, value, btrim(reason), auth.uid(), private.now());
  perform audit.record('platform.setting_set', 'platform_setting', key,
    jsonb_build_object('value', before_value), jsonb_build_object('value', value, 'version', next_version), null, btrim(reason));
  return next_version;
end
$$;

REVOKE ALL ON FUNCTION public.set_platform_setting(key text, value jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.set_platform_setting(key text, value jsonb, reason text) TO authenticated, service_role;
COMMENT ON FUNCTION public.set_platform_setting(key text, value jsonb, reason text) IS 'Sets a platform setting (settings.write, aal2, with a reason): validated against its schema, a new version, audited.';

REVOKE ALL ON FUNCTION private.set_platform_setting(key text, value jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.set_platform_setting(key text, value jsonb, reason text) TO authenticated, service_role;
