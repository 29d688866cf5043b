-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.resume_subscription, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.resume_subscription(subscription_id uuid, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.resume_subscription(subscription_id, reason) $$;

CREATE FUNCTION private.resume_subscription(subscription_id uuid, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
begin
  perform private.assert_permission('billing.write');
  s := private.lock_subscription(resume_subscription.subscription_id);
  if s.status = 'cancelled' then
    perform private.fail('billing.subscription_cancelled', 'a cancelled subscription cannot be resumed',
      'create a new subscription');
  end if;
  if not s.cancel_at_period_end then
    perform private.fail('billing.nothing_to_resume', 'the subscription has no pending cancellation');
  end if;
  update public.subscriptions x set cancel_at_period_end = false, updated_at = private.now() where x.id = s.id;
  perform audit.record('subscription.resume', 'subscription', s.id::text, jsonb_build_object('cancel_at_period_end', true),
    jsonb_build_object('cancel_at_period_end', false), s.tenant_id, reason);
  return private.subscription_json(s.id);
end
$$;

REVOKE ALL ON FUNCTION public.resume_subscription(subscription_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.resume_subscription(subscription_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.resume_subscription(subscription_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.resume_subscription(subscription_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.resume_subscription(subscription_id uuid, reason text) IS 'Undoes a subscription''s cancellation at period end (billing.write, optional reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.resume_subscription(subscription_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.resume_subscription(subscription_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.resume_subscription(subscription_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.resume_subscription(subscription_id uuid, reason text) TO service_role;
