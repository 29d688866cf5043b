CREATE FUNCTION private.invoice_json(invoice_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select to_jsonb(i) || jsonb_build_object('lines', coalesce((select jsonb_agg(to_jsonb(l) - 'tenant_id' - 'invoice_id' order by l.position)
                                                             from public.invoice_lines l where l.invoice_id = i.id), '[]'))
  from public.invoices i where i.id = invoice_json.invoice_id
$$;

REVOKE ALL ON FUNCTION private.invoice_json(invoice_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.invoice_json(invoice_id uuid) FROM PUBLIC;
