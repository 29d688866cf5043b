CREATE FUNCTION private.subscription_json(subscription_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select to_jsonb(s) || jsonb_build_object(
    'plan_code', (select p.code from public.plans p where p.id = s.plan_id),
    'pending_plan_code', (select p.code from public.plans p where p.id = s.pending_plan_id),
    'add_ons', coalesce((select jsonb_agg(jsonb_build_object('code', a.add_on_code, 'quantity', a.quantity) order by a.add_on_code)
                         from public.subscription_add_ons a where a.subscription_id = s.id), '[]'),
    'coupons', coalesce((select jsonb_agg(jsonb_build_object('code', k.code, 'periods_applied', r.periods_applied, 'ended_at', r.ended_at) order by r.redeemed_at, k.code)
                         from public.coupon_redemptions r join public.coupons k on k.id = r.coupon_id where r.subscription_id = s.id), '[]'),
    'mrr', private.subscription_mrr(s.id))
  from public.subscriptions s where s.id = subscription_json.subscription_id
$$;

REVOKE ALL ON FUNCTION private.subscription_json(subscription_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.subscription_json(subscription_id uuid) FROM PUBLIC;
