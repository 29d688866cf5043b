-- Billing (C6, C7): review fixes for payments, credit notes and dunning. Each function below
-- replaces the one of the same name in 20261123001220_billing_payments.sql or
-- 20261123001230_billing_dunning.sql; what changed and why is said next to the change.
--
-- * issue_credit_note: a customer_balance credit note for an OPEN invoice is capped at what has
--   been paid on it (billing.over_credit); before, an unpaid invoice could be credited in full to
--   the balance and still be due, with nothing left to credit.
-- * refresh_payment_refunds: a gateway refund (no credit note) of a payment whose money went to the
--   customer balance (invoice void / already paid, or the overpaid part) takes that money back off
--   the balance, whatever order the payment and refund events arrive in; before, the tenant kept
--   the balance and got the refund.
-- * dunning_release / job_dunning_restore_tenant: a payment reactivates the tenant only when its
--   current grace / suspension is dunning's own (its latest lifecycle change was a dunning
--   transition); an operator's later suspension or freeze is left in place.

-- ── refunds of money held on the customer balance ───────────────────────────────────────────

-- amount_refunded is the sum of the payment's succeeded refunds: counted once whatever the order.
-- A refund made at the gateway without a credit note returns the payment's money that sat on the
-- customer balance (amount − applied_amount of an applied payment) first: that much is debited
-- from the balance (once: the debits already made carry payment_id), never below 0. Refunds from a
-- credit note are the credit note's business (the invoice part) and are not debited. Called after
-- the payment's money is applied and after every refund change, so the end state does not depend
-- on which event came first.
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
    p.tenant_id, 'gateway refund of a payment held on the customer balance');
end
$$;

-- ── credit notes ────────────────────────────────────────────────────────────────────────────

create or replace function public.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
  cn public.credit_notes;
  p public.payments;
  rf public.refunds;
  v_amount numeric := issue_credit_note.amount;
  v_creditable numeric;
  v_tax_left numeric;
  v_tax numeric;
  v_total numeric;
  v_paid_left numeric;
  v_year int;
begin
  perform private.assert_permission('billing.write');
  if method is null or method not in ('reduce_amount_due', 'refund', 'customer_balance') then
    perform private.billing_fail('22023', 'invalid_method', format('unknown credit note method %s', coalesce(method, 'null')),
      'reduce_amount_due, refund or customer_balance');
  end if;
  if coalesce(length(btrim(reason)), 0) < 3 then
    perform private.billing_fail('22023', 'reason_required', 'say why (at least 3 characters)', 'e.g. "service outage 2 days"');
  end if;
  select * into inv from public.invoices i where i.id = issue_credit_note.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  if inv.status not in ('open', 'paid') then
    perform private.billing_fail('PT409', 'invoice_not_creditable', format('a %s invoice cannot be credited', inv.status),
      'only open or paid invoices');
  end if;
  select (inv.subtotal - inv.discount_total) - coalesce(sum(c.amount), 0), inv.tax_total - coalesce(sum(c.tax_amount), 0)
  into v_creditable, v_tax_left
  from public.credit_notes c where c.invoice_id = inv.id and c.status = 'issued';
  v_amount := coalesce(v_amount, v_creditable);
  if v_amount <= 0 or v_amount <> private.round_money(v_amount, inv.currency) then
    perform private.billing_fail('22023', 'invalid_amount', 'the amount must be > 0 in the invoice currency''s minor unit',
      format('at most %s decimals in %s', (select c.minor_unit from public.currencies c where c.code = inv.currency), inv.currency));
  end if;
  if v_amount > v_creditable then
    perform private.billing_fail('PT409', 'over_credit', format('only %s (before tax) is left to credit on this invoice', v_creditable),
      'credit at most what remains');
  end if;
  v_tax := case when inv.tax_total = 0 then 0
                when v_amount = v_creditable then greatest(v_tax_left, 0)
                else least(private.round_money(v_amount * inv.tax_rate / 100, inv.currency), greatest(v_tax_left, 0)) end;
  v_total := v_amount + v_tax;

  -- An open invoice has only been paid in part (or not at all): credit to the balance only what was
  -- paid (amount_paid + balance_applied, less what earlier balance / refund credit notes gave back).
  -- Without this cap an unpaid invoice could be credited in full to the balance and then stay due
  -- with nothing left to credit: the tenant held the money twice.
  if method = 'customer_balance' and inv.status = 'open' then
    select inv.amount_paid + inv.balance_applied - coalesce(sum(c.total), 0) into v_paid_left
    from public.credit_notes c
    where c.invoice_id = inv.id and c.status = 'issued' and c.method in ('customer_balance', 'refund');
    if v_total > v_paid_left then
      perform private.billing_fail('PT409', 'over_credit',
        format('only %s of this open invoice was paid and can go to the balance (the credit is %s with tax)', greatest(v_paid_left, 0), v_total),
        'use reduce_amount_due for the part not yet paid');
    end if;
  end if;

  if method = 'reduce_amount_due' then
    if inv.status <> 'open' then
      perform private.billing_fail('PT409', 'method_not_allowed', 'reduce_amount_due is for open invoices',
        'for a paid invoice use refund or customer_balance');
    end if;
    if v_total > inv.amount_due then
      perform private.billing_fail('PT409', 'over_credit', format('the credit (%s with tax) exceeds the %s due', v_total, inv.amount_due),
        'use customer_balance for the part already paid');
    end if;
  elsif method = 'refund' then
    if inv.status <> 'paid' then
      perform private.billing_fail('PT409', 'method_not_allowed', 'refund is for paid invoices',
        'for an open invoice use reduce_amount_due');
    end if;
    select * into p from public.payments x
    where x.invoice_id = inv.id and x.status = 'succeeded' and x.gateway <> 'manual' and x.gateway_payment_id is not null
      and x.amount - x.amount_refunded - coalesce((select sum(r.amount) from public.refunds r
                                                  where r.payment_id = x.id and r.status = 'pending'), 0) >= v_total
    order by x.created_at desc, x.id
    limit 1
    for update;
    if p.id is null then
      perform private.billing_fail('PT409', 'no_refundable_payment', 'no gateway payment of this invoice can refund that much',
        'use customer_balance, or refund a bank transfer outside the system');
    end if;
  end if;

  v_year := extract(year from (private.now() at time zone inv.timezone))::int;
  insert into public.credit_notes (number, invoice_id, tenant_id, currency, amount, tax_amount, total, method, reason, created_by)
  values (format('CN-%s-%s', v_year, lpad(private.next_document_number('credit_note', v_year)::text, 6, '0')),
    inv.id, inv.tenant_id, inv.currency, v_amount, v_tax, v_total, method, btrim(reason), auth.uid())
  returning * into cn;
  perform audit.record('credit_note.issue', 'credit_note', cn.id::text, null, to_jsonb(cn), cn.tenant_id, cn.reason);

  if method = 'reduce_amount_due' then
    update public.invoices i set amount_credited = i.amount_credited + v_total, updated_at = now() where i.id = inv.id;
    perform private.settle_invoice_amounts(inv.id, 'credit note ' || cn.number);
  elsif method = 'refund' then
    rf.id := extensions.gen_random_uuid();
    insert into public.refunds (id, payment_id, gateway, gateway_refund_id, gateway_payment_id, invoice_id, tenant_id, credit_note_id,
      amount, currency, status, reason)
    values (rf.id, p.id, p.gateway, 'cmx_' || rf.id, p.gateway_payment_id, inv.id, inv.tenant_id, cn.id, v_total, inv.currency,
      'pending', cn.reason)
    returning * into rf;
    perform audit.record('refund.request', 'refund', rf.id::text, null, to_jsonb(rf), rf.tenant_id, cn.reason);
    perform private.enqueue('billing', 'billing.refund_payment',
      jsonb_build_object('action', 'refund', 'refund_id', rf.id, 'gateway', rf.gateway, 'gateway_payment_id', rf.gateway_payment_id,
        'amount', rf.amount, 'currency', rf.currency),
      'refund:' || rf.id);
  else
    perform private.credit_customer_balance(inv.tenant_id, v_total, inv.currency, 'credit note ' || cn.number, inv.id, cn.id, null);
  end if;

  select * into inv from public.invoices i where i.id = inv.id;
  return to_jsonb(cn) || jsonb_build_object('refund_id', rf.id, 'invoice_status', inv.status, 'amount_due', inv.amount_due);
end
$$;


-- ── dunning: release only what dunning placed ───────────────────────────────────────────────

-- Whether the tenant's current status is dunning's doing: its latest lifecycle change was a
-- dunning enter_grace or suspend (private.dunning_hold_tenant's reason starts with 'dunning:').
create or replace function private.dunning_placed_tenant_status(tenant_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return coalesce((select h.action in ('enter_grace', 'suspend') and coalesce(h.reason, '') like 'dunning:%'
                   from public.tenant_status_history h
                   where h.tenant_id = dunning_placed_tenant_status.tenant_id
                   order by h.id desc limit 1), false);
end
$$;

create or replace function private.dunning_release(c public.dunning_cases, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  v_tenant_status text;
  v_out jsonb := '{}';
begin
  if c.held_subscription and not exists (select from public.dunning_cases x
                                          where x.subscription_id = c.subscription_id and x.held_subscription and x.id <> c.id) then
    select * into s from public.subscriptions x where x.id = c.subscription_id for update;
    if s.status in ('past_due', 'suspended') then
      update public.subscriptions x set status = 'active', status_changed_at = private.now(), updated_at = now() where x.id = s.id;
      perform audit.record('subscription.restore', 'subscription', s.id::text, jsonb_build_object('status', s.status),
        jsonb_build_object('status', 'active'), s.tenant_id, dunning_release.reason);
      v_out := v_out || jsonb_build_object('subscription', 'active');
    end if;
  end if;
  if c.held_tenant and not exists (select from public.dunning_cases x where x.tenant_id = c.tenant_id and x.held_tenant and x.id <> c.id) then
    select t.status into v_tenant_status from public.tenants t where t.id = c.tenant_id;
    -- Only the hold dunning placed: an operator who suspended or froze the tenant since (abuse,
    -- retention) keeps it there; dunning itself never freezes.
    if v_tenant_status in ('grace', 'suspended') and not private.dunning_placed_tenant_status(c.tenant_id) then
      v_out := v_out || jsonb_build_object('tenant', 'untouched', 'tenant_status', v_tenant_status);
    elsif v_tenant_status in ('grace', 'suspended') then
      begin
        perform private.transition_tenant(c.tenant_id, 'reactivate', dunning_release.reason);
        v_out := v_out || jsonb_build_object('tenant', 'active');
      exception when others then
        -- The payment must never fail because of the tenant: a job retries as a trusted caller.
        perform private.enqueue('lifecycle', 'billing.dunning_restore_tenant',
          jsonb_build_object('tenant_id', c.tenant_id, 'reason', dunning_release.reason), 'dunning_restore:' || c.id);
        v_out := v_out || jsonb_build_object('tenant', 'restore_enqueued', 'error', sqlerrm);
      end;
    end if;
  end if;
  update public.dunning_cases x set held_subscription = false, held_tenant = false where x.id = c.id;
  return v_out;
end
$$;

create or replace function private.job_dunning_restore_tenant(payload jsonb, job jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_tenant uuid := (payload ->> 'tenant_id')::uuid;
begin
  if (select t.status from public.tenants t where t.id = v_tenant) in ('grace', 'suspended')
     and private.dunning_placed_tenant_status(v_tenant)
     and not exists (select from public.dunning_cases x where x.tenant_id = v_tenant and x.held_tenant) then
    perform private.transition_tenant(v_tenant, 'reactivate', coalesce(payload ->> 'reason', 'payment received'));
  end if;
end
$$;

revoke execute on function private.refresh_payment_refunds(uuid), private.dunning_placed_tenant_status(uuid),
  private.dunning_release(public.dunning_cases, text), private.job_dunning_restore_tenant(jsonb, jsonb)
  from public, anon, authenticated;
revoke execute on function public.issue_credit_note(uuid, numeric, text, text) from public, anon;
grant execute on function public.issue_credit_note(uuid, numeric, text, text) to authenticated, service_role;
