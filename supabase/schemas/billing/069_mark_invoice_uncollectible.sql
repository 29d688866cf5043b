-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.mark_invoice_uncollectible, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.mark_invoice_uncollectible(invoice_id uuid, reason text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.mark_invoice_uncollectible(invoice_id, reason) $$;

CREATE FUNCTION private.mark_invoice_uncollectible(invoice_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  select * into inv from public.invoices i where i.id = mark_invoice_uncollectible.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status <> 'open' then
    perform private.fail('billing.invoice_not_open', format('invoice %s is %s: only an open invoice can be marked uncollectible', coalesce(inv.number, inv.id::text), inv.status));
  end if;
  update public.invoices i set status = 'uncollectible', uncollectible_at = private.now(), updated_at = private.now() where i.id = inv.id;
  perform audit.record('invoice.mark_uncollectible', 'invoice', inv.id::text, jsonb_build_object('status', 'open'),
    jsonb_build_object('status', 'uncollectible', 'amount_due', inv.amount_due), inv.tenant_id, reason);
  return private.invoice_json(inv.id);
end
$$;

REVOKE ALL ON FUNCTION public.mark_invoice_uncollectible(invoice_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.mark_invoice_uncollectible(invoice_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.mark_invoice_uncollectible(invoice_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.mark_invoice_uncollectible(invoice_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.mark_invoice_uncollectible(invoice_id uuid, reason text) IS 'Marks an open invoice uncollectible: it stops dunning and leaves revenue (billing.write, with a reason code; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.mark_invoice_uncollectible(invoice_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.mark_invoice_uncollectible(invoice_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.mark_invoice_uncollectible(invoice_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.mark_invoice_uncollectible(invoice_id uuid, reason text) TO service_role;
