-- Reasons the system writes for people are codes with parameters, rendered per locale by the
-- console (issue 13 §11; docs/billing-invoices.md "Reason codes"). A reason code is the text of a
-- JSON object {"code": "billing.gateway_event", "params": {...}} (params only when there are
-- some); it fits audit.log.reason (text) and customer_balance_transactions.reason unchanged.
-- Staff-typed reasons stay plain text. Rows written before this migration keep their English
-- sentences: the console maps those to the same codes.
--
-- The billing functions below are the landed ones with only their reason literals replaced (the
-- generator checked each replacement): their behaviour is otherwise identical.

create or replace function private.reason_code(code text, params jsonb default null)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if code is null or code !~ '^[a-z_]+(\.[a-z_]+)+$' then
    raise exception using errcode = '22023', message = format('invalid reason code %L', code), detail = 'billing.invalid_input',
      hint = 'a reason code is area.name, e.g. billing.gateway_event';
  end if;
  return (jsonb_build_object('code', code)
          || case when params is not null and params <> '{}'::jsonb then jsonb_build_object('params', params) else '{}'::jsonb end)::text;
end
$$;
comment on function private.reason_code(text, jsonb) is
  'A system-written reason as a code with parameters: the text of {"code", "params"}; the console renders it per locale.';
revoke execute on function private.reason_code(text, jsonb) from public, anon, authenticated;
grant execute on function private.reason_code(text, jsonb) to service_role;


-- private.apply_payment_money: as landed in 20261123001220_billing_payments.sql, reasons as codes
create or replace function private.apply_payment_money(payment_id uuid)
returns public.payments
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.payments;
  inv public.invoices;
  v_to_invoice numeric := 0;
  v_applied_to text;
begin
  select * into p from public.payments x where x.id = apply_payment_money.payment_id for update;
  if p.id is null or p.status <> 'succeeded' or p.applied_at is not null or p.invoice_id is null then
    return p;
  end if;
  select * into inv from public.invoices i where i.id = p.invoice_id for update;
  if inv.currency <> p.currency then
    v_applied_to := 'refund_due';
  elsif inv.status in ('open', 'uncollectible') and inv.amount_due > 0 then
    v_to_invoice := least(p.amount, inv.amount_due);
    update public.invoices i set amount_paid = i.amount_paid + v_to_invoice, updated_at = now() where i.id = inv.id;
    perform private.settle_invoice_amounts(inv.id, private.reason_code('billing.payment_applied', jsonb_build_object('payment', coalesce(p.gateway_payment_id, p.id::text))));
    v_applied_to := 'invoice';
    perform private.credit_customer_balance(inv.tenant_id, p.amount - v_to_invoice, p.currency,
      private.reason_code('billing.overpayment', jsonb_build_object('invoice', coalesce(inv.number, inv.id::text))), inv.id, null, p.id);
  else
    v_applied_to := 'customer_balance';
    perform private.credit_customer_balance(inv.tenant_id, p.amount, p.currency,
      private.reason_code('billing.payment_for_closed_invoice', jsonb_build_object('status', inv.status, 'invoice', coalesce(inv.number, inv.id::text))), inv.id, null, p.id);
  end if;
  update public.payments x
  set applied_to = v_applied_to, applied_at = private.now(), applied_amount = v_to_invoice,
      tenant_id = coalesce(x.tenant_id, inv.tenant_id), updated_at = now()
  where x.id = p.id
  returning * into p;
  return p;
end
$$;

-- private.refresh_payment_refunds: as landed in 20261123001220_billing_payments.sql, reasons as codes
create or replace function private.refresh_payment_refunds(payment_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.payments;
  v_target numeric;
  v_done numeric;
  v_delta numeric;
  v_balance numeric;
begin
  update public.payments x
  set amount_refunded = coalesce((select sum(r.amount) from public.refunds r
                                  where r.payment_id = x.id and r.status = 'succeeded'), 0),
      updated_at = now()
  where x.id = refresh_payment_refunds.payment_id
    and x.amount_refunded is distinct from coalesce((select sum(r.amount) from public.refunds r
                                                     where r.payment_id = x.id and r.status = 'succeeded'), 0);

  select * into p from public.payments x where x.id = refresh_payment_refunds.payment_id;
  if p.id is null or p.applied_at is null or p.tenant_id is null or p.applied_to not in ('invoice', 'customer_balance')
     or p.amount - p.applied_amount <= 0 then
    return;
  end if;
  select least(coalesce(sum(r.amount), 0), p.amount - p.applied_amount) into v_target
  from public.refunds r
  where r.payment_id = p.id and r.status = 'succeeded' and r.credit_note_id is null and r.currency = p.currency;
  select -coalesce(sum(t.amount), 0) into v_done
  from public.customer_balance_transactions t where t.payment_id = p.id and t.amount < 0;
  v_delta := v_target - v_done;
  if v_delta <= 0 then
    return;
  end if;
  select b.balance into v_balance from public.billing_profiles b where b.tenant_id = p.tenant_id for update;
  v_delta := least(v_delta, coalesce(v_balance, 0));
  if v_delta <= 0 then
    return;  -- already spent on later invoices: nothing left to take back
  end if;
  update public.billing_profiles b set balance = b.balance - v_delta, updated_at = private.now() where b.tenant_id = p.tenant_id;
  insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id, payment_id)
  values (p.tenant_id, -v_delta, p.currency, format('refunded at the gateway: payment %s', coalesce(p.gateway_payment_id, p.id::text)),
    p.invoice_id, p.id);
  perform audit.record('billing_profile.debit_balance', 'billing_profile', p.tenant_id::text, jsonb_build_object('balance', v_balance),
    jsonb_build_object('balance', v_balance - v_delta, 'amount', -v_delta, 'currency', p.currency, 'payment_id', p.id),
    p.tenant_id, private.reason_code('billing.gateway_refund_from_balance'));
end
$$;

-- private.save_payment_method: as landed in 20261123001220_billing_payments.sql, reasons as codes
create or replace function private.save_payment_method(tenant_id uuid, gateway text, pm jsonb, payment_id uuid default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.payment_methods;
  v_after public.payment_methods;
begin
  if pm is null or coalesce(pm ->> 'method_ref', '') = '' then
    return null;
  end if;
  -- one default per tenant: serialise saves of the same tenant
  perform pg_advisory_xact_lock(hashtext('billing.payment_methods:' || save_payment_method.tenant_id::text));
  select * into v_before from public.payment_methods m
  where m.gateway = save_payment_method.gateway and m.method_ref = pm ->> 'method_ref' for update;
  if v_before.id is not null then
    if v_before.tenant_id <> save_payment_method.tenant_id then
      return v_before.id;
    end if;
    update public.payment_methods m
    set customer_ref = coalesce(pm ->> 'customer_ref', m.customer_ref), brand = coalesce(pm ->> 'brand', m.brand),
        last4 = coalesce(pm ->> 'last4', m.last4), exp_month = coalesce((pm ->> 'exp_month')::int, m.exp_month),
        exp_year = coalesce((pm ->> 'exp_year')::int, m.exp_year), updated_at = now()
    where m.id = v_before.id
    returning * into v_after;
    if to_jsonb(v_after) - 'updated_at' is distinct from to_jsonb(v_before) - 'updated_at' then
      perform audit.record('payment_method.update', 'payment_method', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after),
        v_after.tenant_id, private.reason_code('billing.gateway_event'));
    end if;
    return v_after.id;
  end if;
  insert into public.payment_methods (tenant_id, gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year, is_default, payment_id)
  values (save_payment_method.tenant_id, save_payment_method.gateway, pm ->> 'customer_ref', pm ->> 'method_ref', pm ->> 'brand',
    pm ->> 'last4', (pm ->> 'exp_month')::int, (pm ->> 'exp_year')::int,
    not exists (select from public.payment_methods m where m.tenant_id = save_payment_method.tenant_id and m.is_default),
    save_payment_method.payment_id)
  returning * into v_after;
  perform audit.record('payment_method.save', 'payment_method', v_after.id::text, null, to_jsonb(v_after), v_after.tenant_id,
    private.reason_code('billing.saved_by_payment'));
  return v_after.id;
end
$$;

-- private.sync_gateway_payment: as landed in 20261123001220_billing_payments.sql, reasons as codes
create or replace function private.sync_gateway_payment(gateway text, gateway_payment_id text)
returns public.payments
language plpgsql
security definer
set search_path = ''
as $$
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

-- private.sync_gateway_refund: as landed in 20261123001220_billing_payments.sql, reasons as codes
create or replace function private.sync_gateway_refund(gateway text, gateway_refund_id text)
returns public.refunds
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.refunds;
  v_before public.refunds;
  best public.payment_events;
  v_status text;
  v_claimed text;
  p public.payments;
begin
  select * into best from public.payment_events e
  where e.gateway = sync_gateway_refund.gateway and e.refund_id = sync_gateway_refund.gateway_refund_id
    and e.kind in ('refund_succeeded', 'refund_failed')
  order by private.payment_status_rank(replace(e.kind, 'refund_', '')) desc, e.occurred_at desc nulls last, e.id desc
  limit 1;
  if best.id is null then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || best.gateway || ':' || best.object_id));
  v_status := replace(best.kind, 'refund_', '');

  select * into v_before from public.refunds x
  where x.gateway = best.gateway and x.gateway_refund_id = sync_gateway_refund.gateway_refund_id for update;
  if v_before.id is null then
    -- Our refund id as each gateway echoes it: Stripe metadata, PayTabs cart_id / udf2, HyperPay
    -- merchantTransactionId.
    v_claimed := coalesce(best.payload #>> '{data,object,metadata,cmx_refund_id}', best.payload #>> '{metadata,cmx_refund_id}',
                          best.payload #>> '{metadata,refund_id}', best.payload #>> '{user_defined,udf2}', best.payload #>> '{cart_id}',
                          best.payload #>> '{payload,merchantTransactionId}', best.payload #>> '{merchantTransactionId}');
    if not exists (select from public.refunds x where x.id::text = v_claimed and x.gateway = best.gateway
                     and x.gateway_payment_id = best.object_id and x.gateway_refund_id like 'cmx\_%') then
      v_claimed := null;
    end if;
    select * into v_before from public.refunds x
    where x.gateway = best.gateway and x.gateway_payment_id = best.object_id and x.gateway_refund_id like 'cmx\_%'
      and (x.id::text = v_claimed or (v_claimed is null and x.amount = best.amount))
    order by x.created_at, x.id
    limit 1
    for update;
    if v_before.id is not null then
      update public.refunds x set gateway_refund_id = sync_gateway_refund.gateway_refund_id, updated_at = now()
      where x.id = v_before.id returning * into v_before;
    end if;
  end if;
  select * into p from public.payments x where x.gateway = best.gateway and x.gateway_payment_id = best.object_id;
  if v_before.id is null then
    insert into public.refunds (payment_id, gateway, gateway_refund_id, gateway_payment_id, invoice_id, tenant_id, amount, currency,
      status, reason)
    values (p.id, best.gateway, sync_gateway_refund.gateway_refund_id, best.object_id, p.invoice_id, p.tenant_id,
      best.amount, best.currency, 'pending', private.reason_code('billing.gateway_event'))
    returning * into v_before;
    perform audit.record('refund.record', 'refund', v_before.id::text, null, to_jsonb(v_before), v_before.tenant_id, private.reason_code('billing.gateway_event'));
  end if;
  if best.amount <= 0 then
    perform private.billing_fail('22023', 'invalid_amount', 'a refund amount must be > 0', 'check the gateway event');
  end if;
  if private.payment_status_rank(v_status) >= private.payment_status_rank(v_before.status) then
    update public.refunds x
    set status = v_status, amount = best.amount, currency = best.currency,
        failure_code = case when v_status = 'failed' then coalesce(best.failure_code, x.failure_code) end,
        failure_message = case when v_status = 'failed' then coalesce(best.failure_message, x.failure_message) end,
        failed_at = case when v_status = 'failed' then coalesce(x.failed_at, private.now()) end,
        payment_id = coalesce(x.payment_id, p.id), invoice_id = coalesce(x.invoice_id, p.invoice_id),
        tenant_id = coalesce(x.tenant_id, p.tenant_id), updated_at = now()
    where x.id = v_before.id
    returning * into r;
  else
    r := v_before;
  end if;
  if r.status is distinct from v_before.status then
    perform audit.record('refund.' || r.status, 'refund', r.id::text, to_jsonb(v_before), to_jsonb(r), r.tenant_id, private.reason_code('billing.gateway_event'));
  end if;
  if r.payment_id is not null then
    perform private.refresh_payment_refunds(r.payment_id);
  end if;
  perform private.settle_failed_refund_credit(r.id);
  return r;
end
$$;

-- private.settle_failed_refund_credit: as landed in 20261123001220_billing_payments.sql, reasons as codes
create or replace function private.settle_failed_refund_credit(refund_id uuid)
returns numeric
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.refunds;
  cn public.credit_notes;
  v_target numeric;
  v_done numeric;
  v_delta numeric;
  v_balance numeric;
begin
  select * into r from public.refunds x where x.id = settle_failed_refund_credit.refund_id;
  if r.id is null or r.credit_note_id is null or r.tenant_id is null then
    return 0;
  end if;
  select * into cn from public.credit_notes c where c.id = r.credit_note_id;
  if cn.id is null or cn.method <> 'refund' then
    return 0;
  end if;
  v_target := case when r.status = 'failed' then r.amount else 0 end;
  select coalesce(sum(t.amount), 0) into v_done
  from public.customer_balance_transactions t where t.tenant_id = r.tenant_id and t.credit_note_id = cn.id;
  v_delta := v_target - v_done;
  if v_delta > 0 then
    perform private.credit_customer_balance(r.tenant_id, v_delta, r.currency,
      private.reason_code('billing.refund_failed_credited', jsonb_build_object('number', cn.number, 'failure', coalesce(r.failure_message, r.failure_code))),
      r.invoice_id, cn.id, r.payment_id);
    return v_delta;
  elsif v_delta < 0 then
    select b.balance into v_balance from public.billing_profiles b where b.tenant_id = r.tenant_id for update;
    v_delta := -least(-v_delta, coalesce(v_balance, 0));
    if v_delta = 0 then
      perform audit.record('billing_profile.debit_balance', 'billing_profile', r.tenant_id::text, jsonb_build_object('balance', v_balance),
        jsonb_build_object('balance', v_balance, 'amount', 0, 'currency', r.currency, 'credit_note_id', cn.id, 'refund_id', r.id),
        r.tenant_id, private.reason_code('billing.late_refund_balance_spent', jsonb_build_object('number', cn.number)));
      return 0;
    end if;
    update public.billing_profiles b set balance = b.balance + v_delta, updated_at = private.now() where b.tenant_id = r.tenant_id;
    insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id, credit_note_id, payment_id)
    values (r.tenant_id, v_delta, r.currency, private.reason_code('billing.late_refund_taken_back', jsonb_build_object('number', cn.number)), r.invoice_id, cn.id,
      r.payment_id);
    perform audit.record('billing_profile.debit_balance', 'billing_profile', r.tenant_id::text, jsonb_build_object('balance', v_balance),
      jsonb_build_object('balance', v_balance + v_delta, 'amount', v_delta, 'currency', r.currency, 'credit_note_id', cn.id, 'refund_id', r.id),
      r.tenant_id, private.reason_code('billing.late_refund', jsonb_build_object('number', cn.number)));
    return v_delta;
  end if;
  return 0;
end
$$;

-- public.begin_checkout: as landed in 20261123001220_billing_payments.sql, reasons as codes, and the
-- caller's right checked before the invoice is read or locked (issue 12 §2: a tenant user learned
-- which invoice ids exist and could hold another tenant's invoice row lock)
create or replace function public.begin_checkout(invoice_id uuid, gateway text default null, idempotency_key text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
  p public.payments;
  v_keyed public.payments;
  v_gateway text;
  v_minor int;
  v_cancelled int := 0;
  v_reused boolean := false;
  v_tenant uuid;
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    perform private.billing_fail('PT401', 'not_signed_in', 'sign in first', 'send a valid access token');
  end if;
  if begin_checkout.idempotency_key is not null
     and (btrim(begin_checkout.idempotency_key) = '' or length(begin_checkout.idempotency_key) > 200) then
    perform private.billing_fail('22023', 'invalid_idempotency_key', 'the idempotency key must be 1 to 200 characters and not blank',
      'e.g. job:<job id>, the same on every retry of one attempt to pay');
  end if;
  -- The caller's right first, read without a lock (an invoice's tenant never changes): a caller who
  -- may not pay it gets one answer whether the invoice exists or not, and locks nothing.
  select i.tenant_id into v_tenant from public.invoices i where i.id = begin_checkout.invoice_id;
  if not (private.is_trusted_caller() or private.has_permission('billing.write')
          or (v_tenant is not null and v_tenant in (select private.my_tenant_ids_with_role(array['owner', 'admin'])))) then
    perform private.billing_fail('PT403', 'forbidden', 'only the tenant''s owner or admin, or billing staff, may pay this invoice',
      'sign in as the tenant owner');
  end if;
  select * into inv from public.invoices i where i.id = begin_checkout.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  -- The invoice row is locked: calls for one invoice are serialised, so a key is looked up after any
  -- earlier call with it has committed. (Calls with one key for two invoices meet at the unique index.)
  if begin_checkout.idempotency_key is not null then
    select * into v_keyed from public.payments x where x.idempotency_key = begin_checkout.idempotency_key for update;
    if v_keyed.id is not null and v_keyed.invoice_id is distinct from inv.id then
      perform private.billing_fail('PT409', 'idempotency_key_reused', 'this idempotency key was used for another invoice',
        'use a new key for each attempt to pay an invoice');
    end if;
  end if;
  if inv.status not in ('open', 'uncollectible') or inv.amount_due <= 0 then
    perform private.billing_fail('PT409', 'invoice_not_payable', format('invoice %s is %s with %s due', coalesce(inv.number, inv.id::text),
      inv.status, inv.amount_due), 'only an open or uncollectible invoice with an amount due can be paid');
  end if;
  v_gateway := coalesce(nullif(begin_checkout.gateway, ''), v_keyed.gateway,
                        (select b.preferred_gateway from public.billing_profiles b where b.tenant_id = inv.tenant_id), 'stripe');
  if v_gateway not in ('stripe', 'paytabs', 'hyperpay') then
    perform private.billing_fail('22023', 'unknown_gateway', format('unknown gateway %s', v_gateway), 'stripe, paytabs or hyperpay');
  end if;
  select c.minor_unit into v_minor from public.currencies c where c.code = inv.currency;

  if v_keyed.id is not null then
    if v_keyed.gateway <> v_gateway then
      perform private.billing_fail('PT409', 'idempotency_key_reused', format('this idempotency key was used with %s', v_keyed.gateway),
        'retry with the same gateway, or use a new key');
    end if;
    -- A retry of the same attempt: that payment, as it is. Cancelled by our own failed gateway call,
    -- it is reopened: the gateway may have taken the call, and the retry (same gateway key) will
    -- get its original answer.
    v_reused := true;
    p := v_keyed;
    if v_keyed.status = 'cancelled' and v_keyed.failure_code = 'checkout_failed' then
      update public.payments x
      set status = 'pending', cancelled_at = null, failure_code = null, failure_message = null, updated_at = now()
      where x.id = v_keyed.id
      returning * into p;
      perform audit.record('payment.reopen', 'payment', p.id::text, to_jsonb(v_keyed), to_jsonb(p), p.tenant_id,
        private.reason_code('billing.checkout_retried'));
    end if;
  else
    -- A new attempt supersedes the invoice's earlier pending checkouts the gateway never reported on
    -- (abandoned pages, failed gateway calls): they are cancelled, so one invoice has at most one live
    -- checkout. If the old page is paid after all, its webhook still wins (status only rises) and the
    -- money goes to the invoice or, if already paid, to the customer balance.
    v_cancelled := private.cancel_pending_checkouts(inv.id, null, 'superseded', 'a new checkout was started for this invoice');
    begin
      insert into public.payments (invoice_id, tenant_id, gateway, amount, currency, status, created_by, idempotency_key)
      values (inv.id, inv.tenant_id, v_gateway, inv.amount_due, inv.currency, 'pending', auth.uid(), begin_checkout.idempotency_key)
      returning * into p;
    exception when unique_violation then
      -- the same key committed meanwhile for another invoice (this invoice's calls are serialised)
      perform private.billing_fail('PT409', 'idempotency_key_reused', 'this idempotency key was used for another invoice',
        'use a new key for each attempt to pay an invoice');
    end;
    perform audit.record('payment.checkout', 'payment', p.id::text, null, to_jsonb(p), p.tenant_id, null);
  end if;
  return jsonb_build_object('payment_id', p.id, 'invoice_id', inv.id, 'invoice_number', inv.number, 'tenant_id', inv.tenant_id,
    'amount', p.amount, 'amount_minor', (p.amount * power(10::numeric, v_minor))::bigint, 'currency', p.currency,
    'gateway', p.gateway, 'description', format('CleanMateX invoice %s', coalesce(inv.number, inv.id::text)),
    'superseded', v_cancelled, 'idempotency_key', p.idempotency_key, 'reused', v_reused, 'status', p.status,
    'gateway_payment_id', p.gateway_payment_id);
end
$$;

-- public.attach_checkout: as landed in 20261123001220_billing_payments.sql, reasons as codes
create or replace function public.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.payments;
  other public.payments;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.billing_fail('PT403', 'forbidden', 'only the payments-checkout function may attach a checkout',
      'call through payments-checkout');
  end if;
  if attach_checkout.gateway_payment_id is null or btrim(attach_checkout.gateway_payment_id) = ''
     or length(attach_checkout.gateway_payment_id) > 200 then
    perform private.billing_fail('22023', 'invalid_gateway_payment_id', 'the gateway payment id must be 1 to 200 characters',
      'the payment intent / transaction reference');
  end if;
  if attach_checkout.checkout_url is not null and attach_checkout.checkout_url !~ '^https?://' then
    perform private.billing_fail('22023', 'invalid_checkout_url', 'the checkout URL must be http(s)', 'the gateway''s hosted page');
  end if;
  -- Lock order, as private.sync_gateway_payment: the gateway payment's advisory lock first, then
  -- payment rows. The row is read unlocked only to learn its gateway, then locked and read again.
  select * into p from public.payments x where x.id = attach_checkout.payment_id;
  if p.id is null then
    perform private.billing_fail('PT404', 'payment_not_found', 'no such payment', 'call begin_checkout first');
  end if;
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || p.gateway || ':' || attach_checkout.gateway_payment_id));
  select * into p from public.payments x where x.id = attach_checkout.payment_id for update;
  if p.id is null then
    -- merged into another row by a concurrent attach meanwhile
    perform private.billing_fail('PT404', 'payment_not_found', 'no such payment', 'call begin_checkout first');
  end if;
  if p.gateway_payment_id is not null and p.gateway_payment_id <> attach_checkout.gateway_payment_id then
    -- Its webhook already adopted this row under the gateway's payment id (HyperPay: the payment id
    -- differs from the checkout id being attached now): keep it, remember the checkout.
    if exists (select from public.payment_events e where e.gateway = p.gateway and e.object_id = p.gateway_payment_id
                 and e.payment_id = p.id)
       and coalesce(p.checkout_ref, attach_checkout.gateway_payment_id) = attach_checkout.gateway_payment_id then
      update public.payments x
      set checkout_ref = attach_checkout.gateway_payment_id, checkout_url = coalesce(attach_checkout.checkout_url, x.checkout_url),
          updated_at = now()
      where x.id = p.id returning * into other;
      perform audit.record('payment.attach', 'payment', p.id::text, to_jsonb(p), to_jsonb(other), p.tenant_id, null);
      return jsonb_build_object('payment_id', other.id, 'status', other.status, 'gateway', other.gateway,
        'gateway_payment_id', other.gateway_payment_id, 'checkout_url', other.checkout_url);
    end if;
    perform private.billing_fail('PT409', 'checkout_already_attached', 'this payment is already attached to another gateway payment',
      'start a new checkout');
  end if;
  select * into other from public.payments x
  where x.gateway = p.gateway and x.gateway_payment_id = attach_checkout.gateway_payment_id and x.id <> p.id for update;
  if other.id is not null then
    -- the checkout row goes first: its idempotency key (unique) moves to the row that stays, so a
    -- retry with that key finds the merged payment instead of beginning a new one
    delete from public.payments x where x.id = p.id;
    update public.payments x
    set invoice_id = coalesce(x.invoice_id, p.invoice_id), tenant_id = coalesce(x.tenant_id, p.tenant_id),
        checkout_url = coalesce(attach_checkout.checkout_url, x.checkout_url), created_by = coalesce(x.created_by, p.created_by),
        idempotency_key = coalesce(x.idempotency_key, p.idempotency_key),
        updated_at = now()
    where x.id = other.id;
    perform audit.record('payment.merge', 'payment', other.id::text, to_jsonb(p), to_jsonb(other), other.tenant_id,
      private.reason_code('billing.checkout_merged'));
  else
    update public.payments x
    set gateway_payment_id = attach_checkout.gateway_payment_id, checkout_url = attach_checkout.checkout_url, updated_at = now()
    where x.id = p.id;
    perform audit.record('payment.attach', 'payment', p.id::text, to_jsonb(p),
      (select to_jsonb(x) from public.payments x where x.id = p.id), p.tenant_id, null);
  end if;
  -- Events may already be waiting for this gateway payment.
  p := private.sync_gateway_payment(p.gateway, attach_checkout.gateway_payment_id);
  return jsonb_build_object('payment_id', p.id, 'status', p.status, 'gateway', p.gateway,
    'gateway_payment_id', p.gateway_payment_id, 'checkout_url', p.checkout_url);
end
$$;

-- private.dunning_hold_subscription: as landed in 20261123001230_billing_dunning.sql, reasons as codes
create or replace function private.dunning_hold_subscription(c public.dunning_cases, target text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  v_after public.subscriptions;
begin
  select * into s from public.subscriptions x where x.id = c.subscription_id for update;
  if s.id is null or s.status = 'cancelled' then
    return false;
  end if;
  if (target = 'past_due' and s.status in ('trialing', 'active'))
     or (target = 'suspended' and s.status in ('trialing', 'active', 'past_due')) then
    update public.subscriptions x set status = target, status_changed_at = private.now(), updated_at = now()
    where x.id = s.id returning * into v_after;
    perform audit.record('subscription.' || target, 'subscription', s.id::text, jsonb_build_object('status', s.status),
      jsonb_build_object('status', target), s.tenant_id, private.reason_code('billing.dunning_case', jsonb_build_object('case_id', c.id)));
    return true;
  end if;
  return c.held_subscription or s.status in ('past_due', 'suspended');
end
$$;
