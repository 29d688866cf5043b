-- A gateway refund of a payment whose money went to the customer balance (void or paid invoice, or
-- the overpaid part) takes it back off the balance, never below 0, in either event order. (Found in
-- the billing review: the tenant kept the balance and got the refund.)
begin;
select plan(8);

select tests.create_tenant('rv-pay-b') as tb \gset
select tests.create_tenant('rv-pay-c') as tc \gset
select tests.create_tenant('rv-pay-d') as td \gset

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

select * from finish();
rollback;
