-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.record_scan, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.record_scan(order_id uuid, status text, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.record_scan(order_id, status, note) $$;

CREATE FUNCTION private.record_scan(order_id uuid, status text, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
begin
  o := private.order_for_fact(record_scan.order_id, 'scans');
  perform private.assert_text_size(note, 'the scan note', 'note');
  if status is null or status not in ('ok', 'failed') then
    perform private.fail('order.invalid_scan_status', format('a scan result is ok or failed, not %s', coalesce(status, 'null')));
  end if;
  update public.orders x set scan_status = record_scan.status where x.id = o.id;
  perform audit.record('order.record_scan', 'order', o.id::text, jsonb_build_object('scan_status', o.scan_status),
    jsonb_build_object('scan_status', status), o.tenant_id, nullif(btrim(note), ''));
  return jsonb_build_object('order_id', o.id, 'scan_status', status);
end
$$;

REVOKE ALL ON FUNCTION public.record_scan(order_id uuid, status text, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.record_scan(order_id uuid, status text, note text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.record_scan(order_id uuid, status text, note text) TO authenticated;
GRANT ALL ON FUNCTION public.record_scan(order_id uuid, status text, note text) TO service_role;

COMMENT ON FUNCTION public.record_scan(order_id uuid, status text, note text) IS 'Records the items scan result (ok or failed) of an order.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.record_scan(order_id uuid, status text, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.record_scan(order_id uuid, status text, note text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.record_scan(order_id uuid, status text, note text) TO authenticated;
GRANT ALL ON FUNCTION private.record_scan(order_id uuid, status text, note text) TO service_role;
