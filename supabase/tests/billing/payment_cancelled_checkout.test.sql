-- Billing payments, cancelled and superseded checkouts: a second checkout supersedes the first, our
-- failed gateway call cancels one (with its reason, once), a succeeded payment cannot be cancelled, and a
-- superseded checkout paid after all still pays the invoice. Fixtures: devstack/sql/test/50_billing.sql.
begin;
select plan(10);

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

-- a succeeded HyperPay checkout (payment_checkout tests how it gets there)
select tests.create_open_invoice(:'ta', 10) as inv6 \gset
select tests.authenticate_as_service_role();
select (public.begin_checkout(:'inv6', 'hyperpay')) ->> 'payment_id' as pay6 \gset
select public.attach_checkout(:'pay6', 'CHK6.uat01', 'https://pay.test/6');
select public.ingest_payment_event(tests.hyperpay_event('HP6', 'payment_succeeded', '8AC7HP6', 10.5, :'pay6')) ->> 'id' as ev6 \gset
select tests.clear_authentication();
select private.apply_payment_event(:ev6);

-- ── cancelled and superseded checkouts ──────────────────────────────────────────────────────
select tests.create_open_invoice(:'ta', 10) as inv9 \gset
select tests.authenticate_as_service_role();
select (public.begin_checkout(:'inv9', 'stripe')) ->> 'payment_id' as pay9 \gset
select is((public.begin_checkout(:'inv9', 'stripe')) ->> 'superseded', '1', 'a second checkout for the invoice supersedes the first');
select results_eq(format($$ select status, failure_code, cancelled_at is not null from public.payments where id = %L $$, :'pay9'),
  $$ values ('cancelled'::text, 'superseded'::text, true) $$, 'which is cancelled (superseded)');
select (public.begin_checkout(:'inv9', 'paytabs')) ->> 'payment_id' as pay9c \gset
select throws_ok(format($$ select public.cancel_checkout(%L, 'x') $$, :'pay9c'), '22023', null, 'cancel_checkout needs a reason');
select throws_ok($$ select public.cancel_checkout('00000000-0000-0000-0000-000000000000', 'gateway down') $$, 'PT404', 'no such payment',
  'an unknown payment');
select is(public.cancel_checkout(:'pay9c', 'gateway call failed: 502') -> 'changed', 'true'::jsonb, 'the function cancels a checkout whose gateway call failed');
select is(public.cancel_checkout(:'pay9c', 'gateway call failed: 502') -> 'changed', 'false'::jsonb, 'again: nothing changes');
select results_eq(format($$ select status, failure_code, failure_message from public.payments where id = %L $$, :'pay9c'),
  $$ values ('cancelled'::text, 'checkout_failed'::text, 'gateway call failed: 502'::text) $$, 'cancelled with the reason');
select throws_ok(format($$ select public.cancel_checkout(%L, 'too late') $$, :'pay6'), 'PT409', null, 'a succeeded payment cannot be cancelled');
select tests.clear_authentication();
select tests.authenticate_as(:'owner_a');
select throws_ok(format($$ select public.cancel_checkout(%L, 'mine') $$, :'pay9'), '42501', null, 'a user may not call cancel_checkout');
select tests.clear_authentication();
-- the abandoned page is paid after all: its webhook still wins
select public.attach_checkout(:'pay9', 'pi_a2_9', 'https://pay.test/9');
select public.ingest_payment_event(tests.payment_event('evt_a2_9', 'payment_succeeded', 'pi_a2_9', 10.5, :'inv9')) ->> 'id' as ev9 \gset
select private.apply_payment_event(:ev9);
select results_eq(format($$ select status, (select status from public.invoices where id = %L) from public.payments where id = %L $$, :'inv9', :'pay9'),
  $$ values ('succeeded'::text, 'paid'::text) $$, 'a superseded checkout that is paid after all succeeds and pays the invoice');

select * from finish();
rollback;
