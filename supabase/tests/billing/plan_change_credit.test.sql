-- A plan change 'now' credits the old plan's unused time at what the period's invoice charged after
-- coupons, never at its list price: a downgrade never pays back more than the period's invoice charged.
-- (Found in the billing review, C6: a 50 % coupon period was credited in full.)
-- Frozen times are in 2026 before the demo seed's periods end, so seeded subscriptions are never due.
begin;
select plan(6);

select tests.create_tenant('br-two') as t2 \gset
select tests.create_tenant('br-three') as t3 \gset

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

select * from finish();
rollback;
