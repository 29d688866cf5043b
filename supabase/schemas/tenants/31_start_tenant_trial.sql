CREATE FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer DEFAULT NULL::integer, reason text DEFAULT NULL::text) RETURNS text
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select (private.transition_tenant(tenant_id, 'start_trial', reason, trial_days)).status $$;

REVOKE ALL ON FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.start_tenant_trial(tenant_id uuid, trial_days integer, reason text) TO service_role;
