CREATE FUNCTION public.start_invoice_run() RETURNS jsonb
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
