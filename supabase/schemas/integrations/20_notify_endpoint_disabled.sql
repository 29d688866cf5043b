-- Tells an endpoint's owner that it was disabled after a run of failures (issue 18), through the
-- notifications outbox in the transaction that disabled it: a tenant's endpoint to the tenant's
-- contact, an HQ endpoint to the staff member who created it. Keyed by the endpoint and the number of
-- its disablings (audited just before): enabled and disabled again is a new message.
CREATE FUNCTION private.notify_webhook_endpoint_disabled(endpoint public.webhook_endpoints) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  with k as (select format('%s:%s', (endpoint).id, count(*)) as event_key from audit.log l
             where l.entity_type = 'webhook_endpoint' and l.entity_id = (endpoint).id::text and l.action = 'webhook_endpoint.disable')
  select case when (endpoint).tenant_id is not null
    then private.notify('webhook.endpoint_disabled', (endpoint).tenant_id, k.event_key,
           jsonb_build_object('endpoint_url', (endpoint).url, 'failures', (endpoint).consecutive_failures::text,
                              'last_error', coalesce((endpoint).last_error, '-')))
    else private.notify('webhook.hq_endpoint_disabled', null, k.event_key,
           jsonb_build_object('endpoint_url', (endpoint).url, 'failures', (endpoint).consecutive_failures::text,
                              'last_error', coalesce((endpoint).last_error, '-'),
                              'integrations_url', private.notification_public_url() || '/integrations'),
           (endpoint).created_by)
    end
  from k
$$;

REVOKE ALL ON FUNCTION private.notify_webhook_endpoint_disabled(endpoint public.webhook_endpoints) FROM PUBLIC, anon, authenticated, service_role;
