-- Billing credits: the prorated credit of an add-on decrease to the customer balance, and cancel-now: the
-- final invoice (unbilled overage + the unused-time credit, never negative, the rest to the balance),
-- coupons honoured, trials credit nothing, cancel at the period end bills the last overage. Subscriptions
-- are rolled one at a time (tests.roll_periods, devstack/sql/test/50_billing.sql), in 2027.
begin;
select plan(36);

select tests.create_tenant('ba-muscat') as tm \gset
select tests.create_tenant('ba-over') as tn \gset
select tests.create_tenant('ba-coupon') as tc \gset
select tests.create_tenant('ba-trial') as tt \gset
select tests.create_tenant('ba-end') as te \gset

-- ba-muscat on Growth anchored on 31 January, rolled to its 30 Jun – 31 Jul period, with two extra
-- branches added on 10 July (cycle_anchor asserts each of these steps)
select tests.freeze_time('2027-01-31 06:00:00+00');
select public.create_subscription(:'tm', 'growth', trial_days => 0) ->> 'id' as sm \gset
select tests.roll_periods(:'sm', 5);
select tests.freeze_time('2027-07-10 06:00:00+00');
select public.set_subscription_add_on(:'sm', 'extra_branch', 2) is not null;

-- ── add-on decrease: prorated credit to the customer balance ───────────────────────────────
select count(*) as inv_m from public.invoices where subscription_id = :'sm' \gset
select public.set_subscription_add_on(:'sm', 'extra_branch', 1, 'one branch closed') as dec \gset
select is((:'dec'::jsonb -> 'proration' ->> 'credit'), '-2.710', 'one branch less: 4 × 21/31 = 2.710 credited');
select is((:'dec'::jsonb ->> 'balance_credit'), '2.846', 'plus its VAT 0.136: 2.846 to the balance');
select is(:'dec'::jsonb -> 'invoice', 'null'::jsonb, 'a decrease issues no invoice');
select is((select count(*) from public.invoices where subscription_id = :'sm'), :'inv_m'::bigint, 'no invoice row either');
select is((select balance from public.billing_profiles where tenant_id = :'tm'), 2.846::numeric, 'the customer balance holds the credit');
select is((select row(amount, currency, invoice_id)::text from public.customer_balance_transactions where tenant_id = :'tm' order by id desc limit 1),
          row(2.846::numeric(14,3), 'OMR', null::uuid)::text, 'with a balance transaction');
select ok((select reason from public.customer_balance_transactions where tenant_id = :'tm' order by id desc limit 1) like '1 × extra_branch add-on removed: unused 21 of 31 days',
          'that says why');
select is((select quantity from public.tenant_add_ons where tenant_id = :'tm' and add_on_code = 'extra_branch'), 1, 'the tenant''s add-ons follow');
select is(tests.error_of(format($$ select public.set_subscription_add_on(%L, 'extra_branch', -1) $$, :'sm')), '22023 billing.invalid_quantity', 'a negative quantity is refused');
select is((select balance from public.billing_profiles where tenant_id = :'tm'), 2.846::numeric, 'and credits nothing');

-- ── cancel now: overage and the unused-time credit on a final invoice ───────────────────────
insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before, requested, overage_units, unit_price, amount, currency)
values (:'tm', 'whatsapp_messages_per_month', '2027-07-01', 'overage', 'overage', 0, 0, 40, 40, 0.010, 0.400, 'OMR');
select is(tests.error_of(format($$ select public.cancel_subscription(%L, null) $$, :'sm')), '22023 billing.invalid_input', 'at_period_end must be given');
select is((select count(*) from public.invoices where subscription_id = :'sm'), :'inv_m'::bigint, 'a refused cancellation bills nothing');
select public.cancel_subscription(:'sm', false, 'closing down') as cm \gset
select is((:'cm'::jsonb ->> 'status'), 'cancelled', 'cancelled now');
select is((select array_agg(l.amount order by l.position)::text from public.invoice_lines l where l.invoice_id = (:'cm'::jsonb -> 'final' ->> 'invoice_id')::uuid),
          '{0.400,-0.400}', 'the final invoice: the overage and the unused-time credit, capped at the overage');
select is((select row(billing_reason, status, total, amount_due, idempotency_key)::text from public.invoices where id = (:'cm'::jsonb -> 'final' ->> 'invoice_id')::uuid),
          row('subscription_update', 'paid', 0.000, 0.000, 'invoice:' || :'sm' || ':final')::text, 'never negative: total 0, settled');
select is((select array_agg(l.kind order by l.position)::text from public.invoice_lines l where l.invoice_id = (:'cm'::jsonb -> 'final' ->> 'invoice_id')::uuid),
          '{overage,proration}', 'of kinds overage and proration');
select is((:'cm'::jsonb -> 'final' ->> 'credit_total'), '16.360', 'the credit: (19 + 4) × 21/31 = 15.581 + VAT 0.779');
select is((:'cm'::jsonb -> 'final' ->> 'credit_to_balance'), '15.940', 'what the invoice could not take (16.360 − 0.420) goes to the balance');
select is((select balance from public.billing_profiles where tenant_id = :'tm'), 18.786::numeric, 'the balance: 2.846 + 15.940');
select is((select invoice_id from public.customer_balance_transactions where tenant_id = :'tm' order by id desc limit 1),
          (:'cm'::jsonb -> 'final' ->> 'invoice_id')::uuid, 'the balance transaction points at the final invoice');
select ok((select bool_and(billed_at is not null) from public.limit_breaches where tenant_id = :'tm'), 'the overage is marked billed');
select is((select row(kind, mrr_after)::text from public.mrr_movements where subscription_id = :'sm' order by id desc limit 1),
          row('churn', 0.000)::text, 'MRR: churn');
select is(tests.error_of(format($$ select public.cancel_subscription(%L, false) $$, :'sm')), 'PT409 billing.subscription_cancelled', 'cancelling again is refused');

-- overage larger than the credit: the whole credit on the invoice, nothing to the balance
select tests.freeze_time('2027-07-01 06:00:00+00');
select public.create_subscription(:'tn', 'starter', trial_days => 0) ->> 'id' as sn \gset
insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before, requested, overage_units, unit_price, amount, currency)
values (:'tn', 'whatsapp_messages_per_month', '2027-07-01', 'overage', 'overage', 0, 0, 10000, 10000, 0.010, 100.000, 'OMR');
select tests.freeze_time('2027-07-10 06:00:00+00');
select public.cancel_subscription(:'sn', false, 'closing down') as cn \gset
select is((select array_agg(l.amount order by l.position)::text from public.invoice_lines l where l.invoice_id = (:'cn'::jsonb -> 'final' ->> 'invoice_id')::uuid),
          '{100.000,-6.387}', 'overage 100.000 and the whole credit 9 × 22/31 = 6.387');
select is((select row(status, total, amount_due)::text from public.invoices where id = (:'cn'::jsonb -> 'final' ->> 'invoice_id')::uuid),
          row('open', 98.294, 98.294)::text, '105.000 − 6.706 due');
select is((select count(*) from public.customer_balance_transactions where tenant_id = :'tn'), 0::bigint, 'nothing goes to the balance');

-- no overage: no invoice, the whole credit (after the coupon) to the balance
select tests.freeze_time('2027-07-01 06:00:00+00');
select public.create_coupon('{"code":"BA-HALF","name":{"en":"half price"},"kind":"percent","percent_off":50,"duration":"forever"}') is not null;
select public.create_subscription(:'tc', 'pro', coupon_code => 'BA-HALF', trial_days => 0) ->> 'id' as sc \gset
select tests.freeze_time('2027-07-10 06:00:00+00');
select public.cancel_subscription(:'sc', false, 'closing down') as cc \gset
select is(:'cc'::jsonb -> 'final' ->> 'invoice_id', null, 'without overage there is no final invoice');
select is((select balance from public.billing_profiles where tenant_id = :'tc'), 14.531::numeric,
          'the credit on what was charged: 39 × 50 % × 22/31 = 13.839 + VAT 0.692 to the balance');
select is((select count(*) from public.invoices where subscription_id = :'sc'), 1::bigint, 'only the first invoice exists');

-- a trial was never paid: cancelling it credits nothing
select tests.freeze_time('2027-07-01 06:00:00+00');
select public.create_subscription(:'tt', 'growth') ->> 'id' as st \gset
select is((select billing_anchor = trial_end from public.subscriptions where id = :'st'), true, 'a trialing subscription is anchored on its trial end');
select tests.freeze_time('2027-07-05 06:00:00+00');
select public.cancel_subscription(:'st', false, 'not for us') as ct \gset
select is((:'ct'::jsonb -> 'final' ->> 'credit_total'), '0', 'cancelling a trial credits nothing');
select is((select count(*) from public.customer_balance_transactions where tenant_id = :'tt'), 0::bigint, 'and touches no balance');

-- cancelled at the period end: no credit, but the last period's overage is billed by the run
select tests.freeze_time('2027-07-01 06:00:00+00');
select public.create_subscription(:'te', 'starter', trial_days => 0) ->> 'id' as se \gset
select public.cancel_subscription(:'se', true, 'end of season') is not null;
insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before, requested, overage_units, unit_price, amount, currency)
values (:'te', 'whatsapp_messages_per_month', '2027-07-01', 'overage', 'overage', 0, 0, 70, 70, 0.010, 0.700, 'OMR');
select is(tests.roll_periods(:'se', 1), 0, 'at the period end the run cancels instead of renewing');
select is((select status from public.subscriptions where id = :'se'), 'cancelled', 'cancelled');
select is((select array_agg(l.kind || ':' || l.amount order by l.position)::text from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.idempotency_key = 'invoice:' || :'se' || ':final'), '{overage:0.700}', 'a final invoice bills the last period''s overage, without a credit');
select is((select count(*) from public.customer_balance_transactions where tenant_id = :'te'), 0::bigint, 'and credits nothing');

select * from finish();
rollback;
