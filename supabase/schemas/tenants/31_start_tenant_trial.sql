-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.start_tenant_trial, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer DEFAULT NULL::integer, reason text DEFAULT NULL::text) RETURNS text
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.start_tenant_trial(tenant_id, trial_days, reason) $$;

CREATE FUNCTION private.start_tenant_trial(tenant_id uuid, trial_days integer DEFAULT NULL::integer, reason text DEFAULT NULL::text) RETURNS text
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select (private.transition_tenant(tenant_id, 'start_trial', reason, trial_days)).status $$;

REVOKE ALL ON FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) TO service_role;

COMMENT ON FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) IS 'Moves a tenant along its lifecycle: starts an approved tenant''s trial (trial_days, or the lifecycle settings'' default) (the permission the lifecycle rule names; audited; follow-ups enqueued). Returns the new status.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) TO service_role;
