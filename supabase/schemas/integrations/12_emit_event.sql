-- Writes an event and its deliveries in the caller's transaction: the state change and its event
-- commit or roll back together. The payload (nulls stripped) must satisfy its type's schema; a
-- payload that does not is a bug of the emitter and fails the change (integrations.invalid_payload).
-- Deliveries go to the tenant's enabled endpoints and HQ's whose filter matches.
CREATE FUNCTION private.emit_event(event_type text, tenant_id uuid, payload jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_type public.integration_event_types;
  v_payload jsonb := jsonb_strip_nulls(payload);
  v_errors text[];
  v_id uuid;
begin
  select * into v_type from public.integration_event_types t where t.type = emit_event.event_type order by t.version desc limit 1;
  if not found then
    perform private.fail('integrations.unknown_event_type', format('unknown event type %s', coalesce(event_type, 'null')));
  end if;
  v_errors := private.json_schema_errors(v_type.payload_schema, v_payload);
  if cardinality(v_errors) > 0 then
    perform private.fail('integrations.invalid_payload', format('%s payload: %s', event_type, array_to_string(v_errors, '; ')));
  end if;
  insert into public.integration_events (type, version, tenant_id, payload, occurred_at)
  values (v_type.type, v_type.version, emit_event.tenant_id, v_payload, now())
  returning id into v_id;
  insert into public.webhook_deliveries (endpoint_id, event_id, tenant_id, next_attempt_at)
  select e.id, v_id, e.tenant_id, now()
  from public.webhook_endpoints e
  where e.enabled and (e.tenant_id is null or e.tenant_id = emit_event.tenant_id)
    and private.event_type_matches(e.event_types, v_type.type);
  return v_id;
end
$$;

REVOKE ALL ON FUNCTION private.emit_event(event_type text, tenant_id uuid, payload jsonb) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.emit_event(event_type text, tenant_id uuid, payload jsonb) TO service_role;
