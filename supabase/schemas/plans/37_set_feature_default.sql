-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_feature_default, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.set_feature_default(feature_key text, value jsonb, reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.set_feature_default(feature_key, value, reason) $$;

CREATE FUNCTION private.set_feature_default(feature_key text, value jsonb, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  f public.features;
  e text;
begin
  perform private.assert_permission('plans.write');
  select * into f from public.features x where x.key = feature_key for update;
  if f.key is null then perform private.unknown_feature(feature_key); end if;
  e := private.feature_value_error(f, value);
  if e is not null then
    perform private.fail('entitlements.invalid_value', format('bad value for %s', feature_key), e);
  end if;
  update public.features x set default_value = value where x.key = feature_key;
  perform audit.record('feature.set_default', 'feature', feature_key, jsonb_build_object('default_value', f.default_value),
                       jsonb_build_object('default_value', value), null, reason);
  perform private.invalidate_all_entitlements('feature.' || feature_key);
end
$$;

REVOKE ALL ON FUNCTION public.set_feature_default(feature_key text, value jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.set_feature_default(feature_key text, value jsonb, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_feature_default(feature_key text, value jsonb, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.set_feature_default(feature_key text, value jsonb, reason text) TO service_role;

COMMENT ON FUNCTION public.set_feature_default(feature_key text, value jsonb, reason text) IS 'Sets a feature''s default value for tenants whose plan does not set it (plans.write, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.set_feature_default(feature_key text, value jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.set_feature_default(feature_key text, value jsonb, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.set_feature_default(feature_key text, value jsonb, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.set_feature_default(feature_key text, value jsonb, reason text) TO service_role;
