-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.cancel_checkout, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.cancel_checkout(payment_id uuid, reason text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.cancel_checkout(payment_id, reason) $$;

CREATE FUNCTION private.cancel_checkout(payment_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before public.payments;
  v_after public.payments;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.fail('billing.forbidden', 'only the payments-checkout function may cancel a checkout');
  end if;
  if coalesce(length(btrim(cancel_checkout.reason)), 0) < 3 or length(cancel_checkout.reason) > 1000 then
    perform private.fail('billing.reason_required', 'say why (3 to 1000 characters)', 'e.g. "gateway call failed: timeout"');
  end if;
  select * into v_before from public.payments x where x.id = cancel_checkout.payment_id for update;
  if v_before.id is null then
    perform private.fail('billing.payment_not_found', 'no such payment', 'check the payment id');
  end if;
  if v_before.status = 'cancelled' then
    return jsonb_build_object('payment_id', v_before.id, 'status', v_before.status, 'changed', false);
  end if;
  if v_before.status <> 'pending' or v_before.gateway = 'manual' then
    perform private.fail('billing.payment_not_pending', format('the payment is %s', v_before.status));
  end if;
  update public.payments x
  set status = 'cancelled', cancelled_at = private.now(), failure_code = 'checkout_failed',
      failure_message = btrim(cancel_checkout.reason), updated_at = now()
  where x.id = v_before.id
  returning * into v_after;
  perform audit.record('payment.cancel', 'payment', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after), v_after.tenant_id,
    btrim(cancel_checkout.reason));
  return jsonb_build_object('payment_id', v_after.id, 'status', v_after.status, 'changed', true);
end
$$;

REVOKE ALL ON FUNCTION public.cancel_checkout(payment_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.cancel_checkout(payment_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cancel_checkout(payment_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.cancel_checkout(payment_id uuid, reason text) IS 'Cancels a pending checkout payment (service role only: payment Edge Functions).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.cancel_checkout(payment_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.cancel_checkout(payment_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.cancel_checkout(payment_id uuid, reason text) TO service_role;
