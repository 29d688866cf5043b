-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.has_feature, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.has_feature(tenant_id uuid, feature_key text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.has_feature(tenant_id, feature_key) $$;

CREATE FUNCTION private.has_feature(tenant_id uuid, feature_key text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v jsonb;
  suspect boolean;
begin
  if not private.is_trusted_caller() then
    perform private.assert_entitlement_reader(tenant_id);
  end if;
  select x.entitlements -> 'features' -> feature_key, x.stale or x.valid_until <= private.now() into v, suspect
  from public.tenant_entitlements x where x.tenant_id = has_feature.tenant_id;
  if suspect is distinct from false then
    v := private.current_entitlements(tenant_id) -> 'features' -> feature_key;
  end if;
  if v is null then
    perform private.unknown_feature(feature_key);
  end if;
  return case jsonb_typeof(v) when 'boolean' then v = 'true'::jsonb
                              when 'null' then true
                              when 'number' then v::numeric > 0
                              else (v #>> '{}') <> 'none' end;
end
$$;

REVOKE ALL ON FUNCTION public.has_feature(tenant_id uuid, feature_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.has_feature(tenant_id uuid, feature_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.has_feature(tenant_id uuid, feature_key text) TO authenticated;
GRANT ALL ON FUNCTION public.has_feature(tenant_id uuid, feature_key text) TO service_role;

COMMENT ON FUNCTION public.has_feature(tenant_id uuid, feature_key text) IS 'Whether a tenant has a boolean feature now (plan, add-ons and overrides; the tenant''s users, staff who may read entitlements, or the service role).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.has_feature(tenant_id uuid, feature_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.has_feature(tenant_id uuid, feature_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.has_feature(tenant_id uuid, feature_key text) TO authenticated;
GRANT ALL ON FUNCTION private.has_feature(tenant_id uuid, feature_key text) TO service_role;
