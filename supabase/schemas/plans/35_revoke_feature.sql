CREATE FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select private.set_override(tenant_id, feature_key, 'revoke', null, reason, expires_at) $$;

REVOKE ALL ON FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.revoke_feature(tenant_id uuid, feature_key text, reason text, expires_at timestamp with time zone) TO service_role;
