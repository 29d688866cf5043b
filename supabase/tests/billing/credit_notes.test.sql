-- Billing credit notes: full and partial, tax at the invoice's rate, over-credit refused, gapless
-- CN-<year>-<6 digits> numbering, each method (reduce_amount_due, refund, customer_balance), and
-- who may issue them.
begin;
select plan(37);

select tests.create_tenant('a2-cn') as t \gset
select tests.create_staff('biz@a2cn.test', 'biz_admin') as biz \gset
select tests.create_staff('support@a2cn.test', 'support') as support \gset
select tests.create_user('owner@a2cn.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.freeze_time('2026-11-20 10:00+04');

-- Invoices made directly and paid by a gateway event (tests.credit_note_invoice, tests.pay_invoice_by_event):
-- devstack/sql/test/50_billing.sql.

select tests.credit_note_invoice(:'t', 100) as i1 \gset
select coalesce((select last_number from private.document_sequences where kind = 'credit_note' and billing_year = 2026), 0) as n0 \gset

-- ── who may ─────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'support', 'aal2');
select throws_ok(format($$ select public.issue_credit_note(%L, 10, 'reduce_amount_due', 'goodwill') $$, :'i1'), 'PT403', null,
  'support (billing.read only) cannot issue credit notes');
select tests.authenticate_as(:'owner', 'aal2');
select throws_ok(format($$ select public.issue_credit_note(%L, 10, 'reduce_amount_due', 'goodwill') $$, :'i1'), 'PT403', null,
  'nor the tenant owner');
select tests.authenticate_as(:'biz', 'aal2');

-- ── validation ──────────────────────────────────────────────────────────────────────────────
select throws_ok(format($$ select public.issue_credit_note(%L, 10, 'cash', 'goodwill') $$, :'i1'), '22023', 'unknown credit note method cash', 'unknown method');
select throws_ok(format($$ select public.issue_credit_note(%L, 10, 'reduce_amount_due', ' x ') $$, :'i1'), '22023', null, 'a reason is required');
select throws_ok(format($$ select public.issue_credit_note(%L, 0, 'reduce_amount_due', 'goodwill') $$, :'i1'), '22023', null, 'zero refused');
select throws_ok(format($$ select public.issue_credit_note(%L, -5, 'reduce_amount_due', 'goodwill') $$, :'i1'), '22023', null, 'negative refused');
select throws_ok(format($$ select public.issue_credit_note(%L, 1.0001, 'reduce_amount_due', 'goodwill') $$, :'i1'), '22023', null,
  'more decimals than the currency has refused');
select throws_ok(format($$ select public.issue_credit_note(%L, 100.001, 'reduce_amount_due', 'goodwill') $$, :'i1'), 'PT409',
  'only 100.000 (before tax) is left to credit on this invoice', 'more than the invoice refused');
select throws_ok(format($$ select public.issue_credit_note(%L, 10, 'refund', 'goodwill') $$, :'i1'), 'PT409', 'refund is for paid invoices',
  'refund is not for open invoices');
select throws_ok($$ select public.issue_credit_note('00000000-0000-0000-0000-000000000000', 10, 'reduce_amount_due', 'goodwill') $$, 'PT404', null,
  'unknown invoice');
select tests.credit_note_invoice(:'t', 10, 5, 'draft') as idraft \gset
select throws_ok(format($$ select public.issue_credit_note(%L, 1, 'customer_balance', 'goodwill') $$, :'idraft'), 'PT409',
  'a draft invoice cannot be credited', 'drafts cannot be credited');
select tests.clear_authentication();
select is((select coalesce((select last_number from private.document_sequences where kind = 'credit_note' and billing_year = 2026), 0)), :n0,
  'refused credit notes take no number');
select tests.authenticate_as(:'biz', 'aal2');

-- ── reduce_amount_due: partial then full ────────────────────────────────────────────────────
select public.issue_credit_note(:'i1', 10, 'reduce_amount_due', 'two days of outage') as cn1 \gset
select results_eq(format($$ select (%1$L::jsonb ->> 'amount')::numeric, (%1$L::jsonb ->> 'tax_amount')::numeric, (%1$L::jsonb ->> 'total')::numeric,
                                  %1$L::jsonb ->> 'invoice_status', (%1$L::jsonb ->> 'amount_due')::numeric $$, :'cn1'),
  $$ values (10.000, 0.500, 10.500, 'open'::text, 94.500) $$, 'a partial credit: 10 + 5 %% tax = 10.5 off the amount due');
select is(:'cn1'::jsonb ->> 'number', format('CN-2026-%s', lpad((:n0 + 1)::text, 6, '0')), 'numbered CN-<year>-<6 digits>');
select results_eq(format($$ select amount_credited, amount_due, status from public.invoices where id = %L $$, :'i1'),
  $$ values (10.500::numeric(14,3), 94.500::numeric(14,3), 'open'::text) $$, 'the invoice owes less');
select throws_ok(format($$ select public.issue_credit_note(%L, 90.001, 'reduce_amount_due', 'goodwill') $$, :'i1'), 'PT409',
  'only 90.000 (before tax) is left to credit on this invoice', 'over-credit refused after a partial credit');
select public.issue_credit_note(:'i1', null, 'reduce_amount_due', 'cancel the rest') as cn2 \gset
select results_eq(format($$ select (%1$L::jsonb ->> 'amount')::numeric, (%1$L::jsonb ->> 'tax_amount')::numeric, %1$L::jsonb ->> 'invoice_status' $$, :'cn2'),
  $$ values (90.000, 4.500, 'paid'::text) $$, 'the full remainder takes exactly the tax left; amount due 0 → paid');
select is(:'cn2'::jsonb ->> 'number', format('CN-2026-%s', lpad((:n0 + 2)::text, 6, '0')), 'the next number, no gap');
select results_eq(format($$ select sum(total), sum(tax_amount) from public.credit_notes where invoice_id = %L $$, :'i1'),
  $$ values (105.000::numeric, 5.000::numeric) $$, 'the credit notes mirror the invoice exactly');
select throws_ok(format($$ select public.issue_credit_note(%L, null, 'customer_balance', 'more') $$, :'i1'), '22023', null,
  'nothing is left to credit');

-- per-amount tax rounding in a 3-decimal currency
select tests.credit_note_invoice(:'t', 50) as i2 \gset
select is((public.issue_credit_note(:'i2', 3.333, 'reduce_amount_due', 'rounding check') ->> 'tax_amount')::numeric, 0.167,
  '5 % of 3.333 OMR = 0.16665 → 0.167 (half away from zero)');
select tests.credit_note_invoice(:'t', 50, 0) as i3 \gset
select is((public.issue_credit_note(:'i3', 5, 'reduce_amount_due', 'no vat invoice') ->> 'tax_amount')::numeric, 0.000,
  'no tax on an invoice without tax');
select throws_ok(format($$ select public.issue_credit_note(%L, 45, 'reduce_amount_due', 'too much') $$, :'i3'), 'PT409', null,
  'reduce_amount_due cannot exceed the amount due') from (select public.record_manual_payment(:'i3', 10, 'A2C-BANK-1', 'partial transfer')) x;

-- ── customer_balance ────────────────────────────────────────────────────────────────────────
select tests.credit_note_invoice(:'t', 20) as i4 \gset
select tests.clear_authentication();
select tests.pay_invoice_by_event(:'i4', 'pi_a2c_4');
select tests.authenticate_as(:'biz', 'aal2');
select coalesce((select balance from public.billing_profiles where tenant_id = :'t'), 0) as bal0 \gset
select throws_ok(format($$ select public.issue_credit_note(%L, 5, 'reduce_amount_due', 'goodwill') $$, :'i4'), 'PT409',
  'reduce_amount_due is for open invoices', 'reduce_amount_due is not for paid invoices');
select public.issue_credit_note(:'i4', 5, 'customer_balance', 'service credit') as cn4 \gset
select is((select balance from public.billing_profiles where tenant_id = :'t'), :bal0 + 5.25, 'the balance grows by the credit with tax');
select is((select amount from public.customer_balance_transactions where credit_note_id = (:'cn4'::jsonb ->> 'id')::uuid), 5.250::numeric(14,3),
  'with a balance transaction naming the credit note');
select is((select status from public.invoices where id = :'i4'), 'paid', 'the invoice stays paid');

-- ── refund ──────────────────────────────────────────────────────────────────────────────────
select public.issue_credit_note(:'i4', 10, 'refund', 'customer cancelled') as cn5 \gset
select results_eq(format($$ select status, gateway_refund_id = 'cmx_' || id, amount, payment_id = (select id from public.payments where gateway_payment_id = 'pi_a2c_4')
                           from public.refunds where id = %L $$, :'cn5'::jsonb ->> 'refund_id'),
  $$ values ('pending'::text, true, 10.500::numeric(14,3), true) $$, 'a refund credit note creates a pending refund of the gateway payment');
select tests.clear_authentication();
select is((select message -> 'payload' from pgmq.q_billing where message ->> 'job_type' = 'billing.refund_payment'
           and message -> 'payload' ->> 'refund_id' = :'cn5'::jsonb ->> 'refund_id'),
  jsonb_build_object('action', 'refund', 'refund_id', :'cn5'::jsonb ->> 'refund_id', 'gateway', 'stripe', 'gateway_payment_id', 'pi_a2c_4',
    'amount', 10.500, 'currency', 'OMR'), 'and enqueues the refund for payments-checkout');
select is((select edge_function from private.job_handlers where job_type = 'billing.refund_payment'), 'payments-checkout', 'handled by payments-checkout');
-- the gateway's refund event adopts the pending refund
select tests.clear_authentication();
select private.apply_payment_event((public.ingest_payment_event(jsonb_build_object('gateway', 'stripe', 'event_id', 'evt_re_a2c', 'event_type', 'charge.refunded',
  'kind', 'refund_succeeded', 'object_id', 'pi_a2c_4', 'refund_id', 're_a2c', 'amount', 10.5, 'currency', 'OMR',
  'payload', jsonb_build_object('metadata', jsonb_build_object('cmx_refund_id', :'cn5'::jsonb ->> 'refund_id')))) ->> 'id')::bigint);
select results_eq(format($$ select status, gateway_refund_id from public.refunds where id = %L $$, :'cn5'::jsonb ->> 'refund_id'),
  $$ values ('succeeded'::text, 're_a2c'::text) $$, 'the refund_succeeded event completes the pending refund');
select is((select amount_refunded from public.payments where gateway_payment_id = 'pi_a2c_4'), 10.500::numeric(14,3), 'the payment counts it once');
select is((select count(*)::int from public.refunds where gateway_payment_id = 'pi_a2c_4'), 1, 'no second refund row');

-- paid half by bank, half by card: only the card half can be refunded, and pending refunds count
select tests.credit_note_invoice(:'t', 20) as i7 \gset
select public.record_manual_payment(:'i7', 10.5, 'A2C-BANK-7', 'half by transfer');
select private.apply_payment_event((public.ingest_payment_event(jsonb_build_object('gateway', 'stripe', 'event_id', 'evt_a2c_7', 'event_type', 'payment_intent.succeeded',
  'kind', 'payment_succeeded', 'object_id', 'pi_a2c_7', 'invoice_id', :'i7', 'amount', 10.5, 'currency', 'OMR', 'payload', '{}'::jsonb)) ->> 'id')::bigint);
select tests.authenticate_as(:'biz', 'aal2');
select is(public.issue_credit_note(:'i7', 10, 'refund', 'card part') ->> 'total', '10.500', 'the card half is refundable');
select throws_ok(format($$ select public.issue_credit_note(%L, 1, 'refund', 'more') $$, :'i7'), 'PT409',
  'no gateway payment of this invoice can refund that much', 'not more than the payment has left (its pending refund counts)');
select tests.clear_authentication();

-- a paid invoice with only a bank transfer has nothing to refund through a gateway
select tests.credit_note_invoice(:'t', 10) as i6 \gset
select public.record_manual_payment(:'i6', 10.5, 'A2C-BANK-6', 'bank transfer');
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok(format($$ select public.issue_credit_note(%L, 1, 'refund', 'refund please') $$, :'i6'), 'PT409',
  'no gateway payment of this invoice can refund that much', 'no refundable gateway payment');
select tests.clear_authentication();
select ok(exists (select from audit.log where action = 'credit_note.issue' and entity_id = :'cn5'::jsonb ->> 'id'), 'credit notes are audited');

select * from finish();
rollback;
