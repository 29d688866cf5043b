-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.change_plan, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.change_plan(tenant_id uuid, plan_code text, effective text DEFAULT 'now'::text, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.change_plan(tenant_id, plan_code, effective, reason) $$;

CREATE FUNCTION private.change_plan(tenant_id uuid, plan_code text, effective text DEFAULT 'now'::text, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('plans.write');
  return private.change_tenant_plan(tenant_id, plan_code, effective, reason);
end
$$;

REVOKE ALL ON FUNCTION public.change_plan(tenant_id uuid, plan_code text, effective text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.change_plan(tenant_id uuid, plan_code text, effective text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.change_plan(tenant_id uuid, plan_code text, effective text, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.change_plan(tenant_id uuid, plan_code text, effective text, reason text) TO service_role;

COMMENT ON FUNCTION public.change_plan(tenant_id uuid, plan_code text, effective text, reason text) IS 'The one plan change of a tenant: through its live subscription (prorated, invoiced, entitlements at the effective time), else the plan alone (billed false). plans.write (+ billing.write with a subscription).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.change_plan(tenant_id uuid, plan_code text, effective text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.change_plan(tenant_id uuid, plan_code text, effective text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.change_plan(tenant_id uuid, plan_code text, effective text, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.change_plan(tenant_id uuid, plan_code text, effective text, reason text) TO service_role;
