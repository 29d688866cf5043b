-- Billing payments, checkout: who may start one, merging with an early webhook, adopting the row the
-- webhook names, the normal attach-then-webhook order, and HyperPay (payment id ≠ checkout id).
-- Fixtures: devstack/sql/test/50_billing.sql.
begin;
select plan(20);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('a2-pay-a') as ta \gset
select tests.create_tenant('a2-pay-b') as tb \gset
select tests.create_user('owner-a@a2.test') as owner_a \gset
select tests.create_user('viewer-a@a2.test') as viewer_a \gset
select tests.create_user('owner-b@a2.test') as owner_b \gset
select tests.add_member(:'ta', :'owner_a', 'owner');
select tests.add_member(:'ta', :'viewer_a', 'viewer');
select tests.add_member(:'tb', :'owner_b', 'owner');
select tests.create_staff('biz@a2.test', 'biz_admin') as biz \gset
select tests.create_staff('support@a2.test', 'support') as support \gset

-- a paid invoice of tenant A (its payment is tested in payment_inbox)
select tests.create_open_invoice(:'ta', 10) as inv1 \gset
select public.ingest_payment_event(tests.payment_event('evt_a2_1', 'payment_succeeded', 'pi_a2_1', 10.5, :'inv1')) ->> 'id' as ev1 \gset
select private.apply_payment_event(:ev1);

-- ── checkout ────────────────────────────────────────────────────────────────────────────────
select tests.create_open_invoice(:'ta', 20) as inv2 \gset
select tests.authenticate_as(:'owner_a');
select public.begin_checkout(:'inv2') as co \gset
select tests.clear_authentication();
select results_eq(format($$ select %L::jsonb ->> 'amount', %L::jsonb ->> 'amount_minor', %L::jsonb ->> 'gateway', %L::jsonb ->> 'currency' $$, :'co', :'co', :'co', :'co'),
  $$ values ('21.000'::text, '21000'::text, 'stripe'::text, 'OMR'::text) $$, 'the tenant owner starts a checkout: 21.000 OMR = 21000 minor units');
select tests.authenticate_as(:'viewer_a');
select throws_ok(format($$ select public.begin_checkout(%L) $$, :'inv2'), 'PT403', null, 'a tenant viewer may not');
select tests.authenticate_as(:'owner_b');
select throws_ok(format($$ select public.begin_checkout(%L) $$, :'inv2'), 'PT403', null, 'another tenant''s owner may not');
select throws_ok(format($$ select public.begin_checkout(%L) $$, :'inv1'), 'PT403', null, 'nor for a paid invoice of another tenant');
select tests.authenticate_as(:'owner_a');
select throws_ok(format($$ select public.begin_checkout(%L) $$, :'inv1'), 'PT409', null, 'a paid invoice cannot be checked out');
select throws_ok(format($$ select public.begin_checkout(%L, 'paypal') $$, :'inv2'), '22023', 'unknown gateway paypal', 'unknown gateway');
select throws_ok(format($$ select public.attach_checkout(%L, 'pi_co', 'https://pay.test/x') $$, :'co'::jsonb ->> 'payment_id'),
  '42501', null, 'a user cannot attach a checkout');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
-- the webhook arrives before the checkout is attached: the rows merge into one payment
select public.ingest_payment_event(tests.payment_event('evt_co', 'payment_succeeded', 'pi_co', 21, :'inv2')) ->> 'id' as ev_co \gset
select tests.clear_authentication();
select private.apply_payment_event(:ev_co);
select tests.authenticate_as_service_role();
select public.attach_checkout((:'co'::jsonb ->> 'payment_id')::uuid, 'pi_co', 'https://pay.test/co') as att \gset
select tests.clear_authentication();
select results_eq(format($$ select count(*)::int, max(checkout_url), min(status) from public.payments where invoice_id = %L $$, :'inv2'),
  $$ values (1, 'https://pay.test/co'::text, 'succeeded'::text) $$, 'checkout and early webhook merge into one succeeded payment');
select is((select status from public.invoices where id = :'inv2'), 'paid', 'and the invoice is paid once');
-- the webhook names our payment (metadata.payment_id) before the checkout is attached: that row is adopted
select tests.create_open_invoice(:'ta', 40) as inv5 \gset
select (public.begin_checkout(:'inv5')) ->> 'payment_id' as pay5 \gset
select public.ingest_payment_event(tests.payment_event('evt_adopt', 'payment_succeeded', 'pi_adopt', 42, :'inv5') || jsonb_build_object('payment_id', :'pay5')) ->> 'id' as ev5 \gset
select private.apply_payment_event(:ev5);
select results_eq(format($$ select id::text, gateway_payment_id, status from public.payments where invoice_id = %L $$, :'inv5'),
  format($$ values (%L::text, 'pi_adopt'::text, 'succeeded'::text) $$, :'pay5'), 'the checkout row itself becomes the succeeded payment');
select is(public.attach_checkout(:'pay5', 'pi_adopt', 'https://pay.test/5') ->> 'payment_id', :'pay5', 'attaching afterwards keeps that row');
-- the normal order: attach then webhook
select tests.create_open_invoice(:'ta', 30) as inv3 \gset
select (public.begin_checkout(:'inv3', 'paytabs')) ->> 'payment_id' as pay3 \gset
select public.attach_checkout(:'pay3', 'tran_3', 'https://pay.test/3');
select throws_ok(format($$ select public.attach_checkout(%L, 'tran_other', null) $$, :'pay3'), 'PT409', null,
  'a checkout cannot be re-attached to another gateway payment');
select public.ingest_payment_event(jsonb_set(tests.payment_event('evt_3', 'payment_succeeded', 'tran_3', 31.5), '{gateway}', '"paytabs"')) ->> 'id' as ev3 \gset
select private.apply_payment_event(:ev3);
select results_eq(format($$ select p.id::text, p.status, i.status from public.payments p join public.invoices i on i.id = p.invoice_id where i.id = %L $$, :'inv3'),
  format($$ values (%L::text, 'succeeded'::text, 'paid'::text) $$, :'pay3'), 'the webhook (without invoice metadata) pays the checkout''s invoice');


-- ── HyperPay: the payment id differs from the checkout id ───────────────────────────────────
select tests.create_open_invoice(:'ta', 10) as inv6 \gset
select tests.authenticate_as_service_role();
select (public.begin_checkout(:'inv6', 'hyperpay')) ->> 'payment_id' as pay6 \gset
select public.attach_checkout(:'pay6', 'CHK6.uat01', 'https://pay.test/6');
select public.ingest_payment_event(tests.hyperpay_event('HP6', 'payment_succeeded', '8AC7HP6', 10.5, :'pay6')) ->> 'id' as ev6 \gset
select tests.clear_authentication();
select is(private.apply_payment_event(:ev6), 'applied', 'the HyperPay webhook (payment id ≠ checkout id) is applied');
select results_eq(format($$ select id::text, status, gateway_payment_id, checkout_ref from public.payments where invoice_id = %L $$, :'inv6'),
  format($$ values (%L::text, 'succeeded'::text, '8AC7HP6'::text, 'CHK6.uat01'::text) $$, :'pay6'),
  'one payment: the checkout row adopted by merchantTransactionId, with the gateway''s payment id and the checkout id kept');
select is((select status from public.invoices where id = :'inv6'), 'paid', 'and its invoice is paid');
select ok(exists (select from audit.log where action = 'payment.adopt' and entity_id = :'pay6'), 'the adoption is audited');
-- the webhook first, then the checkout is attached under its checkout id
select tests.create_open_invoice(:'ta', 10) as inv7 \gset
select tests.authenticate_as_service_role();
select (public.begin_checkout(:'inv7', 'hyperpay')) ->> 'payment_id' as pay7 \gset
select public.ingest_payment_event(tests.hyperpay_event('HP7', 'payment_succeeded', '8AC7HP7', 10.5, :'pay7')) ->> 'id' as ev7 \gset
select tests.clear_authentication();
select private.apply_payment_event(:ev7);
select tests.authenticate_as_service_role();
select is(public.attach_checkout(:'pay7', 'CHK7.uat01', 'https://pay.test/7') ->> 'gateway_payment_id', '8AC7HP7',
  'attaching the checkout id after the webhook adopted the row keeps the payment id');
select tests.clear_authentication();
select results_eq(format($$ select count(*)::int, max(checkout_ref), max(status) from public.payments where invoice_id = %L $$, :'inv7'),
  $$ values (1, 'CHK7.uat01'::text, 'succeeded'::text) $$, 'still one payment, the checkout id recorded');
-- a declined attempt keeps its row; the next attempt under the same merchantTransactionId gets its own
select tests.create_open_invoice(:'ta', 10) as inv8 \gset
select tests.authenticate_as_service_role();
select (public.begin_checkout(:'inv8', 'hyperpay')) ->> 'payment_id' as pay8 \gset
select public.attach_checkout(:'pay8', 'CHK8.uat01', 'https://pay.test/8');
select public.ingest_payment_event(tests.hyperpay_event('HP8a', 'payment_failed', '8AC7HP8A', 10.5, :'pay8')) ->> 'id' as ev8a \gset
select public.ingest_payment_event(tests.hyperpay_event('HP8b', 'payment_succeeded', '8AC7HP8B', 10.5, :'pay8')) ->> 'id' as ev8b \gset
select tests.clear_authentication();
select private.apply_payment_event(:ev8a);
select private.apply_payment_event(:ev8b);
select results_eq(format($$ select gateway_payment_id, status, id = %L from public.payments where invoice_id = %L order by gateway_payment_id $$, :'pay8', :'inv8'),
  $$ values ('8AC7HP8A'::text, 'failed'::text, true), ('8AC7HP8B', 'succeeded', false) $$,
  'the declined payment keeps the checkout row; the successful retry is its own payment');

select * from finish();
rollback;
