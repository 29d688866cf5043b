-- Billing (C7): payment races and a refund the gateway refuses. Each function below replaces the
-- live one of the same name (20261123001220_billing_payments.sql, or for sync_gateway_payment
-- 20261206000100_billing_payment_sync_speed.sql, whose by-id lookup of the named payments is kept).
--
-- * attach_checkout took the payment row's lock and then the gateway payment's advisory lock;
--   sync_gateway_payment (the apply job) takes the advisory lock and then payment rows. An attach
--   and an apply of the same gateway payment could deadlock. attach_checkout now reads the row
--   unlocked to learn its gateway, takes the advisory lock, then locks the row and checks again.
-- * sync_gateway_payment overwrote payments.amount from a later event after the money had been
--   applied: the difference reached neither the invoice nor the balance, and amount − applied_amount
--   (what went to the balance; refunds of it are taken back from there) became wrong. Once applied,
--   amount and currency are frozen; a different reported amount is kept in reported_amount /
--   reported_currency and audited (payment.amount_mismatch) for an operator. Gateways report a
--   succeeded payment's amount once (a refund is its own event), so a different amount afterwards
--   is an anomaly to look at, not money to move.
-- * record_manual_payment: two concurrent calls with the same reference on different invoices
--   raised a raw 23505; the unique violation is now billing.duplicate_reference (PT409).
-- * A refund the gateway refuses at once (HyperPay answers a refused refund with a 4xx and a result
--   code, and sends no webhook) stayed 'pending' forever. public.fail_refund (service role: the
--   refund job) marks it failed with the gateway's reason. A failed refund of a credit note
--   (method 'refund', by fail_refund or a refund_failed webhook) puts the credit note's total on the
--   customer balance, since the credit note used up the invoice's creditable amount; if the gateway
--   later reports the refund succeeded after all, that credit is taken back off the balance (never
--   below 0). Status still only moves forward (pending < failed < succeeded).

-- ── schema additions ────────────────────────────────────────────────────────────────────────

alter table public.payments
  add column if not exists reported_amount numeric(14,3) check (reported_amount >= 0),
  add column if not exists reported_currency text references public.currencies (code);

alter table public.refunds
  add column if not exists failure_code text check (failure_code is null or length(failure_code) <= 200),
  add column if not exists failure_message text check (failure_message is null or length(failure_message) <= 1000),
  add column if not exists failed_at timestamptz;

-- ── failed refunds of credit notes ──────────────────────────────────────────────────────────

-- What the customer balance holds for a refund of a credit note: its amount while the refund is
-- 'failed', nothing otherwise (pending: the gateway may still pay it; succeeded: the money went
-- back through the gateway). The credits and debits already made carry the credit note's id (a
-- 'refund' credit note has exactly one refund and no other balance entries), so calling this again
-- changes nothing. A debit never takes the balance below 0 (money already spent on later
-- invoices cannot be taken back). Returns the change made to the balance.
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
      format('refund of credit note %s failed: %s', cn.number, coalesce(r.failure_message, r.failure_code, 'refused by the gateway')),
      r.invoice_id, cn.id, r.payment_id);
    return v_delta;
  elsif v_delta < 0 then
    select b.balance into v_balance from public.billing_profiles b where b.tenant_id = r.tenant_id for update;
    v_delta := -least(-v_delta, coalesce(v_balance, 0));
    if v_delta = 0 then
      perform audit.record('billing_profile.debit_balance', 'billing_profile', r.tenant_id::text, jsonb_build_object('balance', v_balance),
        jsonb_build_object('balance', v_balance, 'amount', 0, 'currency', r.currency, 'credit_note_id', cn.id, 'refund_id', r.id),
        r.tenant_id, format('refund of credit note %s succeeded after it had failed; its balance credit is already spent', cn.number));
      return 0;
    end if;
    update public.billing_profiles b set balance = b.balance + v_delta, updated_at = private.now() where b.tenant_id = r.tenant_id;
    insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id, credit_note_id, payment_id)
    values (r.tenant_id, v_delta, r.currency, format('refund of credit note %s succeeded after all', cn.number), r.invoice_id, cn.id,
      r.payment_id);
    perform audit.record('billing_profile.debit_balance', 'billing_profile', r.tenant_id::text, jsonb_build_object('balance', v_balance),
      jsonb_build_object('balance', v_balance + v_delta, 'amount', v_delta, 'currency', r.currency, 'credit_note_id', cn.id, 'refund_id', r.id),
      r.tenant_id, format('refund of credit note %s succeeded after it had failed', cn.number));
    return v_delta;
  end if;
  return 0;
end
$$;

-- The refund job (payments-checkout, service role) when the gateway refused the refund at once and
-- no webhook will settle it. A pending refund becomes 'failed' with the gateway's code and message
-- (audited 'refund.failed'); for a credit note's refund its total goes to the customer balance.
-- A refund already failed, or already succeeded (the gateway's word wins: status only rises), is
-- returned unchanged. Returns {refund_id, status, changed, credited_to_balance}.
create or replace function public.fail_refund(refund_id uuid, code text, message text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.refunds;
  r public.refunds;
  v_credit numeric;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.billing_fail('PT403', 'forbidden', 'only the refund job may fail a refund', 'call through payments-checkout');
  end if;
  if coalesce(length(btrim(fail_refund.message)), 0) < 3 or length(fail_refund.message) > 1000 then
    perform private.billing_fail('22023', 'reason_required', 'say why the gateway refused (3 to 1000 characters)',
      'the gateway''s result description');
  end if;
  if length(fail_refund.code) > 200 then
    perform private.billing_fail('22023', 'invalid_input', 'the failure code must be at most 200 characters', 'the gateway''s result code');
  end if;
  select * into v_before from public.refunds x where x.id = fail_refund.refund_id;
  if v_before.id is null then
    perform private.billing_fail('PT404', 'refund_not_found', 'no such refund', 'check the refund id');
  end if;
  -- the lock order of the apply job: the gateway payment's advisory lock, then rows
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || v_before.gateway || ':' || v_before.gateway_payment_id));
  select * into v_before from public.refunds x where x.id = fail_refund.refund_id for update;
  if v_before.status <> 'pending' then
    return jsonb_build_object('refund_id', v_before.id, 'status', v_before.status, 'changed', false, 'credited_to_balance', 0);
  end if;
  update public.refunds x
  set status = 'failed', failure_code = nullif(btrim(fail_refund.code), ''), failure_message = btrim(fail_refund.message),
      failed_at = private.now(), updated_at = now()
  where x.id = v_before.id
  returning * into r;
  perform audit.record('refund.failed', 'refund', r.id::text, to_jsonb(v_before), to_jsonb(r), r.tenant_id, r.failure_message);
  if r.payment_id is not null then
    perform private.refresh_payment_refunds(r.payment_id);
  end if;
  v_credit := private.settle_failed_refund_credit(r.id);
  return jsonb_build_object('refund_id', r.id, 'status', r.status, 'changed', true, 'credited_to_balance', v_credit);
end
$$;

-- ── refund events: a failed refund's reason, and the credit of a failed credit-note refund ──────

-- As before, plus: a refund_failed event's failure code and message are kept, and a credit
-- note's refund settles its balance credit (private.settle_failed_refund_credit) whatever its status.
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
      best.amount, best.currency, 'pending', 'gateway event')
    returning * into v_before;
    perform audit.record('refund.record', 'refund', v_before.id::text, null, to_jsonb(v_before), v_before.tenant_id, 'gateway event');
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
    perform audit.record('refund.' || r.status, 'refund', r.id::text, to_jsonb(v_before), to_jsonb(r), r.tenant_id, 'gateway event');
  end if;
  if r.payment_id is not null then
    perform private.refresh_payment_refunds(r.payment_id);
  end if;
  perform private.settle_failed_refund_credit(r.id);
  return r;
end
$$;

-- ── payments: the applied amount is frozen ──────────────────────────────────────────────────

-- As 20261206000100, except the amount and currency of a payment whose money was applied.
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
        'gateway event names this payment');
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
    perform audit.record('payment.record', 'payment', v_before.id::text, null, to_jsonb(v_before), null, 'gateway event');
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
    perform audit.record('payment.' || p.status, 'payment', p.id::text, to_jsonb(v_before), to_jsonb(p), p.tenant_id, 'gateway event');
  end if;
  if (p.reported_amount, p.reported_currency) is distinct from (v_before.reported_amount, v_before.reported_currency)
     and p.reported_amount is not null then
    perform audit.record('payment.amount_mismatch', 'payment', p.id::text,
      jsonb_build_object('amount', p.amount, 'currency', p.currency, 'applied_amount', p.applied_amount, 'applied_to', p.applied_to),
      jsonb_build_object('reported_amount', p.reported_amount, 'reported_currency', p.reported_currency, 'event_id', best.event_id),
      p.tenant_id, 'the gateway reports another amount for a payment whose money was already applied; nothing was moved');
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

-- ── checkout: advisory lock before the row lock ─────────────────────────────────────────────

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
    update public.payments x
    set invoice_id = coalesce(x.invoice_id, p.invoice_id), tenant_id = coalesce(x.tenant_id, p.tenant_id),
        checkout_url = coalesce(attach_checkout.checkout_url, x.checkout_url), created_by = coalesce(x.created_by, p.created_by),
        updated_at = now()
    where x.id = other.id;
    delete from public.payments x where x.id = p.id;
    perform audit.record('payment.merge', 'payment', other.id::text, to_jsonb(p), to_jsonb(other), other.tenant_id,
      'checkout attached to a payment its webhook created first');
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

-- ── manual payments: a concurrent duplicate reference is billing.duplicate_reference ────────

create or replace function public.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
  p public.payments;
  v_constraint text;
begin
  perform private.assert_permission('billing.write');
  if coalesce(btrim(record_manual_payment.reference), '') = '' or length(record_manual_payment.reference) > 200 then
    perform private.billing_fail('22023', 'invalid_reference', 'the bank reference must be 1 to 200 characters',
      'the transfer reference on the bank statement');
  end if;
  if coalesce(length(btrim(record_manual_payment.reason)), 0) < 3 then
    perform private.billing_fail('22023', 'reason_required', 'say why (at least 3 characters)', 'e.g. "bank transfer received 23 Nov"');
  end if;
  select * into inv from public.invoices i where i.id = record_manual_payment.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  if inv.status not in ('open', 'uncollectible') or inv.amount_due <= 0 then
    perform private.billing_fail('PT409', 'invoice_not_payable', format('invoice %s is %s with %s due',
      coalesce(inv.number, inv.id::text), inv.status, inv.amount_due), 'only an open or uncollectible invoice with an amount due');
  end if;
  if amount is null or amount <= 0 or amount <> private.round_money(amount, inv.currency) then
    perform private.billing_fail('22023', 'invalid_amount', format('amount must be > 0 with at most %s decimals',
      (select c.minor_unit from public.currencies c where c.code = inv.currency)), format('in %s', inv.currency));
  end if;
  if amount > inv.amount_due then
    perform private.billing_fail('PT409', 'overpayment', format('amount %s exceeds the %s due', amount, inv.amount_due),
      'record at most the amount due');
  end if;
  if exists (select from public.payments x where x.gateway = 'manual' and x.gateway_payment_id = btrim(record_manual_payment.reference)) then
    perform private.billing_fail('PT409', 'duplicate_reference', format('a payment with reference %s is already recorded', btrim(record_manual_payment.reference)),
      'check the payments list; each transfer is recorded once');
  end if;
  -- A concurrent call with the same reference (another invoice: the invoice lock does not serialise
  -- them) passed the check above too; its insert waits for ours and then hits the unique key.
  begin
    insert into public.payments (invoice_id, tenant_id, gateway, gateway_payment_id, reference, amount, currency, status, created_by)
    values (inv.id, inv.tenant_id, 'manual', btrim(record_manual_payment.reference), btrim(record_manual_payment.reference), amount, inv.currency, 'succeeded', auth.uid())
    returning * into p;
  exception when unique_violation then
    get stacked diagnostics v_constraint = constraint_name;
    if v_constraint is distinct from 'payments_gateway_gateway_payment_id_key' then
      raise;
    end if;
    perform private.billing_fail('PT409', 'duplicate_reference', format('a payment with reference %s is already recorded', btrim(record_manual_payment.reference)),
      'check the payments list; each transfer is recorded once');
  end;
  perform audit.record('payment.record_manual', 'payment', p.id::text, null, to_jsonb(p), p.tenant_id, btrim(record_manual_payment.reason));
  p := private.apply_payment_money(p.id);
  select * into inv from public.invoices i where i.id = inv.id;
  return jsonb_build_object('payment_id', p.id, 'invoice_id', inv.id, 'invoice_status', inv.status, 'amount_due', inv.amount_due,
    'amount', p.amount, 'currency', p.currency);
end
$$;

-- ── grants ──────────────────────────────────────────────────────────────────────────────────

revoke execute on function private.settle_failed_refund_credit(uuid), private.sync_gateway_refund(text, text),
  private.sync_gateway_payment(text, text) from public, anon, authenticated;
revoke execute on function public.fail_refund(uuid, text, text), public.attach_checkout(uuid, text, text) from public, anon, authenticated;
grant execute on function public.fail_refund(uuid, text, text), public.attach_checkout(uuid, text, text) to service_role;
revoke execute on function public.record_manual_payment(uuid, numeric, text, text) from public, anon;
grant execute on function public.record_manual_payment(uuid, numeric, text, text) to authenticated, service_role;
