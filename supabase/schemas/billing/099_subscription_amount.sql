CREATE FUNCTION private.subscription_amount(s public.subscriptions) RETURNS numeric
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return coalesce((select pp.amount from public.plan_prices pp
                   where pp.plan_id = s.plan_id and pp.currency = s.currency and pp.interval = s.billing_interval), 0)
       + coalesce((select sum(private.add_on_price(a.add_on_code, s.currency, s.billing_interval) * a.quantity)
                   from public.subscription_add_ons a where a.subscription_id = s.id), 0);
end
$$;

REVOKE ALL ON FUNCTION private.subscription_amount(s public.subscriptions) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.subscription_amount(s public.subscriptions) FROM PUBLIC;
