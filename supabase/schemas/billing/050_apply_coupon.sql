-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.apply_coupon, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.apply_coupon(subscription_id uuid, coupon_code text, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.apply_coupon(subscription_id, coupon_code, reason) $$;

CREATE FUNCTION private.apply_coupon(subscription_id uuid, coupon_code text, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  c public.coupons;
  mrr_before numeric;
begin
  perform private.assert_permission('billing.write');
  if coupon_code is null or trim(coupon_code) = '' then
    perform private.fail('billing.invalid_input', 'a coupon code is required', 'e.g. WELCOME10');
  end if;
  s := private.lock_subscription(apply_coupon.subscription_id);
  if s.status not in ('trialing', 'active', 'past_due') then
    perform private.fail('billing.subscription_not_changeable', format('a %s subscription cannot take a coupon', s.status));
  end if;
  mrr_before := private.subscription_mrr(s.id);
  c := private.redeem_coupon(s, coupon_code);
  perform private.record_mrr(s.id, mrr_before);
  perform audit.record('subscription.apply_coupon', 'subscription', s.id::text, null, jsonb_build_object('coupon', c.code, 'coupon_id', c.id), s.tenant_id, reason);
  return private.subscription_json(s.id);
end
$$;

REVOKE ALL ON FUNCTION public.apply_coupon(subscription_id uuid, coupon_code text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.apply_coupon(subscription_id uuid, coupon_code text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.apply_coupon(subscription_id uuid, coupon_code text, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.apply_coupon(subscription_id uuid, coupon_code text, reason text) TO service_role;

COMMENT ON FUNCTION public.apply_coupon(subscription_id uuid, coupon_code text, reason text) IS 'Applies a coupon to a subscription from its next invoice (billing.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.apply_coupon(subscription_id uuid, coupon_code text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.apply_coupon(subscription_id uuid, coupon_code text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.apply_coupon(subscription_id uuid, coupon_code text, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.apply_coupon(subscription_id uuid, coupon_code text, reason text) TO service_role;
