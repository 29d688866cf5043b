CREATE FUNCTION private.redeem_coupon(s public.subscriptions, coupon_code text) RETURNS public.coupons
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.coupons;
  plan_code text := (select p.code from public.plans p where p.id = s.plan_id);
begin
  select * into c from public.coupons x where x.code = upper(trim(redeem_coupon.coupon_code)) for update;
  if c.id is null then
    perform private.fail('billing.coupon_not_found', format('no coupon %s', coalesce(coupon_code, '(null)')), 'check the code');
  end if;
  if c.status <> 'active' then
    perform private.fail('billing.coupon_archived', format('coupon %s is archived', c.code), 'use an active coupon');
  end if;
  if c.expires_at is not null and c.expires_at <= private.now() then
    perform private.fail('billing.coupon_expired', format('coupon %s expired at %s', c.code, c.expires_at));
  end if;
  if c.max_redemptions is not null and c.times_redeemed >= c.max_redemptions then
    perform private.fail('billing.coupon_exhausted', format('coupon %s has been redeemed %s times, its maximum', c.code, c.times_redeemed));
  end if;
  if c.plan_codes is not null and (plan_code is null or plan_code <> all (c.plan_codes)) then
    perform private.fail('billing.coupon_not_applicable', format('coupon %s does not apply to plan %s', c.code, coalesce(plan_code, '(add-ons only)')),
      'plans: ' || array_to_string(c.plan_codes, ', '));
  end if;
  if c.kind = 'fixed' and c.currency <> s.currency then
    perform private.fail('billing.currency_mismatch', format('coupon %s is in %s, the subscription in %s', c.code, c.currency, s.currency));
  end if;
  if exists (select from public.coupon_redemptions r where r.coupon_id = c.id and r.subscription_id = s.id) then
    perform private.fail('billing.coupon_already_applied', format('coupon %s is already applied to this subscription', c.code));
  end if;
  insert into public.coupon_redemptions (coupon_id, subscription_id, tenant_id, redeemed_at) values (c.id, s.id, s.tenant_id, private.now());
  update public.coupons x set times_redeemed = x.times_redeemed + 1 where x.id = c.id returning * into c;
  return c;
end
$$;

REVOKE ALL ON FUNCTION private.redeem_coupon(s public.subscriptions, coupon_code text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.redeem_coupon(s public.subscriptions, coupon_code text) FROM PUBLIC;
