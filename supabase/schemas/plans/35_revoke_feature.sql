-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.revoke_feature, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS uuid
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.revoke_feature(tenant_id, feature_key, reason, expires_at) $$;

CREATE FUNCTION private.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select private.set_override(tenant_id, feature_key, 'revoke', null, reason, expires_at) $$;

REVOKE ALL ON FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) TO service_role;

COMMENT ON FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) IS 'Takes a feature away from a tenant whatever its plan says (an override), optionally until expires_at (plans.write, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION private.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION private.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) TO service_role;
