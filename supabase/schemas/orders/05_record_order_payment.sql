-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.record_order_payment, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.record_order_payment(order_id uuid, amount numeric, reference text DEFAULT NULL::text, allow_overpayment boolean DEFAULT false) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.record_order_payment(order_id, amount, reference, allow_overpayment) $$;

CREATE FUNCTION private.record_order_payment(order_id uuid, amount numeric, reference text DEFAULT NULL::text, allow_overpayment boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
  v_after public.orders;
  v_due numeric;
  v_payment uuid;
begin
  o := private.order_for_fact(record_order_payment.order_id, 'payments');
  perform private.assert_text_size(reference, 'the payment reference', 'reference');
  if amount is null or amount <= 0 or amount <> round(amount, 3) or amount > 99999999999.999 then
    perform private.fail('order.invalid_payment_amount', format('a payment is a positive amount with at most 3 decimals, not %s', coalesce(amount::text, 'null')));
  end if;
  v_due := greatest(o.amount_total - o.amount_paid, 0);
  if amount > v_due and not coalesce(allow_overpayment, false) then
    perform private.fail('order.overpayment', format('%s %s is more than the %s %s still due', amount, o.currency, v_due, o.currency));
  end if;
  insert into public.order_payments (order_id, tenant_id, amount, currency, overpayment, reference, recorded_by, impersonation_id)
  values (o.id, o.tenant_id, amount, o.currency, amount > v_due, nullif(btrim(reference), ''), auth.uid(),
          private.current_impersonation_id(o.tenant_id))
  returning id into v_payment;
  update public.orders x set amount_paid = x.amount_paid + record_order_payment.amount,
                             paid = x.amount_paid + record_order_payment.amount >= x.amount_total
  where x.id = o.id
  returning * into v_after;
  perform audit.record('order.record_payment', 'order', o.id::text,
    jsonb_build_object('amount_paid', o.amount_paid, 'paid', o.paid),
    jsonb_build_object('amount_paid', v_after.amount_paid, 'paid', v_after.paid, 'payment_id', v_payment, 'amount', amount,
                       'overpayment', amount > v_due),
    o.tenant_id, nullif(btrim(reference), ''));
  return jsonb_build_object('order_id', o.id, 'payment_id', v_payment, 'amount_paid', v_after.amount_paid,
                            'amount_due', greatest(v_after.amount_total - v_after.amount_paid, 0), 'paid', v_after.paid);
end
$$;

REVOKE ALL ON FUNCTION public.record_order_payment(order_id uuid, amount numeric, reference text, allow_overpayment boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.record_order_payment(order_id uuid, amount numeric, reference text, allow_overpayment boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.record_order_payment(order_id uuid, amount numeric, reference text, allow_overpayment boolean) TO authenticated;
GRANT ALL ON FUNCTION public.record_order_payment(order_id uuid, amount numeric, reference text, allow_overpayment boolean) TO service_role;

COMMENT ON FUNCTION public.record_order_payment(order_id uuid, amount numeric, reference text, allow_overpayment boolean) IS 'Records a payment on an order (owner, admin, operator, full impersonation); refuses more than is due unless allow_overpayment.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.record_order_payment(order_id uuid, amount numeric, reference text, allow_overpayment boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.record_order_payment(order_id uuid, amount numeric, reference text, allow_overpayment boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION private.record_order_payment(order_id uuid, amount numeric, reference text, allow_overpayment boolean) TO authenticated;
GRANT ALL ON FUNCTION private.record_order_payment(order_id uuid, amount numeric, reference text, allow_overpayment boolean) TO service_role;
