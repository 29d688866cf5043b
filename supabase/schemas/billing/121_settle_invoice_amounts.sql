CREATE FUNCTION private.settle_invoice_amounts(invoice_id uuid, reason text DEFAULT NULL::text) RETURNS public.invoices
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before public.invoices;
  v_after public.invoices;
begin
  select * into v_before from public.invoices i where i.id = settle_invoice_amounts.invoice_id for update;
  if v_before.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  perform private.recompute_invoice_amounts(v_before.id);
  update public.invoices i
  set status = 'paid', paid_at = coalesce(i.paid_at, private.now()), updated_at = now()
  where i.id = v_before.id and i.status in ('open', 'uncollectible') and i.amount_due = 0;
  select * into v_after from public.invoices i where i.id = v_before.id;
  if v_after.status = 'paid' and v_before.status <> 'paid' then
    perform audit.record('invoice.pay', 'invoice', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after), v_after.tenant_id,
      settle_invoice_amounts.reason);
    perform private.emit_invoice_event('invoice.paid', v_after);  -- integrations
  end if;
  return v_after;
end
$$;

REVOKE ALL ON FUNCTION private.settle_invoice_amounts(invoice_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.settle_invoice_amounts(invoice_id uuid, reason text) FROM PUBLIC;
