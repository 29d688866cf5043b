CREATE FUNCTION private.subscription_mrr(subscription_id uuid) RETURNS numeric
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  amount numeric;
  c record;
  mu int;
begin
  select * into s from public.subscriptions x where x.id = subscription_mrr.subscription_id;
  if s.id is null or s.status not in ('active', 'past_due', 'suspended') then
    return 0;
  end if;
  mu := private.currency_minor_unit(s.currency);
  amount := private.subscription_amount(s);
  for c in
    select k.kind, k.percent_off, k.amount_off from public.coupon_redemptions r join public.coupons k on k.id = r.coupon_id
    where r.subscription_id = s.id and r.ended_at is null and k.duration in ('forever', 'repeating')
      -- a plan-restricted coupon counts only while the subscription is on one of its plans
      and (k.plan_codes is null or exists (select from public.plans p where p.id = s.plan_id and p.code = any (k.plan_codes)))
    order by (k.kind = 'fixed'), r.redeemed_at, r.id
  loop
    if c.kind = 'percent' then
      amount := amount - round(amount * c.percent_off / 100, mu);
    else
      amount := greatest(amount - c.amount_off, 0);
    end if;
  end loop;
  if s.billing_interval = 'year' then
    amount := amount / 12;
  end if;
  return round(greatest(amount, 0), mu);
end
$$;

REVOKE ALL ON FUNCTION private.subscription_mrr(subscription_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.subscription_mrr(subscription_id uuid) FROM PUBLIC;
