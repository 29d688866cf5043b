-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.change_subscription_plan, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.change_subscription_plan(subscription_id uuid, plan_code text, effective text DEFAULT NULL::text, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.change_subscription_plan(subscription_id, plan_code, effective, reason) $$;

CREATE FUNCTION private.change_subscription_plan(subscription_id uuid, plan_code text, effective text DEFAULT NULL::text, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
begin
  perform private.assert_permission('billing.write');
  if effective is not null and effective not in ('now', 'period_end') then
    perform private.fail('billing.invalid_effective', format('effective must be now or period_end, got %s', effective));
  end if;
  s := private.lock_subscription(change_subscription_plan.subscription_id);
  return private.change_subscription_plan_core(s, plan_code, effective, reason);
end
$$;

REVOKE ALL ON FUNCTION public.change_subscription_plan(subscription_id uuid, plan_code text, effective text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.change_subscription_plan(subscription_id uuid, plan_code text, effective text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.change_subscription_plan(subscription_id uuid, plan_code text, effective text, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.change_subscription_plan(subscription_id uuid, plan_code text, effective text, reason text) TO service_role;

COMMENT ON FUNCTION public.change_subscription_plan(subscription_id uuid, plan_code text, effective text, reason text) IS 'Changes a subscription''s plan: upgrade now prorated by day and invoiced, downgrade at period end; the tenant''s plan and entitlements follow. Same rule as change_plan. billing.write.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.change_subscription_plan(subscription_id uuid, plan_code text, effective text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.change_subscription_plan(subscription_id uuid, plan_code text, effective text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.change_subscription_plan(subscription_id uuid, plan_code text, effective text, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.change_subscription_plan(subscription_id uuid, plan_code text, effective text, reason text) TO service_role;
