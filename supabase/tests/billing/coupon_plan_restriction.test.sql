-- A coupon restricted to some plans discounts (invoices and MRR) only while the subscription is on
-- one of them: a period on another plan is neither discounted nor counted on the coupon.
-- (Found in the billing review, C6: the coupon kept discounting after a move off its plans.)
-- Frozen times are in 2026 before the demo seed's periods end, so seeded subscriptions are never due.
begin;
select plan(8);

select tests.create_tenant('br-one') as t1 \gset

-- ── plan-restricted coupons follow the plan ─────────────────────────────────────────────────
-- OMR5OFF (seed): 5.000 OMR off, forever, growth and pro only.
select tests.freeze_time('2026-03-10 06:00:00+00');  -- 10:00 in Muscat
select public.create_subscription(:'t1', 'growth', 'month', '[]', 'OMR5OFF', 0) ->> 'id' as s1 \gset
select is((select row(subtotal, discount_total, total)::text from public.invoices where subscription_id = :'s1'),
          row(19.000, 5.000, 14.700)::text, 'growth with OMR5OFF: 19 − 5 + 5 % VAT');
select is(private.subscription_mrr(:'s1'), 14.000, 'MRR growth after the coupon');
select public.change_subscription_plan(:'s1', 'enterprise', 'now') is not null;
select is(private.subscription_mrr(:'s1'), 99.000, 'on enterprise the growth/pro coupon no longer lowers the MRR');
select is((select row(kind, mrr_before, mrr_after)::text from public.mrr_movements where subscription_id = :'s1' order by id desc limit 1),
          row('expansion', 14.000, 99.000)::text, 'the upgrade is an expansion to the full enterprise price');
select tests.freeze_time('2026-04-10 07:00:00+00');
select private.invoice_period(:'s1', '2026-04-10 06:00:00+00') is not null;
select is((select row(subtotal, discount_total, total)::text from public.invoices where subscription_id = :'s1' and billing_reason = 'subscription_cycle'),
          row(99.000, 0.000, 103.950)::text, 'the enterprise cycle invoice carries no growth/pro discount');
select is((select periods_applied from public.coupon_redemptions r join public.coupons c on c.id = r.coupon_id
           where r.subscription_id = :'s1' and c.code = 'OMR5OFF'), 1, 'a period the coupon did not apply to is not counted on it');
select public.change_subscription_plan(:'s1', 'pro', 'period_end') is not null;
select tests.freeze_time('2026-05-10 07:00:00+00');
select private.invoice_period(:'s1', '2026-05-10 06:00:00+00') is not null;
select is((select row(subtotal, discount_total, total)::text from public.invoices where subscription_id = :'s1'
           and period_start = '2026-05-10 06:00:00+00'), row(39.000, 5.000, 35.700)::text,
          'back on pro (an eligible plan) the coupon discounts again');
select is(private.subscription_mrr(:'s1'), 34.000, 'and the MRR follows');

select * from finish();
rollback;
