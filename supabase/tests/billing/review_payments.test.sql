-- Billing review (payments, credit notes, dunning): defects found in review, each proved here.
--  1. A customer_balance credit note for an open invoice may not credit more than was paid on it
--     (an unpaid invoice credited in full to the balance stayed due with nothing left to credit).
--  2. A gateway refund of a payment whose money went to the customer balance takes it back off the
--     balance, in either event order (the tenant kept the balance and got the refund).
--  3. A payment releases only dunning's own hold on the tenant: an operator's later suspension or
--     freeze stays.
begin;
select plan(23);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('rv-pay-a') as ta \gset
select tests.create_tenant('rv-pay-b') as tb \gset
select tests.create_tenant('rv-pay-c') as tc \gset
select tests.create_tenant('rv-pay-d') as td \gset
select tests.create_tenant('rv-dun-s') as ts \gset
select tests.create_tenant('rv-dun-f') as tf \gset
select tests.create_staff('biz@rv.test', 'biz_admin') as biz \gset

-- An open OMR invoice made directly: total = subtotal + 5 % tax.
create function tests.rv_invoice(tenant uuid, subtotal numeric, sub uuid default null) returns uuid language plpgsql as $$
declare
  v_id uuid := extensions.gen_random_uuid();
  v_tax numeric := round(subtotal * 5 / 100, 3);
begin
  insert into public.invoices (id, tenant_id, subscription_id, number, status, billing_reason, currency, timezone, tax_country, tax_rate,
    subtotal, tax_total, total, amount_due, issue_date, due_date, finalized_at)
  values (v_id, tenant, sub, 'RV-' || left(v_id::text, 8), 'open', 'manual', 'OMR', 'Asia/Muscat', 'OM', 5,
    subtotal, v_tax, subtotal + v_tax, subtotal + v_tax, '2026-11-08', '2026-11-15', now());
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
  values (v_id, tenant, 1, 'adjustment', '{"en":"Service","ar":"خدمة"}', 1, subtotal, subtotal, v_tax);
  return v_id;
end $$;
-- Store and apply one normalised Stripe event (as the webhook function and the apply job would).
create function tests.rv_apply(event_id text, kind text, object_id text, amount numeric, invoice uuid default null, refund_id text default null)
returns text language sql as $$
  select private.apply_payment_event((public.ingest_payment_event(jsonb_strip_nulls(jsonb_build_object('gateway', 'stripe',
    'event_id', event_id, 'event_type', kind, 'kind', kind, 'object_id', object_id, 'invoice_id', invoice, 'refund_id', refund_id,
    'amount', amount, 'currency', 'OMR', 'occurred_at', '2026-11-20T10:00:00Z', 'payload', '{}'::jsonb))) ->> 'id')::bigint)
$$;
create function tests.rv_balance(tenant uuid) returns numeric language sql as $$
  select coalesce((select balance from public.billing_profiles where tenant_id = tenant), 0)
$$;

-- ── 1. customer_balance credit notes on an open invoice ─────────────────────────────────────
select tests.rv_invoice(:'ta', 100) as i1 \gset
select coalesce((select last_number from private.document_sequences where kind = 'credit_note' and billing_year = 2026), 0) as n0 \gset
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok(format($$ select public.issue_credit_note(%L, null, 'customer_balance', 'goodwill credit') $$, :'i1'), 'PT409',
  'only 0.000 of this open invoice was paid and can go to the balance (the credit is 105.000 with tax)',
  'an unpaid open invoice cannot be credited to the balance');
select tests.clear_authentication();
select results_eq(format($$ select (select count(*)::int from public.credit_notes where invoice_id = %L), tests.rv_balance(%L),
                                  coalesce((select last_number from private.document_sequences where kind = 'credit_note' and billing_year = 2026), 0) $$, :'i1', :'ta'),
  format($$ values (0, 0::numeric, %s) $$, :n0), 'the refused credit note changes nothing: no note, no balance, no number taken');
select tests.authenticate_as(:'biz', 'aal2');
select is(public.issue_credit_note(:'i1', null, 'reduce_amount_due', 'cancelled order') ->> 'invoice_status', 'paid',
  'the invoice can still be credited in full by reducing its amount due');

-- partly paid: the paid part (50) may go to the balance, no more
select tests.clear_authentication();
select tests.rv_invoice(:'ta', 100) as i2 \gset
select tests.authenticate_as(:'biz', 'aal2');
select public.record_manual_payment(:'i2', 50, 'RV-BANK-2', 'half by transfer');
select throws_ok(format($$ select public.issue_credit_note(%L, null, 'customer_balance', 'goodwill credit') $$, :'i2'), 'PT409', null,
  'a full credit to the balance of a half-paid invoice is refused');
select is(public.issue_credit_note(:'i2', 40, 'customer_balance', 'service credit') ->> 'total', '42.000', '40 + tax (42 ≤ 50 paid) is allowed');
select throws_ok(format($$ select public.issue_credit_note(%L, 8, 'customer_balance', 'more credit') $$, :'i2'), 'PT409', null,
  'a further 8.4 is refused: only 8 of the payment is left');
select is(public.issue_credit_note(:'i2', 7.619, 'customer_balance', 'the rest of the paid part') ->> 'total', '8.000',
  'exactly the rest of the paid part (7.619 + 0.381 tax = 8) is allowed');
select tests.clear_authentication();
select results_eq(format($$ select tests.rv_balance(%L), amount_due, status from public.invoices where id = %L $$, :'ta', :'i2'),
  $$ values (50.000::numeric, 55.000::numeric(14,3), 'open'::text) $$, 'the balance holds exactly the paid 50; 55 is still due');
select tests.authenticate_as(:'biz', 'aal2');
select is(public.issue_credit_note(:'i2', null, 'reduce_amount_due', 'write off the rest') ->> 'invoice_status', 'paid',
  'the unpaid rest is credited by reducing the amount due');
select tests.clear_authentication();
select results_eq(format($$ select sum(total), sum(tax_amount) from public.credit_notes where invoice_id = %L $$, :'i2'),
  $$ values (105.000::numeric, 5.000::numeric) $$, 'the credit notes still mirror the invoice exactly (tax split)');

-- a paid invoice is unchanged: the whole of it may go to the balance
select tests.rv_invoice(:'ta', 10) as i3 \gset
select tests.rv_apply('evt_rv_3', 'payment_succeeded', 'pi_rv_3', 10.5, :'i3');
select tests.authenticate_as(:'biz', 'aal2');
select is(public.issue_credit_note(:'i3', null, 'customer_balance', 'refund as credit') ->> 'total', '10.500',
  'a paid invoice is credited to the balance in full');
select tests.clear_authentication();

-- ── 2. gateway refunds of money held on the customer balance ────────────────────────────────
-- payment after the void (→ balance), then the merchant refunds it at the gateway
select tests.rv_invoice(:'tb', 10) as iv1 \gset
select public.void_invoice(:'iv1', 'issued twice by mistake');
select tests.rv_apply('evt_rv_v1', 'payment_succeeded', 'pi_rv_v1', 10.5, :'iv1');
select is(tests.rv_balance(:'tb'), 10.500::numeric, 'the late payment for the void invoice is on the balance');
select tests.rv_apply('evt_rv_v1r', 'refund_succeeded', 'pi_rv_v1', 10.5, null, 're_rv_v1');
select is(tests.rv_balance(:'tb'), 0.000::numeric, 'refunded at the gateway: the balance gives it back (not paid out twice)');
select is((select sum(amount) from public.customer_balance_transactions where payment_id = (select id from public.payments where gateway_payment_id = 'pi_rv_v1')),
  0.000::numeric, 'the payment''s balance transactions net to zero');
select ok(exists (select from audit.log where action = 'billing_profile.debit_balance' and entity_id = :'tb'), 'the debit is audited');
select tests.rv_apply('evt_rv_v1r2', 'refund_succeeded', 'pi_rv_v1', 10.5, null, 're_rv_v1');
select tests.rv_apply('evt_rv_v1', 'payment_succeeded', 'pi_rv_v1', 10.5, :'iv1');
select is(tests.rv_balance(:'tb'), 0.000::numeric, 'redeliveries and replays take nothing more');

-- the other order: the refund arrives before its payment
select tests.rv_invoice(:'tc', 10) as iv2 \gset
select public.void_invoice(:'iv2', 'issued twice by mistake');
select tests.rv_apply('evt_rv_v2r', 'refund_succeeded', 'pi_rv_v2', 10.5, null, 're_rv_v2');
select tests.rv_apply('evt_rv_v2', 'payment_succeeded', 'pi_rv_v2', 10.5, :'iv2');
select results_eq(format($$ select tests.rv_balance(%L), p.amount_refunded, p.applied_to from public.payments p where p.gateway_payment_id = 'pi_rv_v2' $$, :'tc'),
  $$ values (0.000::numeric, 10.500::numeric(14,3), 'customer_balance'::text) $$, 'refund before payment converges to the same state');

-- an overpayment: only the overpaid part sat on the balance; a partial refund of it comes back
select tests.rv_invoice(:'td', 10) as iv3 \gset
select tests.rv_apply('evt_rv_v3', 'payment_succeeded', 'pi_rv_v3', 15, :'iv3');
select is(tests.rv_balance(:'td'), 4.500::numeric, 'a 15 payment of a 10.5 invoice puts 4.5 on the balance');
select tests.rv_apply('evt_rv_v3r', 'refund_succeeded', 'pi_rv_v3', 6, null, 're_rv_v3');
select results_eq(format($$ select tests.rv_balance(%L), i.status, i.amount_paid from public.invoices i where i.id = %L $$, :'td', :'iv3'),
  $$ values (0.000::numeric, 'paid'::text, 10.500::numeric(14,3)) $$,
  'a 6 refund takes back the 4.5 on the balance (never below 0); the invoice stays paid');

-- ── 3. dunning releases only its own hold on the tenant ─────────────────────────────────────
create function tests.rv_sub(tenant uuid) returns uuid language sql as $$
  insert into public.subscriptions (tenant_id, plan_id, billing_interval, currency, status, current_period_start, current_period_end)
  values (tenant, (select id from public.plans where code = 'starter' and is_current), 'month', 'OMR', 'active', '2026-11-01', '2026-12-01')
  returning id
$$;
create function tests.rv_tick(day int) returns jsonb language plpgsql as $$
begin
  perform tests.freeze_time(('2026-11-15'::date + day)::timestamp at time zone 'Asia/Muscat' + interval '12 hours');
  return private.dunning_tick();
end $$;
select tests.rv_invoice(:'ts', 20, tests.rv_sub(:'ts')) as is1 \gset
select tests.rv_invoice(:'tf', 20, tests.rv_sub(:'tf')) as if1 \gset
select tests.rv_tick(7);
select is((select status from public.tenants where id = :'ts'), 'grace', 'day 7: dunning put the tenant in grace');
select tests.authenticate_as(:'biz', 'aal2');
select public.suspend_tenant(:'ts', 'abuse: spam orders');
select public.record_manual_payment(:'is1', 21, 'RV-BANK-S', 'bank transfer received');
select tests.clear_authentication();
select results_eq(format($$ select c.stage, s.status, t.status from public.dunning_cases c join public.subscriptions s on s.id = c.subscription_id
                           join public.tenants t on t.id = c.tenant_id where c.invoice_id = %L $$, :'is1'),
  $$ values ('recovered'::text, 'active'::text, 'suspended'::text) $$,
  'the payment recovers the case and the subscription, but the operator''s suspension stays');

select tests.rv_tick(14);
select is((select status from public.tenants where id = :'tf'), 'suspended', 'day 14: dunning suspended the other tenant');
select tests.authenticate_as(:'biz', 'aal2');
select public.freeze_tenant(:'tf', 'retention: data frozen by operator');
select public.record_manual_payment(:'if1', 21, 'RV-BANK-F', 'bank transfer received');
select tests.clear_authentication();
select is((select status from public.tenants where id = :'tf'), 'frozen', 'an operator''s freeze is not lifted by the payment (dunning never freezes)');

select * from finish();
rollback;
