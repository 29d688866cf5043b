-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.cancel_subscription, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.cancel_subscription(subscription_id uuid, at_period_end boolean DEFAULT true, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.cancel_subscription(subscription_id, at_period_end, reason) $$;

CREATE FUNCTION private.cancel_subscription(subscription_id uuid, at_period_end boolean DEFAULT true, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  before_json jsonb;
  mrr_before numeric;
  credit jsonb;
  final_info jsonb;
begin
  perform private.assert_permission('billing.write');
  if at_period_end is null then
    perform private.fail('billing.invalid_input', 'at_period_end must be true or false',
      'true cancels at the period end, false now');
  end if;
  s := private.lock_subscription(cancel_subscription.subscription_id);
  if s.status = 'cancelled' then
    perform private.fail('billing.subscription_cancelled', 'the subscription is cancelled already');
  end if;
  before_json := private.subscription_json(s.id);
  if at_period_end then
    if s.cancel_at_period_end then
      perform private.fail('billing.cancel_already_scheduled', 'the subscription is already set to cancel at the period end');
    end if;
    update public.subscriptions x set cancel_at_period_end = true, pending_plan_id = null, updated_at = private.now() where x.id = s.id;
  else
    mrr_before := private.subscription_mrr(s.id);
    credit := private.unused_time_credit(s, private.subscription_amount(s));
    update public.subscriptions x set status = 'cancelled', cancelled_at = private.now(), cancel_at_period_end = false, pending_plan_id = null,
      status_changed_at = private.now(), updated_at = private.now() where x.id = s.id;
    final_info := private.final_invoice(s, credit);
    perform private.record_mrr(s.id, mrr_before);
  end if;
  perform audit.record('subscription.cancel', 'subscription', s.id::text, before_json,
    private.subscription_json(s.id) || jsonb_build_object('at_period_end', at_period_end, 'final', final_info), s.tenant_id, reason);
  perform private.emit_subscription_event('subscription.canceled', s.id);  -- integrations
  return private.subscription_json(s.id) || jsonb_build_object('final', final_info,
    'final_invoice', case when final_info ->> 'invoice_id' is not null then private.invoice_json((final_info ->> 'invoice_id')::uuid) end);
end
$$;

REVOKE ALL ON FUNCTION public.cancel_subscription(subscription_id uuid, at_period_end boolean, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.cancel_subscription(subscription_id uuid, at_period_end boolean, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cancel_subscription(subscription_id uuid, at_period_end boolean, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.cancel_subscription(subscription_id uuid, at_period_end boolean, reason text) TO service_role;

COMMENT ON FUNCTION public.cancel_subscription(subscription_id uuid, at_period_end boolean, reason text) IS 'Cancels a subscription now or at the end of its period (billing.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.cancel_subscription(subscription_id uuid, at_period_end boolean, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.cancel_subscription(subscription_id uuid, at_period_end boolean, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.cancel_subscription(subscription_id uuid, at_period_end boolean, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.cancel_subscription(subscription_id uuid, at_period_end boolean, reason text) TO service_role;
