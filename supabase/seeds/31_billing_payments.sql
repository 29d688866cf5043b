-- Demo payments and dunning (issue 8), on top of 30_billing.sql's invoices:
--  * Al Noor (OMR): paid through PayTabs webhook events (pending, then succeeded), then 2.000 OMR
--    refunded from the gateway's dashboard (a refund event), plus an event of no interest (ignored);
--  * Pearl (BHD): a partial bank transfer recorded by staff;
--  * Crystal (SAR): a HyperPay payment failed → a dunning case, 'retrying' (the invoice is not due
--    yet: retries and stages count from the due date);
--  * Fresh & Fold (AED, already in grace): a dunning case at 'past_due' (its invoice is 9 days
--    overdue, see 30_billing.sql), its subscription past_due.
-- Dates follow the day the seed runs (issue 13 §13): gateway events happen after their invoice was
-- issued and never in the future.
-- Everything goes through the payments and dunning functions (inbox, apply, audit). The demo cases
-- are moved to their stage directly rather than by running their schedule, so the seed enqueues no
-- retry charges against the gateways. Idempotent (event ids dedupe, payments by reference, one case
-- per invoice); a no-op when there are no invoices.

do $$
declare
  noor uuid := '10000000-0000-4000-a000-000000000001';
  crystal uuid := '10000000-0000-4000-a000-000000000002';
  fresh uuid := '10000000-0000-4000-a000-000000000003';
  pearl uuid := '10000000-0000-4000-a000-000000000004';
  inv public.invoices;
  c public.dunning_cases;
  r jsonb;
  issued_at timestamptz;
begin
  if not exists (select from public.invoices where status in ('open', 'paid')) then
    return;
  end if;

  -- Al Noor: PayTabs payment, gateway refund, an ignored event
  select * into inv from public.invoices i where i.tenant_id = noor and i.number is not null order by i.created_at limit 1;
  if inv.id is not null then
    issued_at := inv.finalized_at;  -- issued 3 days ago (30_billing.sql)
    foreach r in array array[
      jsonb_build_object('gateway', 'paytabs', 'event_id', 'seed-noor-1-pending', 'event_type', 'payment.pending', 'kind', 'payment_pending',
        'object_id', 'TST2611900000001', 'invoice_id', inv.id, 'amount', inv.total, 'currency', inv.currency,
        'occurred_at', issued_at + interval '1 day', 'payload', jsonb_build_object('tran_ref', 'TST2611900000001', 'payment_result', jsonb_build_object('response_status', 'H'))),
      jsonb_build_object('gateway', 'paytabs', 'event_id', 'seed-noor-1-paid', 'event_type', 'payment.authorised', 'kind', 'payment_succeeded',
        'object_id', 'TST2611900000001', 'invoice_id', inv.id, 'amount', inv.total, 'currency', inv.currency,
        'occurred_at', issued_at + interval '1 day 1 minute', 'payload', jsonb_build_object('tran_ref', 'TST2611900000001', 'payment_result', jsonb_build_object('response_status', 'A'))),
      jsonb_build_object('gateway', 'paytabs', 'event_id', 'seed-noor-1-refund', 'event_type', 'refund.authorised', 'kind', 'refund_succeeded',
        'object_id', 'TST2611900000001', 'refund_id', 'TST2611900000002', 'amount', 2, 'currency', inv.currency,
        'occurred_at', issued_at + interval '2 days', 'payload', jsonb_build_object('tran_ref', 'TST2611900000002', 'tran_type', 'Refund')),
      jsonb_build_object('gateway', 'stripe', 'event_id', 'evt_seed_customer_updated', 'event_type', 'customer.updated', 'kind', null,
        'occurred_at', issued_at + interval '2 days 5 minutes', 'payload', jsonb_build_object('id', 'evt_seed_customer_updated', 'type', 'customer.updated'))]
    loop
      r := public.ingest_payment_event(r);
      if r ->> 'status' <> 'ignored' then
        perform private.apply_payment_event((r ->> 'id')::bigint);
      end if;
    end loop;
  end if;

  -- Pearl: a partial bank transfer
  select * into inv from public.invoices i where i.tenant_id = pearl and i.status = 'open' order by i.created_at limit 1;
  if inv.id is not null and not exists (select from public.payments p where p.gateway = 'manual' and p.gateway_payment_id = 'BH-TRX-0001') then
    perform public.record_manual_payment(inv.id, 30, 'BH-TRX-0001', 'demo seed: first instalment by bank transfer');
  end if;

  -- Crystal: a failed HyperPay payment opens a dunning case (retrying until the due date comes)
  select * into inv from public.invoices i where i.tenant_id = crystal and i.status = 'open' order by i.created_at limit 1;
  if inv.id is not null and not exists (select from public.dunning_cases d where d.invoice_id = inv.id) then
    r := public.ingest_payment_event(jsonb_build_object('gateway', 'hyperpay', 'event_id', 'seed-crystal-1-failed', 'event_type', 'PAYMENT',
      'kind', 'payment_failed', 'object_id', '8ac7a4a08f2b1c3d', 'invoice_id', inv.id, 'amount', inv.total, 'currency', inv.currency,
      'failure_code', '800.100.151', 'failure_message', 'transaction declined (invalid card)', 'occurred_at', now(),
      'payload', jsonb_build_object('id', '8ac7a4a08f2b1c3d', 'result', jsonb_build_object('code', '800.100.151'))));
    perform private.apply_payment_event((r ->> 'id')::bigint);
  end if;

  -- Fresh & Fold: a case at 'past_due' (the tenant is already in grace), opened on the due date
  select * into inv from public.invoices i where i.tenant_id = fresh and i.status = 'open' order by i.created_at limit 1;
  if inv.id is not null and not exists (select from public.dunning_cases d where d.invoice_id = inv.id) then
    perform private.open_dunning_case(inv.id, 'overdue');
    select * into c from public.dunning_cases d where d.invoice_id = inv.id;
    if c.id is not null then
      update public.dunning_cases d
      set stage = 'past_due', retries_done = 4, reminders_sent = 3, last_result = 'past_due',
          opened_at = private.dunning_day_at(c.due_date, c.timezone, 0),
          held_subscription = private.dunning_hold_subscription(c, 'past_due')
      where d.id = c.id;
      c := private.dunning_set_next(c.id);
      perform private.dunning_event(c, 'past_due', '{"seed":true}', 'demo seed');
    end if;
  end if;
end
$$;
