-- A customer_balance credit note for an open invoice credits at most what was paid on it; the unpaid
-- part is reduced instead. (Found in the billing review: an unpaid invoice credited in full to the
-- balance stayed due with nothing left to credit.)
begin;
select plan(11);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('rv-pay-a') as ta \gset
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

select * from finish();
rollback;
