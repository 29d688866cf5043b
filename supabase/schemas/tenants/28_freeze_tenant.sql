-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.freeze_tenant, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.freeze_tenant(tenant_id uuid, reason text) RETURNS text
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.freeze_tenant(tenant_id, reason) $$;

CREATE FUNCTION private.freeze_tenant(tenant_id uuid, reason text) RETURNS text
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select (private.transition_tenant(tenant_id, 'freeze', reason)).status $$;

REVOKE ALL ON FUNCTION public.freeze_tenant(tenant_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.freeze_tenant(tenant_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.freeze_tenant(tenant_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.freeze_tenant(tenant_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.freeze_tenant(tenant_id uuid, reason text) IS 'Moves a tenant along its lifecycle: freezes a tenant: read-only (with a reason) (the permission the lifecycle rule names; audited; follow-ups enqueued). Returns the new status.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.freeze_tenant(tenant_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.freeze_tenant(tenant_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.freeze_tenant(tenant_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.freeze_tenant(tenant_id uuid, reason text) TO service_role;
