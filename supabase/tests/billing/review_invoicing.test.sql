-- Billing review (C6): defects found in the invoicing SQL, each proven here before its fix:
--  * a coupon restricted to some plans kept discounting (invoices and MRR) after the subscription
--    moved to a plan outside the restriction;
--  * a plan change 'now' credited the old plan's unused time at its list price, not at what the
--    period's invoice charged after coupons (a 50 % coupon period was credited in full, so a
--    downgrade paid the customer money they never paid);
--  * create_invoice let a line or invoice overflow numeric(14,3) (a raw 22003, no billing code) and
--    took quantities with more decimals than numeric(14,3) stores (the stored line disagreed).
-- Frozen times are in 2026 before the demo seed's periods end, so seeded subscriptions are never due.
begin;
select plan(19);

grant execute on all functions in schema pg_temp to public;

select tests.create_tenant('br-one') as t1 \gset
select tests.create_tenant('br-two') as t2 \gset
select tests.create_tenant('br-three') as t3 \gset

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

-- ── plan-change credits follow what the period really charged ───────────────────────────────
-- LAUNCH50 (seed): 50 % off once. Enterprise 99.000 → 49.500 for the March period.
select tests.freeze_time('2026-03-10 06:00:00+00');
select public.create_subscription(:'t2', 'enterprise', 'month', '[]', 'LAUNCH50', 0) ->> 'id' as s2 \gset
select is((select total from public.invoices where subscription_id = :'s2'), 51.975, 'the period invoice: 49.500 + VAT');
select tests.freeze_time('2026-03-11 06:00:00+00');  -- 30 of 31 days left
select is((public.preview_subscription_change(:'s2', 'starter') -> 'proration' ->> 'credit')::numeric, -47.903,
          'preview: the unused time is credited at the 49.500 charged (× 30/31), not at the 99.000 list price');
select public.change_subscription_plan(:'s2', 'starter', 'now') -> 'invoice' ->> 'id' as c2 \gset
select is((select array_agg(amount order by position) from public.invoice_lines where invoice_id = :'c2'),
          '{-47.903,8.710}'::numeric[], 'the change: credit −47.903 for enterprise, 8.710 for starter (list price)');
select is((select balance from public.billing_profiles where tenant_id = :'t2'),
          (select -total from public.invoices where id = :'c2'), 'the customer balance gets the net credit of that invoice');
select cmp_ok((select balance from public.billing_profiles where tenant_id = :'t2'), '<',
              (select total from public.invoices where subscription_id = :'s2' and billing_reason = 'subscription_create'),
              'a downgrade never credits more than the period''s invoice charged');
-- the same for an upgrade: growth with OMR5OFF was charged 14.000, so 14.000 of it is credited
select tests.freeze_time('2026-03-10 06:00:00+00');
select public.create_subscription(:'t3', 'growth', 'month', '[]', 'OMR5OFF', 0) ->> 'id' as s3 \gset
select public.change_subscription_plan(:'s3', 'pro', 'now') -> 'invoice' ->> 'id' as c3 \gset
select is((select array_agg(amount order by position) from public.invoice_lines where invoice_id = :'c3'),
          '{-14.000,39.000}'::numeric[], 'an upgrade on day one credits the 14.000 charged and charges pro''s 39.000');

-- ── manual invoices: amounts that fit ───────────────────────────────────────────────────────
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"Big"},"quantity":1000000,"unit_amount":99999999}]') $$, :'t3')),
          '22023 billing.invalid_lines', 'a line too large for an amount is refused with a billing code');
select is(tests.error_of(format($$ select public.create_invoice(%L, (select jsonb_agg(jsonb_build_object('description', jsonb_build_object('en', 'Fee'), 'quantity', 1000, 'unit_amount', 9999999)) from generate_series(1, 20))) $$, :'t3')),
          '22023 billing.invalid_lines', 'lines whose sum does not fit are refused with a billing code');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"Hours"},"quantity":0.0004,"unit_amount":10}]') $$, :'t3')),
          '22023 billing.invalid_lines', 'a quantity with more than 3 decimals is refused (it would be stored as 0.000)');
select is((select count(*) from public.invoices where tenant_id = :'t3' and billing_reason = 'manual'), 0::bigint,
          'a refused invoice leaves nothing behind');
select is(public.create_invoice(:'t3', '[{"description":{"en":"Hours"},"quantity":2.125,"unit_amount":1000}]') -> 'lines' -> 0 ->> 'amount',
          '2125.000', 'three decimals of quantity are fine');

select * from finish();
rollback;
