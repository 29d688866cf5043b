CREATE FUNCTION private.unknown_feature(feature_key text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform private.fail('entitlements.unknown_feature', format('unknown feature %s', coalesce(feature_key, '(null)')));
end
$$;

REVOKE ALL ON FUNCTION private.unknown_feature(feature_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.unknown_feature(feature_key text) FROM PUBLIC;
