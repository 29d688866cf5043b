-- THE way to read a platform setting: its latest value, else its default. private.platform_setting
-- is for SQL code (no permission check: other capabilities read settings inside their own checks);
-- public.platform_setting is the staff entry point (settings.read).
CREATE FUNCTION private.platform_setting(key text) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select coalesce(
    (select v.value from public.platform_setting_versions v where v.key = platform_setting.key order by v.version desc limit 1),
    (select d.default_value from public.platform_setting_definitions d where d.key = platform_setting.key))
$$;

REVOKE ALL ON FUNCTION private.platform_setting(key text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.platform_setting(key text) TO authenticated, service_role;

-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.read_platform_setting, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.platform_setting(key text) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.read_platform_setting(key) $$;

CREATE FUNCTION private.read_platform_setting(key text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('settings.read');
  if not exists (select from public.platform_setting_definitions d where d.key = read_platform_setting.key) then
    perform private.fail('platform.unknown_setting', format('unknown setting %s', coalesce(key, '(null)')));
  end if;
  return private.platform_setting(key);
end
$$;

REVOKE ALL ON FUNCTION public.platform_setting(key text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.platform_setting(key text) TO authenticated, service_role;
COMMENT ON FUNCTION public.platform_setting(key text) IS 'The current value of a platform setting (its latest version, else its default); settings.read.';

REVOKE ALL ON FUNCTION private.read_platform_setting(key text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.read_platform_setting(key text) TO authenticated, service_role;
