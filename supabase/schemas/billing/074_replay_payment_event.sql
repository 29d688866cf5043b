-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.replay_payment_event, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.replay_payment_event(payment_event_id bigint) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.replay_payment_event(payment_event_id) $$;

CREATE FUNCTION private.replay_payment_event(payment_event_id bigint) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_status text;
begin
  perform private.assert_permission('billing.write');
  v_status := private.apply_payment_event(replay_payment_event.payment_event_id);
  perform audit.record('payment_event.replay', 'payment_event', replay_payment_event.payment_event_id::text, null,
    jsonb_build_object('status', v_status), null, null);
  return jsonb_build_object('id', replay_payment_event.payment_event_id, 'status', v_status);
end
$$;

REVOKE ALL ON FUNCTION public.replay_payment_event(payment_event_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.replay_payment_event(payment_event_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.replay_payment_event(payment_event_id bigint) TO authenticated;
GRANT ALL ON FUNCTION public.replay_payment_event(payment_event_id bigint) TO service_role;

COMMENT ON FUNCTION public.replay_payment_event(payment_event_id bigint) IS 'Applies a stored gateway event again, e.g. after a fix (billing.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.replay_payment_event(payment_event_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.replay_payment_event(payment_event_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION private.replay_payment_event(payment_event_id bigint) TO authenticated;
GRANT ALL ON FUNCTION private.replay_payment_event(payment_event_id bigint) TO service_role;
