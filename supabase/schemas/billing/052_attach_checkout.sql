-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.attach_checkout, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.attach_checkout(payment_id, gateway_payment_id, checkout_url) $$;

CREATE FUNCTION private.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.payments;
  other public.payments;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.fail('billing.forbidden', 'only the payments-checkout function may attach a checkout');
  end if;
  if attach_checkout.gateway_payment_id is null or btrim(attach_checkout.gateway_payment_id) = ''
     or length(attach_checkout.gateway_payment_id) > 200 then
    perform private.fail('billing.invalid_gateway_payment_id', 'the gateway payment id must be 1 to 200 characters');
  end if;
  if attach_checkout.checkout_url is not null and attach_checkout.checkout_url !~ '^https?://' then
    perform private.fail('billing.invalid_checkout_url', 'the checkout URL must be http(s)');
  end if;
  -- Lock order, as private.sync_gateway_payment: the gateway payment's advisory lock first, then
  -- payment rows. The row is read unlocked only to learn its gateway, then locked and read again.
  select * into p from public.payments x where x.id = attach_checkout.payment_id;
  if p.id is null then
    perform private.fail('billing.payment_not_found', 'no such payment');
  end if;
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || p.gateway || ':' || attach_checkout.gateway_payment_id));
  select * into p from public.payments x where x.id = attach_checkout.payment_id for update;
  if p.id is null then
    -- merged into another row by a concurrent attach meanwhile
    perform private.fail('billing.payment_not_found', 'no such payment');
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
    perform private.fail('billing.checkout_already_attached', 'this payment is already attached to another gateway payment');
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

REVOKE ALL ON FUNCTION public.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text) TO service_role;

COMMENT ON FUNCTION public.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text) IS 'Attaches the gateway''s checkout to a pending payment (service role, from the payments-checkout Edge Function).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text) TO service_role;
