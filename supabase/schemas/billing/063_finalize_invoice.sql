CREATE FUNCTION public.finalize_invoice(invoice_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
begin
  perform private.assert_permission('billing.write');
  inv := private.finalize_invoice_core(finalize_invoice.invoice_id);
  return private.invoice_json(inv.id);
end
$$;

REVOKE ALL ON FUNCTION public.finalize_invoice(invoice_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.finalize_invoice(invoice_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.finalize_invoice(invoice_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.finalize_invoice(invoice_id uuid) TO service_role;
