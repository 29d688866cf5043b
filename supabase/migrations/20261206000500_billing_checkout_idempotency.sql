-- Billing (C7): idempotent checkouts, so a retried dunning charge cannot charge the card twice.
--
-- A dunning retry (job billing.retry_payment → payments-checkout, action 'charge') called
-- begin_checkout on every attempt of the job: each attempt made a new pending payment (superseding
-- the previous one) and so sent the gateway a new idempotency key (`job:<job_id>:<payment id>`).
-- When attempt 1 reached the gateway and the card was charged but something after it failed
-- (attach_checkout, complete_job, a timeout on the gateway's answer → cancel_checkout), attempt 2
-- charged the card again; the second payment's money ended up on the customer balance.
--
-- Now begin_checkout takes an optional idempotency key (payments-checkout passes `job:<job_id>`):
--  * the first call with a key makes the payment and records the key on it (payments.idempotency_key,
--    unique);
--  * a later call with the same key for the same invoice returns THAT payment (same payment_id,
--    amount and amount_minor, whatever the invoice's amount due is now), supersedes nothing and
--    creates nothing; 'reused' = true, with the payment's status and gateway payment id, so the
--    caller can tell whether the gateway already answered for it;
--  * if that payment was cancelled by our own failed gateway call (cancel_checkout,
--    failure_code 'checkout_failed'), it is reopened to 'pending' (audited 'payment.reopen'): the
--    gateway may have charged it after all, and the retry with the same gateway idempotency key
--    gets the gateway's original answer. A payment cancelled for another reason (superseded by a
--    newer checkout, expired) is returned as it is: a newer checkout owns the invoice now;
--  * a key already used for another invoice, or with another gateway, is refused:
--    PT409 billing.idempotency_key_reused. A key must be 1 to 200 characters, not blank
--    (22023 billing.invalid_idempotency_key).
-- Without a key nothing changes: a new pending payment that supersedes the invoice's earlier
-- unreported checkouts.
--
-- Also: an uncollectible (written-off) invoice with an amount due can be checked out, as it can
-- be paid by bank transfer and as the apply path already accepts gateway payments for it (a
-- written-off, suspended tenant pays by card to come back).
--
-- The signature changes (a third parameter), so the two-argument function is dropped and the
-- grants of 20261123001220_billing_payments.sql re-applied: PostgREST sees one begin_checkout.

alter table public.payments add column if not exists idempotency_key text
  check (idempotency_key is null or (length(idempotency_key) between 1 and 200 and btrim(idempotency_key) <> ''));
create unique index if not exists payments_idempotency_key_idx on public.payments (idempotency_key)
  where idempotency_key is not null;

drop function if exists public.begin_checkout(uuid, text);

-- A payment attempt for an open or uncollectible invoice with an amount due: staff with
-- billing.write, the invoice tenant's owner or admin, or the service role (payments-checkout).
-- amount_minor is what card gateways take. With idempotency_key: one payment per key (see above).
create function public.begin_checkout(invoice_id uuid, gateway text default null, idempotency_key text default null)
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
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    perform private.billing_fail('PT401', 'not_signed_in', 'sign in first', 'send a valid access token');
  end if;
  if begin_checkout.idempotency_key is not null
     and (btrim(begin_checkout.idempotency_key) = '' or length(begin_checkout.idempotency_key) > 200) then
    perform private.billing_fail('22023', 'invalid_idempotency_key', 'the idempotency key must be 1 to 200 characters and not blank',
      'e.g. job:<job id>, the same on every retry of one attempt to pay');
  end if;
  select * into inv from public.invoices i where i.id = begin_checkout.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  if not (private.is_trusted_caller() or private.has_permission('billing.write')
          or inv.tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))) then
    perform private.billing_fail('PT403', 'forbidden', 'only the tenant''s owner or admin, or billing staff, may pay this invoice',
      'sign in as the tenant owner');
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
        'the same checkout retried (idempotency key): the failed gateway call may have been taken');
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

revoke execute on function public.begin_checkout(uuid, text, text) from public, anon;
grant execute on function public.begin_checkout(uuid, text, text) to authenticated, service_role;
