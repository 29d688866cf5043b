-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.void_invoice, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.void_invoice(invoice_id uuid, reason text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.void_invoice(invoice_id, reason) $$;

CREATE FUNCTION private.void_invoice(invoice_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
  now_at timestamptz := private.now();
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  select * into inv from public.invoices i where i.id = void_invoice.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status not in ('draft', 'open') then
    perform private.fail('billing.invoice_not_voidable', format('invoice %s is %s: only a draft or open invoice can be voided', coalesce(inv.number, inv.id::text), inv.status),
      case when inv.status = 'paid' then 'issue a credit note instead' else 'nothing to do' end);
  end if;
  if inv.amount_paid > 0 then
    perform private.fail('billing.invoice_has_payments', format('invoice %s has payments of %s', inv.number, inv.amount_paid));
  end if;
  if exists (select from public.credit_notes n where n.invoice_id = inv.id and n.status = 'issued') then
    perform private.fail('billing.invoice_has_credit_notes', format('invoice %s has credit notes: voiding it would take the credited amount off twice', inv.number));
  end if;
  if inv.balance_applied > 0 then
    update public.billing_profiles b set balance = b.balance + inv.balance_applied, updated_at = now_at where b.tenant_id = inv.tenant_id;
    insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id)
    values (inv.tenant_id, inv.balance_applied, inv.currency, 'returned from voided invoice ' || inv.number, inv.id);
  end if;
  -- the overage becomes billable again
  update public.limit_breaches b set billed_at = null
  where b.id in (select x::bigint from public.invoice_lines l, jsonb_array_elements_text(l.source -> 'breach_ids') x
                 where l.invoice_id = inv.id and l.kind = 'overage');
  update public.invoices i set status = 'void', voided_at = now_at, amount_due = 0, updated_at = now_at where i.id = inv.id;
  perform audit.record('invoice.void', 'invoice', inv.id::text, jsonb_build_object('status', inv.status, 'amount_due', inv.amount_due),
    jsonb_build_object('status', 'void', 'amount_due', 0), inv.tenant_id, reason);
  perform private.emit_invoice_event('invoice.voided', (select i from public.invoices i where i.id = inv.id));  -- integrations
  return private.invoice_json(inv.id);
end
$$;

REVOKE ALL ON FUNCTION public.void_invoice(invoice_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.void_invoice(invoice_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.void_invoice(invoice_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.void_invoice(invoice_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.void_invoice(invoice_id uuid, reason text) IS 'Voids an open invoice: nothing is owed any more (billing.write, with a reason code; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.void_invoice(invoice_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.void_invoice(invoice_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.void_invoice(invoice_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.void_invoice(invoice_id uuid, reason text) TO service_role;
