-- Idempotent checkouts: every attempt of one dunning retry job calls begin_checkout with the job's
-- key and gets the one payment the first attempt made (reopened if our own failed gateway call
-- cancelled it); a key belongs to one invoice and gateway; bad keys write nothing.
begin;
select plan(37);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('idem-a') as ta \gset
select tests.create_user('owner-a@idem.test') as owner_a \gset
select tests.add_member(:'ta', :'owner_a', 'owner');

-- Invoices made directly in any status (tests.create_invoice_in): devstack/sql/test/50_billing.sql.

-- ── the function as PostgREST sees it ───────────────────────────────────────────────────────
select is((select count(*)::int from pg_proc where proname = 'begin_checkout' and pronamespace = 'public'::regnamespace), 1,
  'one public.begin_checkout (the two-argument one is gone)');
select has_function('public', 'begin_checkout', array['uuid', 'text', 'text'], 'begin_checkout(invoice_id, gateway, idempotency_key)');
-- The exposed function is SECURITY INVOKER; its body runs as SECURITY DEFINER in private (issue 15).
select is((select (select not prosecdef and proconfig @> array['search_path=""'] from pg_proc where oid = 'public.begin_checkout(uuid, text, text)'::regprocedure)
             and prosecdef and proconfig @> array['search_path=""'] from pg_proc where oid = 'private.begin_checkout(uuid, text, text)'::regprocedure),
  true, 'security definer body in private, both with an empty search_path');
select ok(not has_function_privilege('anon', 'public.begin_checkout(uuid, text, text)', 'execute'), 'anon may not execute it');
select ok(has_function_privilege('authenticated', 'public.begin_checkout(uuid, text, text)', 'execute')
          and has_function_privilege('service_role', 'public.begin_checkout(uuid, text, text)', 'execute'),
  'authenticated and service_role may (the function checks who)');
select has_column('public', 'payments', 'idempotency_key', 'payments.idempotency_key');

-- ── the same key twice: one payment ─────────────────────────────────────────────────────────
select tests.create_invoice_in(:'ta', 10) as inv1 \gset
select tests.authenticate_as_service_role();
select public.begin_checkout(:'inv1', 'stripe', 'job:101') as c1 \gset
select public.begin_checkout(:'inv1', 'stripe', 'job:101') as c2 \gset
select public.begin_checkout(:'inv1', null, 'job:101') as c3 \gset
select tests.clear_authentication();
select is(:'c2'::jsonb ->> 'payment_id', :'c1'::jsonb ->> 'payment_id', 'the same key returns the same payment');
select is(:'c3'::jsonb ->> 'payment_id', :'c1'::jsonb ->> 'payment_id', 'also without naming the gateway again');
select results_eq(format($$ select %L::jsonb ->> 'amount', %L::jsonb ->> 'amount_minor', %L::jsonb ->> 'gateway', %L::jsonb ->> 'superseded',
                                   %L::jsonb ->> 'reused', %L::jsonb ->> 'status' $$, :'c2', :'c2', :'c2', :'c2', :'c2', :'c2'),
  $$ values ('10.500'::text, '10500'::text, 'stripe'::text, '0'::text, 'true'::text, 'pending'::text) $$,
  'with its amount and amount_minor, superseding nothing, marked reused');
select is(:'c1'::jsonb ->> 'reused', 'false', 'the first call made it');
select results_eq(format($$ select count(*)::int, min(status), min(idempotency_key) from public.payments where invoice_id = %L $$, :'inv1'),
  $$ values (1, 'pending'::text, 'job:101'::text) $$, 'one pending payment for the invoice, holding the key');
select is((select count(*)::int from audit.log where entity_id = :'c1'::jsonb ->> 'payment_id' and action = 'payment.checkout'), 1,
  'audited once, as one checkout');

-- the amount due changes meanwhile (a partial bank transfer): the retry keeps the first amount,
-- which is what the gateway was asked for under that key
update public.invoices set amount_paid = 5, amount_due = 5.5 where id = :'inv1';
select tests.authenticate_as_service_role();
select is((public.begin_checkout(:'inv1', 'stripe', 'job:101')) ->> 'amount', '10.500', 'a retry keeps the amount the first attempt asked for');
select tests.clear_authentication();

-- a user's checkout without a key still supersedes the keyed one (the old behaviour)
select tests.authenticate_as(:'owner_a');
select public.begin_checkout(:'inv1') as u1 \gset
select tests.clear_authentication();
select isnt(:'u1'::jsonb ->> 'payment_id', :'c1'::jsonb ->> 'payment_id', 'no key: a new payment');
select is(:'u1'::jsonb ->> 'superseded', '1', 'which supersedes the keyed one');
select results_eq(format($$ select status, failure_code from public.payments where id = %L $$, :'c1'::jsonb ->> 'payment_id'),
  $$ values ('cancelled'::text, 'superseded'::text) $$, 'the keyed payment is cancelled (superseded)');
select tests.authenticate_as(:'owner_a');
select public.begin_checkout(:'inv1') as u2 \gset
select tests.clear_authentication();
select isnt(:'u2'::jsonb ->> 'payment_id', :'u1'::jsonb ->> 'payment_id', 'no key again: another new payment');
select results_eq(format($$ select status, failure_code from public.payments where id = %L $$, :'u1'::jsonb ->> 'payment_id'),
  $$ values ('cancelled'::text, 'superseded'::text) $$, 'superseding the previous one');
select is((select idempotency_key from public.payments where id = (:'u2'::jsonb ->> 'payment_id')::uuid), null, 'a checkout without a key holds none');
-- a superseded keyed payment is not reopened: a newer checkout owns the invoice; nothing is created
select tests.authenticate_as_service_role();
select public.begin_checkout(:'inv1', 'stripe', 'job:101') as c4 \gset
select tests.clear_authentication();
select results_eq(format($$ select %L::jsonb ->> 'payment_id', %L::jsonb ->> 'status', %L::jsonb ->> 'reused' $$, :'c4', :'c4', :'c4'),
  format($$ values (%L::text, 'cancelled'::text, 'true'::text) $$, :'c1'::jsonb ->> 'payment_id'),
  'a superseded keyed payment is returned as it is (cancelled), not reopened');
select results_eq(format($$ select id::text from public.payments where invoice_id = %L and status = 'pending' $$, :'inv1'),
  format($$ values (%L::text) $$, :'u2'::jsonb ->> 'payment_id'), 'and the user''s live checkout is left alone (the only pending one)');

-- ── cancelled by our failed gateway call: the same key reopens it ──────────────────────────
select tests.create_invoice_in(:'ta', 20) as inv2 \gset
select tests.authenticate_as_service_role();
select (public.begin_checkout(:'inv2', 'stripe', 'job:202')) ->> 'payment_id' as p2 \gset
select public.cancel_checkout(:'p2', 'gateway call failed: timeout');
select tests.clear_authentication();
select results_eq(format($$ select status, failure_code from public.payments where id = %L $$, :'p2'),
  $$ values ('cancelled'::text, 'checkout_failed'::text) $$, 'the failed gateway call cancelled it');
select tests.authenticate_as_service_role();
select public.begin_checkout(:'inv2', 'stripe', 'job:202') as r2 \gset
select tests.clear_authentication();
select results_eq(format($$ select %L::jsonb ->> 'payment_id', %L::jsonb ->> 'status', %L::jsonb ->> 'amount_minor', %L::jsonb ->> 'superseded' $$, :'r2', :'r2', :'r2', :'r2'),
  format($$ values (%L::text, 'pending'::text, '21000'::text, '0'::text) $$, :'p2'),
  'the retry with the same key gets the same payment, pending again');
select results_eq(format($$ select status, failure_code, failure_message, cancelled_at from public.payments where id = %L $$, :'p2'),
  $$ values ('pending'::text, null::text, null::text, null::timestamptz) $$, 'reopened: no longer cancelled');
select is((select count(*)::int from public.payments where invoice_id = :'inv2'), 1, 'and still one payment for the invoice');
select results_eq(format($$ select before ->> 'status', after ->> 'status' from audit.log where entity_id = %L and action = 'payment.reopen' $$, :'p2'),
  $$ values ('cancelled'::text, 'pending'::text) $$, 'the reopening is audited');
-- attached after the retry's gateway call; a further retry is answered with the attached payment
select tests.authenticate_as_service_role();
select public.attach_checkout(:'p2', 'pi_idem_2', null);
select public.begin_checkout(:'inv2', 'stripe', 'job:202') as r2b \gset
select tests.clear_authentication();
select results_eq(format($$ select %L::jsonb ->> 'payment_id', %L::jsonb ->> 'gateway_payment_id', %L::jsonb ->> 'reused' $$, :'r2b', :'r2b', :'r2b'),
  format($$ values (%L::text, 'pi_idem_2'::text, 'true'::text) $$, :'p2'), 'an attached payment comes back with its gateway payment id');

-- ── a key is one invoice's: another invoice or another gateway is refused ───────────────────
select tests.create_invoice_in(:'ta', 30) as inv3 \gset
select tests.authenticate_as_service_role();
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'stripe', 'job:202') $$, :'inv3')), 'PT409 billing.idempotency_key_reused',
  'the key of another invoice: PT409 billing.idempotency_key_reused');
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'paytabs', 'job:202') $$, :'inv2')), 'PT409 billing.idempotency_key_reused',
  'the same key with another gateway: PT409 billing.idempotency_key_reused');
select tests.clear_authentication();
select is((select count(*)::int from public.payments where invoice_id = :'inv3'), 0, 'a refused key leaves no payment behind');
select results_eq(format($$ select count(*)::int, min(status), min(gateway_payment_id) from public.payments where invoice_id = %L $$, :'inv2'),
  $$ values (1, 'pending'::text, 'pi_idem_2'::text) $$, 'and the key''s own payment is unchanged');

-- ── bad keys: 22023, nothing written ────────────────────────────────────────────────────────
select tests.authenticate_as_service_role();
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'stripe', '') $$, :'inv3')), '22023 billing.invalid_idempotency_key', 'an empty key');
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'stripe', '   ') $$, :'inv3')), '22023 billing.invalid_idempotency_key', 'a blank key');
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'stripe', %L) $$, :'inv3', repeat('k', 201))), '22023 billing.invalid_idempotency_key',
  'a key over 200 characters');
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'stripe', %L) $$, :'inv3', repeat('k', 200))), 'ok', 'a 200-character key is fine');
select tests.clear_authentication();
select results_eq(format($$ select count(*)::int, min(idempotency_key) from public.payments where invoice_id = %L $$, :'inv3'),
  format($$ values (1, %L::text) $$, repeat('k', 200)), 'only the valid call made a payment');
select throws_ok($$ insert into public.payments (gateway, amount, currency, status, idempotency_key) values ('stripe', 1, 'OMR', 'pending', '') $$,
  '23514', null, 'the column refuses a blank key too');

select * from finish();
rollback;
