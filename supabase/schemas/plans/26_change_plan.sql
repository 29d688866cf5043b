CREATE FUNCTION public.change_plan(tenant_id uuid, plan_code text, effective text DEFAULT 'now'::text, reason text DEFAULT NULL::text) RETURNS jsonb
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
