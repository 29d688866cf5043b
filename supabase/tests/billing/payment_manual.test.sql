-- Billing payments recorded by hand (bank transfers): who may, overpayment, decimals, references recorded
-- once, a later gateway payment to the balance; and who sees payments and the webhook inbox (RLS).
-- Fixtures: devstack/sql/test/50_billing.sql.
begin;
select plan(14);

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

-- one stored webhook event (the inbox is tested in payment_inbox)
select tests.authenticate_as_service_role();
select public.ingest_payment_event(tests.payment_event('evt_a2_1', 'payment_succeeded', 'pi_a2_1', 10.5, tests.create_open_invoice(:'ta', 10)));
select tests.clear_authentication();

-- ── manual payments ─────────────────────────────────────────────────────────────────────────
select tests.create_open_invoice(:'ta', 100) as inv4 \gset
select tests.authenticate_as(:'support', 'aal2');
select throws_ok(format($$ select public.record_manual_payment(%L, 10, 'TRX-1', 'bank transfer') $$, :'inv4'), 'PT403', null,
  'support (no billing.write) cannot record a payment');
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok(format($$ select public.record_manual_payment(%L, 200, 'TRX-1', 'bank transfer') $$, :'inv4'), 'PT409', null, 'overpayment refused');
select throws_ok(format($$ select public.record_manual_payment(%L, 1.0001, 'TRX-1', 'bank transfer') $$, :'inv4'), '22023', null, 'too many decimals refused');
select throws_ok(format($$ select public.record_manual_payment(%L, 10, '', 'bank transfer') $$, :'inv4'), '22023', null, 'a reference is required');
select is(public.record_manual_payment(:'inv4', 5, 'TRX-1', 'bank transfer') ->> 'amount_due', '100.000', 'a partial transfer lowers the amount due');
select throws_ok(format($$ select public.record_manual_payment(%L, 5, 'TRX-1', 'bank transfer') $$, :'inv4'), 'PT409', null, 'a reference is recorded once');
select is(public.record_manual_payment(:'inv4', 100, 'TRX-2', 'bank transfer') ->> 'invoice_status', 'paid', 'the rest pays the invoice');
select tests.clear_authentication();
-- a gateway payment for the now fully paid invoice goes to the balance
select public.ingest_payment_event(tests.payment_event('evt_late', 'payment_succeeded', 'pi_late', 105, :'inv4')) ->> 'id' as ev_late \gset
select private.apply_payment_event(:ev_late);
select is((select applied_to from public.payments where gateway_payment_id = 'pi_late'), 'customer_balance',
  'a payment for an already paid invoice goes to the customer balance');


-- ── RLS ─────────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'owner_a');
select ok((select count(*) from public.payments where invoice_id = :'inv4') = 3, 'a tenant member sees their own payments');
select is((select count(*)::int from public.payments where tenant_id = :'tb'), 0, 'but not another tenant''s');
select is((select count(*)::int from public.payment_events), 0, 'and no webhook events');
select tests.authenticate_as(:'support', 'aal2');
select is((select count(*)::int from public.payment_events), 0, 'staff without billing.write cannot see the inbox');
select ok((select count(*) from public.payments where invoice_id = :'inv4') = 3, 'but can see payments (billing.read)');
select tests.authenticate_as(:'biz', 'aal2');
select ok((select count(*) from public.payment_events where event_id = 'evt_a2_1') = 1, 'billing.write staff see the inbox');
select tests.clear_authentication();

select * from finish();
rollback;
