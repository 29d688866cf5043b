-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.record_manual_payment, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.record_manual_payment(invoice_id, amount, reference, reason) $$;

CREATE FUNCTION private.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
  p public.payments;
  v_constraint text;
begin
  perform private.assert_permission('billing.write');
  if coalesce(btrim(record_manual_payment.reference), '') = '' or length(record_manual_payment.reference) > 200 then
    perform private.fail('billing.invalid_reference', 'the bank reference must be 1 to 200 characters');
  end if;
  if coalesce(length(btrim(record_manual_payment.reason)), 0) < 3 then
    perform private.fail('billing.reason_required', 'say why (at least 3 characters)', 'e.g. "bank transfer received 23 Nov"');
  end if;
  select * into inv from public.invoices i where i.id = record_manual_payment.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status not in ('open', 'uncollectible') or inv.amount_due <= 0 then
    perform private.fail('billing.invoice_not_payable', format('invoice %s is %s with %s due',
      coalesce(inv.number, inv.id::text), inv.status, inv.amount_due),
      'only an open or uncollectible invoice with an amount due');
  end if;
  if amount is null or amount <= 0 or amount <> private.round_money(amount, inv.currency) then
    perform private.fail('billing.invalid_amount', format('amount must be > 0 with at most %s decimals',
      (select c.minor_unit from public.currencies c where c.code = inv.currency)),
      format('in %s', inv.currency));
  end if;
  if amount > inv.amount_due then
    perform private.fail('billing.overpayment', format('amount %s exceeds the %s due', amount, inv.amount_due));
  end if;
  if exists (select from public.payments x where x.gateway = 'manual' and x.gateway_payment_id = btrim(record_manual_payment.reference)) then
    perform private.fail('billing.duplicate_reference', format('a payment with reference %s is already recorded', btrim(record_manual_payment.reference)));
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
    perform private.fail('billing.duplicate_reference', format('a payment with reference %s is already recorded', btrim(record_manual_payment.reference)));
  end;
  perform audit.record('payment.record_manual', 'payment', p.id::text, null, to_jsonb(p), p.tenant_id, btrim(record_manual_payment.reason));
  p := private.apply_payment_money(p.id);
  select * into inv from public.invoices i where i.id = inv.id;
  return jsonb_build_object('payment_id', p.id, 'invoice_id', inv.id, 'invoice_status', inv.status, 'amount_due', inv.amount_due,
    'amount', p.amount, 'currency', p.currency);
end
$$;

REVOKE ALL ON FUNCTION public.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) TO service_role;

COMMENT ON FUNCTION public.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) IS 'Records a payment received outside the gateways (bank transfer, cash) against an invoice (billing.write, with a reference and reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) TO service_role;
