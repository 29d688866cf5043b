-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.activate_tenant, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.activate_tenant(tenant_id uuid, reason text DEFAULT NULL::text) RETURNS text
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.activate_tenant(tenant_id, reason) $$;

CREATE FUNCTION private.activate_tenant(tenant_id uuid, reason text DEFAULT NULL::text) RETURNS text
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select (private.transition_tenant(tenant_id, 'activate', reason)).status $$;

REVOKE ALL ON FUNCTION public.activate_tenant(tenant_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.activate_tenant(tenant_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.activate_tenant(tenant_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.activate_tenant(tenant_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.activate_tenant(tenant_id uuid, reason text) IS 'Moves a tenant along its lifecycle: activates an approved or trialing tenant (the permission the lifecycle rule names; audited; follow-ups enqueued). Returns the new status.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.activate_tenant(tenant_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.activate_tenant(tenant_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.activate_tenant(tenant_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.activate_tenant(tenant_id uuid, reason text) TO service_role;
