-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.begin_checkout, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.begin_checkout(invoice_id uuid, gateway text DEFAULT NULL::text, idempotency_key text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.begin_checkout(invoice_id, gateway, idempotency_key) $$;

CREATE FUNCTION private.begin_checkout(invoice_id uuid, gateway text DEFAULT NULL::text, idempotency_key text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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
    perform private.fail('billing.not_signed_in', 'sign in first');
  end if;
  if begin_checkout.idempotency_key is not null
     and (btrim(begin_checkout.idempotency_key) = '' or length(begin_checkout.idempotency_key) > 200) then
    perform private.fail('billing.invalid_idempotency_key', 'the idempotency key must be 1 to 200 characters and not blank');
  end if;
  -- The caller's right first, read without a lock (an invoice's tenant never changes): a caller who
  -- may not pay it gets one answer whether the invoice exists or not, and locks nothing.
  select i.tenant_id into v_tenant from public.invoices i where i.id = begin_checkout.invoice_id;
  if not (private.is_trusted_caller() or private.has_permission('billing.write')
          or (v_tenant is not null and v_tenant in (select private.my_tenant_ids_with_role(array['owner', 'admin'])))) then
    perform private.fail('billing.forbidden', 'only the tenant''s owner or admin, or billing staff, may pay this invoice',
      'sign in as the tenant owner');
  end if;
  select * into inv from public.invoices i where i.id = begin_checkout.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  -- The invoice row is locked: calls for one invoice are serialised, so a key is looked up after any
  -- earlier call with it has committed. (Calls with one key for two invoices meet at the unique index.)
  if begin_checkout.idempotency_key is not null then
    select * into v_keyed from public.payments x where x.idempotency_key = begin_checkout.idempotency_key for update;
    if v_keyed.id is not null and v_keyed.invoice_id is distinct from inv.id then
      perform private.fail('billing.idempotency_key_reused', 'this idempotency key was used for another invoice');
    end if;
  end if;
  if inv.status not in ('open', 'uncollectible') or inv.amount_due <= 0 then
    perform private.fail('billing.invoice_not_payable', format('invoice %s is %s with %s due', coalesce(inv.number, inv.id::text),
      inv.status, inv.amount_due));
  end if;
  v_gateway := coalesce(nullif(begin_checkout.gateway, ''), v_keyed.gateway,
                        (select b.preferred_gateway from public.billing_profiles b where b.tenant_id = inv.tenant_id), 'stripe');
  if v_gateway not in ('stripe', 'paytabs', 'hyperpay') then
    perform private.fail('billing.unknown_gateway', format('unknown gateway %s', v_gateway));
  end if;
  select c.minor_unit into v_minor from public.currencies c where c.code = inv.currency;

  if v_keyed.id is not null then
    if v_keyed.gateway <> v_gateway then
      perform private.fail('billing.idempotency_key_reused', format('this idempotency key was used with %s', v_keyed.gateway),
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
      perform private.fail('billing.idempotency_key_reused', 'this idempotency key was used for another invoice');
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

REVOKE ALL ON FUNCTION public.begin_checkout(invoice_id uuid, gateway text, idempotency_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.begin_checkout(invoice_id uuid, gateway text, idempotency_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.begin_checkout(invoice_id uuid, gateway text, idempotency_key text) TO authenticated;
GRANT ALL ON FUNCTION public.begin_checkout(invoice_id uuid, gateway text, idempotency_key text) TO service_role;

COMMENT ON FUNCTION public.begin_checkout(invoice_id uuid, gateway text, idempotency_key text) IS 'Starts paying an invoice through a gateway (tenant owner/admin or billing.write; the right is checked before the invoice is read); one payment per idempotency key.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.begin_checkout(invoice_id uuid, gateway text, idempotency_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.begin_checkout(invoice_id uuid, gateway text, idempotency_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.begin_checkout(invoice_id uuid, gateway text, idempotency_key text) TO authenticated;
GRANT ALL ON FUNCTION private.begin_checkout(invoice_id uuid, gateway text, idempotency_key text) TO service_role;
