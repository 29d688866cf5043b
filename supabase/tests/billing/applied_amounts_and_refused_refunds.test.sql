-- Money once applied is not rewritten: a later event with another amount keeps the applied amount
-- (the reported one is kept and audited). A refund the gateway refused fails with the gateway's reason;
-- a failed credit-note refund puts its total on the customer balance (taken back if the refund succeeds
-- after all); attach_checkout attaches, merges and refuses as before.
begin;
select plan(38);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('race-pay-a') as ta \gset
select tests.create_user('owner-a@race.test') as owner_a \gset
select tests.add_member(:'ta', :'owner_a', 'owner');

create function tests.race_invoice(tenant uuid, subtotal numeric, tax_rate numeric default 5, currency text default 'OMR')
returns uuid language plpgsql as $$
declare
  v_id uuid := extensions.gen_random_uuid();
  v_tax numeric := round(subtotal * tax_rate / 100, (select minor_unit from public.currencies where code = currency));
begin
  insert into public.invoices (id, tenant_id, number, status, billing_reason, currency, timezone, tax_country, tax_rate,
    subtotal, tax_total, total, amount_due, issue_date, due_date, finalized_at)
  values (v_id, tenant, 'R-' || left(v_id::text, 8), 'open', 'manual', currency, 'Asia/Muscat', 'OM', tax_rate,
    subtotal, v_tax, subtotal + v_tax, subtotal + v_tax, '2026-11-01', '2026-11-15', now());
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
  values (v_id, tenant, 1, 'adjustment', '{"en":"Service","ar":"خدمة"}', 1, subtotal, subtotal, v_tax);
  return v_id;
end $$;

-- Ingest one normalised Stripe event and apply it at once; returns the event's new status.
create function tests.race_apply(event_id text, kind text, object_id text, amount numeric, invoice uuid default null,
  refund_id text default null, occurred text default '2026-11-20T10:00:00Z', payload jsonb default '{}')
returns text language plpgsql as $$
declare
  r jsonb;
begin
  r := public.ingest_payment_event(jsonb_strip_nulls(jsonb_build_object('gateway', 'stripe', 'event_id', event_id,
    'event_type', kind, 'kind', kind, 'object_id', object_id, 'invoice_id', invoice, 'refund_id', refund_id, 'amount', amount,
    'currency', 'OMR', 'occurred_at', occurred, 'failure_code', case when kind like '%failed' then 'gw_refused' end,
    'failure_message', case when kind like '%failed' then 'refused by the bank' end,
    'payload', jsonb_build_object('id', event_id) || payload)));
  return private.apply_payment_event((r ->> 'id')::bigint);
end $$;

-- ── a later amount does not rewrite applied money ───────────────────────────────────────────
select tests.race_invoice(:'ta', 10) as inv1 \gset
select is(tests.race_apply('race_e1', 'payment_succeeded', 'pi_race_1', 10.5, :'inv1'), 'applied', 'the payment event is applied');
select results_eq($$ select status, amount_paid, amount_due from public.invoices where id = $$ || quote_literal(:'inv1'),
  $$ values ('paid'::text, 10.500::numeric(14,3), 0.000::numeric(14,3)) $$, 'the invoice is paid by it');
select is(tests.race_apply('race_e2', 'payment_succeeded', 'pi_race_1', 12.5, :'inv1', null, '2026-11-20T11:00:00Z'), 'applied',
  'a later event for the same payment with another amount is applied');
select results_eq($$ select amount, currency, applied_amount, applied_to, reported_amount, reported_currency
                     from public.payments where gateway_payment_id = 'pi_race_1' $$,
  $$ values (10.500::numeric(14,3), 'OMR'::text, 10.500::numeric(14,3), 'invoice'::text, 12.500::numeric(14,3), 'OMR'::text) $$,
  'the applied amount stays; the other amount is kept as reported');
select results_eq($$ select amount_paid, amount_due from public.invoices where id = $$ || quote_literal(:'inv1'),
  $$ values (10.500::numeric(14,3), 0.000::numeric(14,3)) $$, 'the invoice is unchanged');
select is((select coalesce(sum(amount), 0) from public.customer_balance_transactions
           where payment_id = (select id from public.payments where gateway_payment_id = 'pi_race_1')), 0::numeric,
  'nothing went to the balance: amount − applied_amount still matches what the balance got');
select is((select count(*)::int from audit.log where action = 'payment.amount_mismatch'
           and entity_id = (select id::text from public.payments where gateway_payment_id = 'pi_race_1')), 1,
  'the mismatch is audited');
select is(private.apply_payment_event((select id from public.payment_events where event_id = 'race_e2')), 'applied', 'a replay is applied');
select is((select count(*)::int from audit.log where action = 'payment.amount_mismatch'
           and entity_id = (select id::text from public.payments where gateway_payment_id = 'pi_race_1')), 1,
  'and audited only once');
select is(tests.race_apply('race_e3', 'payment_succeeded', 'pi_race_1', 10.5, :'inv1', null, '2026-11-20T12:00:00Z'), 'applied',
  'a still later event with the applied amount');
select results_eq($$ select amount, reported_amount from public.payments where gateway_payment_id = 'pi_race_1' $$,
  $$ values (10.500::numeric(14,3), null::numeric(14,3)) $$, 'clears the reported amount (the latest event agrees)');

-- before the money is applied, the amount still follows the events
select tests.race_invoice(:'ta', 10) as inv2 \gset
select is(tests.race_apply('race_e4', 'payment_pending', 'pi_race_2', 10.5, :'inv2'), 'applied', 'a pending event');
select is(tests.race_apply('race_e5', 'payment_succeeded', 'pi_race_2', 10.51, :'inv2', null, '2026-11-20T11:00:00Z'), 'applied',
  'then the succeeded one with another amount');
select results_eq($$ select amount, applied_amount, reported_amount from public.payments where gateway_payment_id = 'pi_race_2' $$,
  $$ values (10.510::numeric(14,3), 10.500::numeric(14,3), null::numeric(14,3)) $$,
  'an unapplied payment takes the succeeded amount (the excess to the balance)');
select is((select sum(amount) from public.customer_balance_transactions
           where payment_id = (select id from public.payments where gateway_payment_id = 'pi_race_2')), 0.010::numeric,
  'the excess 0.010 is on the balance');

-- ── refunds the gateway refuses ─────────────────────────────────────────────────────────────
select tests.race_invoice(:'ta', 10) as inv3 \gset
select tests.race_apply('race_e6', 'payment_succeeded', 'pi_race_3', 10.5, :'inv3');
select public.issue_credit_note(:'inv3', 2, 'refund', 'goodwill refund') ->> 'refund_id' as rf1 \gset
select is((select status from public.refunds where id = :'rf1'), 'pending', 'the credit note''s refund waits for the gateway');
select is((select balance from public.billing_profiles where tenant_id = :'ta'), 0.010::numeric(14,3), 'balance before: 0.010');

select tests.authenticate_as(:'owner_a');
select throws_ok(format($$ select public.fail_refund(%L, 'x', 'refused by the bank') $$, :'rf1'), '42501', null,
  'a signed-in user cannot fail a refund');
select tests.authenticate_as_service_role();
select throws_ok(format($$ select public.fail_refund(%L, 'x', '') $$, :'rf1'), '22023',
  'say why the gateway refused (3 to 1000 characters)', 'the reason is required');
select throws_ok($$ select public.fail_refund('00000000-0000-0000-0000-000000000001', 'x', 'refused by the bank') $$, 'PT404',
  'no such refund', 'an unknown refund is 404');
select results_eq(format($$ select r ->> 'status', (r ->> 'changed')::boolean, (r ->> 'credited_to_balance')::numeric
                            from public.fail_refund(%L, '100.100.101', 'invalid or missing card') r $$, :'rf1'),
  $$ values ('failed'::text, true, 2.100::numeric) $$, 'the service role fails the refund; the credit note''s 2.100 goes to the balance');
select tests.clear_authentication();
select results_eq(format($$ select status, failure_code, failure_message, failed_at is not null from public.refunds where id = %L $$, :'rf1'),
  $$ values ('failed'::text, '100.100.101'::text, 'invalid or missing card'::text, true) $$, 'the gateway''s reason is kept');
select is((select balance from public.billing_profiles where tenant_id = :'ta'), 2.110::numeric(14,3), 'the balance holds the credit');
select is((select count(*)::int from audit.log where action = 'refund.failed' and entity_id = :'rf1'), 1, 'the failure is audited');
select tests.authenticate_as_service_role();
select results_eq(format($$ select r ->> 'status', (r ->> 'changed')::boolean from public.fail_refund(%L, 'x', 'again') r $$, :'rf1'),
  $$ values ('failed'::text, false) $$, 'failing it again changes nothing');
select tests.clear_authentication();
select is((select balance from public.billing_profiles where tenant_id = :'ta'), 2.110::numeric(14,3), 'and credits nothing more');
select is((select amount_refunded from public.payments where gateway_payment_id = 'pi_race_3'), 0.000::numeric(14,3),
  'nothing was refunded on the payment');

-- the gateway reports the refund succeeded after all: the credit is taken back
select tests.clear_authentication();
select is(tests.race_apply('race_e7', 'refund_succeeded', 'pi_race_3', 2.1, null, 're_race_late', '2026-11-21T10:00:00Z',
  jsonb_build_object('metadata', jsonb_build_object('cmx_refund_id', :'rf1'))), 'applied', 'a late refund_succeeded is applied');
select results_eq(format($$ select status, gateway_refund_id, failure_code from public.refunds where id = %L $$, :'rf1'),
  $$ values ('succeeded'::text, 're_race_late'::text, null::text) $$, 'the refund succeeded (status only rises)');
select is((select balance from public.billing_profiles where tenant_id = :'ta'), 0.010::numeric(14,3), 'the balance credit is taken back');
select is((select amount_refunded from public.payments where gateway_payment_id = 'pi_race_3'), 2.100::numeric(14,3), 'the payment counts the refund');
select tests.authenticate_as_service_role();
select results_eq(format($$ select r ->> 'status', (r ->> 'changed')::boolean from public.fail_refund(%L, 'x', 'too late') r $$, :'rf1'),
  $$ values ('succeeded'::text, false) $$, 'a succeeded refund cannot be failed');
select tests.clear_authentication();

-- a refund_failed webhook for a credit note's refund does the same
select public.issue_credit_note(:'inv3', 1, 'refund', 'second goodwill refund') ->> 'refund_id' as rf2 \gset
select is(tests.race_apply('race_e8', 'refund_failed', 'pi_race_3', 1.05, null, 're_race_failed', '2026-11-21T11:00:00Z',
  jsonb_build_object('metadata', jsonb_build_object('cmx_refund_id', :'rf2'))), 'applied', 'a refund_failed webhook is applied');
select results_eq(format($$ select status, failure_code, failure_message from public.refunds where id = %L $$, :'rf2'),
  $$ values ('failed'::text, 'gw_refused'::text, 'refused by the bank'::text) $$, 'the refund failed with the event''s reason');
select is((select balance from public.billing_profiles where tenant_id = :'ta'), 1.060::numeric(14,3), 'its 1.050 went to the balance');

-- ── attach_checkout behaves as before ───────────────────────────────────────────────────────
select tests.race_invoice(:'ta', 10) as inv4 \gset
select public.begin_checkout(:'inv4', 'stripe') ->> 'payment_id' as pay4 \gset
select results_eq(format($$ select r ->> 'payment_id', r ->> 'status', r ->> 'gateway_payment_id'
                            from public.attach_checkout(%L, 'pi_race_4', 'https://pay.example/4') r $$, :'pay4'),
  format($$ values (%L::text, 'pending'::text, 'pi_race_4'::text) $$, :'pay4'), 'a checkout attaches');
select throws_ok(format($$ select public.attach_checkout(%L, 'pi_race_other', null) $$, :'pay4'), 'PT409',
  'this payment is already attached to another gateway payment', 'another gateway payment is refused');
select throws_ok($$ select public.attach_checkout('00000000-0000-0000-0000-000000000002', 'pi_x', null) $$, 'PT404',
  'no such payment', 'an unknown payment is 404');

select * from finish();
rollback;
