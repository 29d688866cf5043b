-- Every platform setting with its type, default, current value and latest version, for the
-- console's settings page (settings.read).
CREATE FUNCTION public.platform_settings() RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.platform_settings() $$;

CREATE FUNCTION private.platform_settings() RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('settings.read');
  return coalesce((
    select jsonb_agg(jsonb_build_object(
      'key', d.key, 'schema', d.schema, 'default_value', d.default_value, 'description', d.description,
      'value', coalesce(v.value, d.default_value), 'version', coalesce(v.version, 0),
      'reason', v.reason, 'changed_by', v.changed_by, 'changed_at', v.changed_at) order by d.sort, d.key)
    from public.platform_setting_definitions d
    left join lateral (select * from public.platform_setting_versions x where x.key = d.key order by x.version desc limit 1) v on true), '[]');
end
$$;

REVOKE ALL ON FUNCTION public.platform_settings() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.platform_settings() TO authenticated, service_role;
COMMENT ON FUNCTION public.platform_settings() IS 'Every platform setting: key, schema, default, current value, version and its last change (settings.read).';

REVOKE ALL ON FUNCTION private.platform_settings() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.platform_settings() TO authenticated, service_role;
