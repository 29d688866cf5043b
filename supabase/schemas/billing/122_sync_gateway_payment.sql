CREATE FUNCTION private.sync_gateway_payment(gateway text, gateway_payment_id text) RETURNS public.payments
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.payments;
  v_before public.payments;
  best public.payment_events;
  v_best_status text;
  v_invoice uuid;
  v_tenant uuid;
  v_named uuid[];
begin
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || sync_gateway_payment.gateway || ':' || sync_gateway_payment.gateway_payment_id));
  select * into best from public.payment_events e
  where e.gateway = sync_gateway_payment.gateway and e.object_id = sync_gateway_payment.gateway_payment_id
    and e.kind in ('payment_succeeded', 'payment_failed', 'payment_pending')
  order by private.payment_status_rank(replace(e.kind, 'payment_', '')) desc, e.occurred_at desc nulls last, e.id desc
  limit 1;
  -- Our own payment rows the events name (a handful), so the lookups below go by primary key.
  select array_agg(distinct e.payment_id) into v_named from public.payment_events e
  where e.gateway = sync_gateway_payment.gateway and e.object_id = sync_gateway_payment.gateway_payment_id
    and e.payment_id is not null;
  select e.invoice_id into v_invoice from public.payment_events e
  where e.gateway = sync_gateway_payment.gateway and e.object_id = sync_gateway_payment.gateway_payment_id
    and e.invoice_id is not null and exists (select from public.invoices i where i.id = e.invoice_id)
  order by e.id limit 1;

  select * into v_before from public.payments x
  where x.gateway = sync_gateway_payment.gateway and x.gateway_payment_id = sync_gateway_payment.gateway_payment_id for update;
  if v_before.id is null then
    -- Our own payment the gateway echoed back (Stripe metadata.payment_id, PayTabs cart_id, HyperPay
    -- merchantTransactionId → event.payment_id): adopt that row, whether its checkout is not
    -- attached yet (gateway_payment_id null) or attached under a checkout id that is not a payment
    -- (HyperPay: the checkout id differs from the payment id; no payment event names it). The
    -- checkout id is kept in checkout_ref. A row already bound to another gateway payment that
    -- events name (e.g. a declined attempt) is not taken over: this payment gets its own row.
    select * into v_before from public.payments x
    where x.id = any(v_named) and x.gateway = sync_gateway_payment.gateway
      and (x.gateway_payment_id is null
           or not exists (select from public.payment_events e2
                          where e2.gateway = x.gateway and e2.object_id = x.gateway_payment_id
                            and e2.kind in ('payment_succeeded', 'payment_failed', 'payment_pending')))
    order by x.created_at
    limit 1
    for update;
    if v_before.id is not null then
      update public.payments x
      set checkout_ref = coalesce(x.checkout_ref, x.gateway_payment_id),
          gateway_payment_id = sync_gateway_payment.gateway_payment_id, updated_at = now()
      where x.id = v_before.id returning * into p;
      perform audit.record('payment.adopt', 'payment', p.id::text, to_jsonb(v_before), to_jsonb(p), p.tenant_id,
        private.reason_code('billing.gateway_event_names_payment'));
      v_before := p;
      p := null;
    end if;
  end if;
  if v_before.id is null then
    if best.id is null then
      return null;
    end if;
    -- no invoice in the events: the one of our payment they name, if any
    v_invoice := coalesce(v_invoice, (select x.invoice_id from public.payments x
                                      where x.id = any(v_named) and x.gateway = sync_gateway_payment.gateway
                                        and x.invoice_id is not null
                                      order by x.created_at limit 1));
    insert into public.payments as x (gateway, gateway_payment_id, amount, currency, status, invoice_id)
    values (sync_gateway_payment.gateway, sync_gateway_payment.gateway_payment_id, best.amount, best.currency, 'pending', v_invoice)
    returning * into v_before;
    perform audit.record('payment.record', 'payment', v_before.id::text, null, to_jsonb(v_before), null, private.reason_code('billing.gateway_event'));
  end if;

  v_best_status := replace(best.kind, 'payment_', '');
  if best.id is not null and private.payment_status_rank(v_best_status) >= private.payment_status_rank(v_before.status)
     and not (v_best_status = 'pending' and v_before.status = 'cancelled') then
    select i.tenant_id into v_tenant from public.invoices i where i.id = coalesce(v_before.invoice_id, v_invoice);
    -- Once its money was applied (applied_at), a payment's amount and currency are what was
    -- applied: applied_amount went to the invoice and the rest to the customer balance, and refunds
    -- and credit notes count on it. A later event reporting another amount does not move money: it
    -- is kept in reported_amount / reported_currency (null when the events agree) for an operator.
    update public.payments x
    set status = v_best_status,
        amount = case when x.applied_at is null then best.amount else x.amount end,
        currency = case when x.applied_at is null then best.currency else x.currency end,
        reported_amount = case when x.applied_at is not null and (best.amount, best.currency) is distinct from (x.amount, x.currency)
                               then best.amount end,
        reported_currency = case when x.applied_at is not null and (best.amount, best.currency) is distinct from (x.amount, x.currency)
                                 then best.currency end,
        failure_code = case when v_best_status = 'failed' then best.failure_code end,
        failure_message = case when v_best_status = 'failed' then best.failure_message end,
        invoice_id = coalesce(x.invoice_id, v_invoice),
        tenant_id = coalesce(x.tenant_id, v_tenant),
        updated_at = now()
    where x.id = v_before.id
    returning * into p;
  else
    p := v_before;
  end if;
  if p.status is distinct from v_before.status then
    perform audit.record('payment.' || p.status, 'payment', p.id::text, to_jsonb(v_before), to_jsonb(p), p.tenant_id, private.reason_code('billing.gateway_event'));
    perform private.notify('payment.' || p.status, p.tenant_id, p.id::text, jsonb_build_object('amount', p.amount::text, 'currency', p.currency,
      'invoice_number', (select i.number from public.invoices i where i.id = p.invoice_id), 'reason', coalesce(p.failure_message, p.failure_code, '')))
    where p.status in ('succeeded', 'failed') and p.tenant_id is not null;
    perform private.emit_payment_event(p);  -- integrations
  end if;
  if (p.reported_amount, p.reported_currency) is distinct from (v_before.reported_amount, v_before.reported_currency)
     and p.reported_amount is not null then
    perform audit.record('payment.amount_mismatch', 'payment', p.id::text,
      jsonb_build_object('amount', p.amount, 'currency', p.currency, 'applied_amount', p.applied_amount, 'applied_to', p.applied_to),
      jsonb_build_object('reported_amount', p.reported_amount, 'reported_currency', p.reported_currency, 'event_id', best.event_id),
      p.tenant_id, private.reason_code('billing.gateway_amount_mismatch'));
  end if;

  p := private.apply_payment_money(p.id);

  -- A succeeded payment that reported a reusable card / token saves it for off-session charges.
  if p.status = 'succeeded' and p.tenant_id is not null then
    perform private.save_payment_method(p.tenant_id, p.gateway, e.payment_method, p.id)
    from public.payment_events e
    where e.gateway = p.gateway and e.object_id = p.gateway_payment_id and e.kind = 'payment_succeeded'
      and e.payment_method is not null
    order by e.id;
  end if;

  -- Refunds that arrived before their payment.
  update public.refunds r
  set payment_id = p.id, invoice_id = coalesce(r.invoice_id, p.invoice_id), tenant_id = coalesce(r.tenant_id, p.tenant_id),
      updated_at = now()
  where r.gateway = p.gateway and r.gateway_payment_id = p.gateway_payment_id and r.payment_id is null;
  perform private.refresh_payment_refunds(p.id);
  select * into p from public.payments x where x.id = p.id;
  return p;
end
$$;

REVOKE ALL ON FUNCTION private.sync_gateway_payment(gateway text, gateway_payment_id text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.sync_gateway_payment(gateway text, gateway_payment_id text) FROM PUBLIC;
