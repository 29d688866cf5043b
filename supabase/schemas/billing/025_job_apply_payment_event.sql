CREATE FUNCTION private.job_apply_payment_event(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_id bigint := (payload ->> 'payment_event_id')::bigint;
  v_status text;
  ev public.payment_events;
begin
  v_status := private.apply_payment_event(v_id);
  if v_status = 'failed' then
    select * into ev from public.payment_events e where e.id = v_id;
    if ev.attempts < 10 then
      perform private.enqueue('billing', 'billing.apply_payment_event', jsonb_build_object('payment_event_id', v_id),
        format('payment_event:%s:retry:%s', v_id, ev.attempts),
        now() + make_interval(secs => private.job_backoff_seconds(ev.attempts, 30, 3600)));
    end if;
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.job_apply_payment_event(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_apply_payment_event(payload jsonb, job jsonb) FROM PUBLIC;
