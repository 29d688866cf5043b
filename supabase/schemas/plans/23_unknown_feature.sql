CREATE FUNCTION private.unknown_feature(feature_key text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  raise exception using errcode = '22023', message = format('unknown feature %s', coalesce(feature_key, '(null)')),
    detail = 'entitlements.unknown_feature', hint = 'see public.features for the catalogue';
end
$$;

REVOKE ALL ON FUNCTION private.unknown_feature(feature_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.unknown_feature(feature_key text) FROM PUBLIC;
