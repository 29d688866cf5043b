CREATE FUNCTION private.apply_invoice_discounts(invoice_id uuid, subscription_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
declare
  c record;
  l record;
  mu int;
  left_over numeric;
  d numeric;
  used numeric;
  sub_plan_code text;
begin
  if not exists (select from public.coupon_redemptions r where r.subscription_id = apply_invoice_discounts.subscription_id and r.ended_at is null) then
    return;
  end if;
  select p.code into sub_plan_code from public.subscriptions x join public.plans p on p.id = x.plan_id
  where x.id = apply_invoice_discounts.subscription_id;
  select private.currency_minor_unit(i.currency) into mu from public.invoices i where i.id = apply_invoice_discounts.invoice_id;
  for c in
    select r.id as redemption_id, r.periods_applied, k.code, k.kind, k.percent_off, k.amount_off, k.duration, k.duration_periods
    from public.coupon_redemptions r join public.coupons k on k.id = r.coupon_id
    where r.subscription_id = apply_invoice_discounts.subscription_id and r.ended_at is null
      -- a plan-restricted coupon (checked at redemption) also discounts only while the subscription
      -- is on one of its plans: after a move to another plan it waits, its periods not counted
      and (k.plan_codes is null or sub_plan_code = any (k.plan_codes))
    order by (k.kind = 'fixed'), r.redeemed_at, r.id
  loop
    used := 0;
    if c.kind = 'percent' then
      for l in select x.id, x.amount - x.discount_amount as remaining from public.invoice_lines x
               where x.invoice_id = apply_invoice_discounts.invoice_id and x.kind in ('plan', 'add_on') and x.amount > x.discount_amount
               order by x.position loop
        d := least(round(l.remaining * c.percent_off / 100, mu), l.remaining);
        if d > 0 then
          update public.invoice_lines x set discount_amount = x.discount_amount + d,
            source = jsonb_set(x.source, '{coupons}', coalesce(x.source -> 'coupons', '[]') || jsonb_build_array(jsonb_build_object('code', c.code, 'amount', d)))
          where x.id = l.id;
          used := used + d;
        end if;
      end loop;
    else
      left_over := c.amount_off;
      for l in select x.id, x.amount - x.discount_amount as remaining from public.invoice_lines x
               where x.invoice_id = apply_invoice_discounts.invoice_id and x.kind in ('plan', 'add_on') and x.amount > x.discount_amount
               order by x.position loop
        exit when left_over <= 0;
        d := least(left_over, l.remaining);
        update public.invoice_lines x set discount_amount = x.discount_amount + d,
          source = jsonb_set(x.source, '{coupons}', coalesce(x.source -> 'coupons', '[]') || jsonb_build_array(jsonb_build_object('code', c.code, 'amount', d)))
        where x.id = l.id;
        left_over := left_over - d;
        used := used + d;
      end loop;
    end if;
    update public.coupon_redemptions r set periods_applied = r.periods_applied + 1,
      ended_at = case when (c.duration = 'once') or (c.duration = 'repeating' and r.periods_applied + 1 >= c.duration_periods)
                      then private.now() end
    where r.id = c.redemption_id;
  end loop;
end
$$;

REVOKE ALL ON FUNCTION private.apply_invoice_discounts(invoice_id uuid, subscription_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.apply_invoice_discounts(invoice_id uuid, subscription_id uuid) FROM PUBLIC;
