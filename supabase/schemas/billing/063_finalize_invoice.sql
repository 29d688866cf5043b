-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.finalize_invoice, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.finalize_invoice(invoice_id uuid) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.finalize_invoice(invoice_id) $$;

CREATE FUNCTION private.finalize_invoice(invoice_id uuid) RETURNS jsonb
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

COMMENT ON FUNCTION public.finalize_invoice(invoice_id uuid) IS 'Finalizes a draft invoice: numbers it, fixes its amounts and opens it for payment (billing.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.finalize_invoice(invoice_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.finalize_invoice(invoice_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.finalize_invoice(invoice_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.finalize_invoice(invoice_id uuid) TO service_role;
