CREATE FUNCTION private.plan_price(plan_id uuid, currency text, billing_interval text) RETURNS numeric
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pp.amount from public.plan_prices pp
  where pp.plan_id = plan_price.plan_id and pp.currency = plan_price.currency and pp.interval = billing_interval
$$;

REVOKE ALL ON FUNCTION private.plan_price(plan_id uuid, currency text, billing_interval text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.plan_price(plan_id uuid, currency text, billing_interval text) FROM PUBLIC;
