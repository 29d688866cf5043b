CREATE FUNCTION private.apply_payment_event(payment_event_id bigint) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  ev public.payment_events;
  v_message text;
  v_detail text;
begin
  select * into ev from public.payment_events e where e.id = apply_payment_event.payment_event_id for update;
  if ev.id is null then
    perform private.fail('billing.event_not_found', format('no payment event %s', apply_payment_event.payment_event_id));
  end if;
  if ev.kind is null then
    update public.payment_events e set status = 'ignored' where e.id = ev.id and e.status <> 'ignored';
    return 'ignored';
  end if;
  begin
    if ev.kind like 'payment_%' then
      perform private.sync_gateway_payment(ev.gateway, ev.object_id);
    else
      perform private.sync_gateway_refund(ev.gateway, ev.refund_id);
    end if;
  exception when others then
    get stacked diagnostics v_message = message_text, v_detail = pg_exception_detail;
    update public.payment_events e
    set status = 'failed', attempts = e.attempts + 1,
        last_error = left(v_message || coalesce(' (' || nullif(v_detail, '') || ')', ''), 2000)
    where e.id = ev.id;
    return 'failed';
  end;
  update public.payment_events e
  set status = 'applied', attempts = e.attempts + 1, last_error = null, applied_at = now()
  where e.id = ev.id;
  return 'applied';
end
$$;

REVOKE ALL ON FUNCTION private.apply_payment_event(payment_event_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.apply_payment_event(payment_event_id bigint) FROM PUBLIC;
