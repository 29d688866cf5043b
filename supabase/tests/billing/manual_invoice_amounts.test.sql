-- A manual invoice's lines must fit numeric(14,3): a line or a sum too large, or a quantity with more
-- than 3 decimals, is refused with billing.invalid_lines (not a raw 22003, not a silently rounded line).
-- (Found in the billing review, C6.)
-- Frozen times are in 2026 before the demo seed's periods end, so seeded subscriptions are never due.
begin;
select plan(5);

select tests.create_tenant('br-three') as t3 \gset
-- the tenant as the review found it: on a subscription (which gives it its billing profile)
select tests.freeze_time('2026-03-10 06:00:00+00');
select public.create_subscription(:'t3', 'growth', 'month', '[]', 'OMR5OFF', 0) ->> 'id' as s3 \gset
select public.change_subscription_plan(:'s3', 'pro', 'now') is not null;

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
