-- A test event (issue 18 §6): the console's "send a test event" emits one webhook.test event and a
-- delivery to the chosen endpoint only, whatever its filter, so a receiver can be checked end to end.
CREATE FUNCTION private.send_test_webhook(p_endpoint_id uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  -- the same right check and "no such endpoint" answer as every endpoint admin function
  e public.webhook_endpoints := private.lock_managed_endpoint(p_endpoint_id);
  v_event uuid;
  v_delivery bigint;
begin
  insert into public.integration_events (type, version, tenant_id, payload, occurred_at)
  values ('webhook.test', 1, e.tenant_id,
          jsonb_build_object('endpoint_id', e.id, 'message', 'This is a test event from CleanMateX.'), now())
  returning id into v_event;
  insert into public.webhook_deliveries (endpoint_id, event_id, tenant_id, next_attempt_at)
  values (e.id, v_event, e.tenant_id, now())
  returning id into v_delivery;
  perform audit.record('webhook_endpoint.test', 'webhook_endpoint', e.id::text, null,
    jsonb_build_object('delivery_id', v_delivery), e.tenant_id);
  return v_delivery;
end
$$;

REVOKE ALL ON FUNCTION private.send_test_webhook(p_endpoint_id uuid) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.send_test_webhook(p_endpoint_id uuid) TO authenticated, service_role;

CREATE FUNCTION public.send_test_webhook(p_endpoint_id uuid) RETURNS bigint
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.send_test_webhook(p_endpoint_id) $$;

REVOKE ALL ON FUNCTION public.send_test_webhook(p_endpoint_id uuid) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.send_test_webhook(p_endpoint_id uuid) TO authenticated, service_role;
COMMENT ON FUNCTION public.send_test_webhook(p_endpoint_id uuid) IS 'Sends a webhook.test event to this endpoint only (whatever its filter), queued like any delivery; answers the delivery id. Same rights as the other endpoint admin functions.';
