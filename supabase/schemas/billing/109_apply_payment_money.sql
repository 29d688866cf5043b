CREATE FUNCTION private.apply_payment_money(payment_id uuid) RETURNS public.payments
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

REVOKE ALL ON FUNCTION private.apply_payment_money(payment_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.apply_payment_money(payment_id uuid) FROM PUBLIC;
