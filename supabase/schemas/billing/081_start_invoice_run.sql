-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.start_invoice_run, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.start_invoice_run() RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.start_invoice_run() $$;

CREATE FUNCTION private.start_invoice_run() RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  n int;
begin
  perform private.assert_permission('billing.write');
  n := private.enqueue_due_invoice_periods();
  perform audit.record('billing.invoice_run', 'billing', 'invoice_run', null, jsonb_build_object('enqueued', n), null, null);
  return jsonb_build_object('enqueued', n);
end
$$;

REVOKE ALL ON FUNCTION public.start_invoice_run() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.start_invoice_run() FROM PUBLIC;
GRANT ALL ON FUNCTION public.start_invoice_run() TO authenticated;
GRANT ALL ON FUNCTION public.start_invoice_run() TO service_role;

COMMENT ON FUNCTION public.start_invoice_run() IS 'Starts an invoice run now: enqueues invoicing of every subscription period that is due; returns how many ({enqueued}) (billing.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.start_invoice_run() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.start_invoice_run() FROM PUBLIC;
GRANT ALL ON FUNCTION private.start_invoice_run() TO authenticated;
GRANT ALL ON FUNCTION private.start_invoice_run() TO service_role;
