CREATE FUNCTION public.reject_tenant(tenant_id uuid, reason text) RETURNS text
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select (private.transition_tenant(tenant_id, 'reject', reason)).status $$;

REVOKE ALL ON FUNCTION public.reject_tenant(tenant_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.reject_tenant(tenant_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.reject_tenant(tenant_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.reject_tenant(tenant_id uuid, reason text) TO service_role;
