CREATE FUNCTION private.cancel_pending_checkouts(invoice_id uuid, older_than timestamp with time zone, code text, message text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before public.payments;
  v_after public.payments;
  n int := 0;
begin
  for v_before in
    select * from public.payments x
    where x.status = 'pending' and x.gateway <> 'manual'
      and (cancel_pending_checkouts.invoice_id is null or x.invoice_id = cancel_pending_checkouts.invoice_id)
      and (cancel_pending_checkouts.older_than is null or x.created_at < cancel_pending_checkouts.older_than)
      and (cancel_pending_checkouts.invoice_id is not null or cancel_pending_checkouts.older_than is not null)
      and (x.gateway_payment_id is null
           or not exists (select from public.payment_events e where e.gateway = x.gateway and e.object_id = x.gateway_payment_id))
      and not exists (select from public.payment_events e where e.gateway = x.gateway and e.payment_id = x.id)
    order by x.created_at, x.id
    for update of x skip locked
  loop
    update public.payments x
    set status = 'cancelled', cancelled_at = private.now(), failure_code = cancel_pending_checkouts.code,
        failure_message = cancel_pending_checkouts.message, updated_at = now()
    where x.id = v_before.id
    returning * into v_after;
    perform audit.record('payment.cancel', 'payment', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after), v_after.tenant_id,
      cancel_pending_checkouts.message);
    n := n + 1;
  end loop;
  return n;
end
$$;

REVOKE ALL ON FUNCTION private.cancel_pending_checkouts(invoice_id uuid, older_than timestamp with time zone, code text, message text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.cancel_pending_checkouts(invoice_id uuid, older_than timestamp with time zone, code text, message text) FROM PUBLIC;
