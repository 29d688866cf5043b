-- Replay: one delivery, or every finished delivery of the endpoint whose event occurred in a range
-- (at most 14 days), is due again now. Its webhook-id stays the event's: receivers deduplicate.
CREATE FUNCTION private.replay_webhook_deliveries(endpoint_id uuid, delivery_id bigint, since timestamptz, until timestamptz) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  e public.webhook_endpoints := private.lock_managed_endpoint(endpoint_id);
  v_count int;
begin
  if delivery_id is null and (since is null or until is null or until <= since or until - since > interval '14 days') then
    perform private.fail('integrations.invalid_range', 'give one delivery or a range of at most 14 days');
  end if;
  update public.webhook_deliveries d
  set status = 'pending', next_attempt_at = now(), lease_token = null, leased_until = null
  from public.integration_events ev
  where ev.id = d.event_id and d.endpoint_id = e.id and d.status in ('succeeded', 'failed')
    and (case when replay_webhook_deliveries.delivery_id is not null then d.id = replay_webhook_deliveries.delivery_id
              else ev.occurred_at >= since and ev.occurred_at < until end);
  get diagnostics v_count = row_count;
  if delivery_id is not null and v_count = 0 and not exists (
       select from public.webhook_deliveries d where d.id = replay_webhook_deliveries.delivery_id and d.endpoint_id = e.id) then
    perform private.fail('integrations.unknown_delivery', 'no such delivery of this endpoint');
  end if;
  perform audit.record('webhook_endpoint.replay', 'webhook_endpoint', e.id::text, null,
    jsonb_build_object('delivery_id', delivery_id, 'since', since, 'until', until, 'count', v_count), e.tenant_id);
  return v_count;
end
$$;

REVOKE ALL ON FUNCTION private.replay_webhook_deliveries(endpoint_id uuid, delivery_id bigint, since timestamptz, until timestamptz) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.replay_webhook_deliveries(endpoint_id uuid, delivery_id bigint, since timestamptz, until timestamptz) TO authenticated, service_role;

CREATE FUNCTION public.replay_webhook_deliveries(endpoint_id uuid, delivery_id bigint DEFAULT NULL::bigint, since timestamptz DEFAULT NULL::timestamptz, until timestamptz DEFAULT NULL::timestamptz) RETURNS integer
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.replay_webhook_deliveries(endpoint_id, delivery_id, since, until) $$;

REVOKE ALL ON FUNCTION public.replay_webhook_deliveries(endpoint_id uuid, delivery_id bigint, since timestamptz, until timestamptz) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.replay_webhook_deliveries(endpoint_id uuid, delivery_id bigint, since timestamptz, until timestamptz) TO authenticated, service_role;
COMMENT ON FUNCTION public.replay_webhook_deliveries(endpoint_id uuid, delivery_id bigint, since timestamptz, until timestamptz) IS 'Sends finished deliveries again: one (delivery_id) or those whose event occurred in [since, until) (at most 14 days); answers how many. The webhook-id is unchanged.';

-- Delivery health per endpoint the caller can see (RLS): success rate and latency percentiles over
-- the last 24 hours' attempts, last success and error, and the queue (due or in flight).
CREATE FUNCTION public.webhook_endpoint_health(endpoint_id uuid DEFAULT NULL::uuid)
    RETURNS TABLE(endpoint_id uuid, tenant_id uuid, url text, enabled boolean, disabled_reason text, attempts_24h bigint,
                  success_rate numeric, latency_p50_ms numeric, latency_p95_ms numeric, last_success_at timestamptz,
                  last_error_at timestamptz, last_error text, queue_depth bigint, in_flight bigint)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select e.id, e.tenant_id, e.url, e.enabled, e.disabled_reason, a.n,
         round(a.ok::numeric / nullif(a.n, 0), 4), a.p50::numeric, a.p95::numeric,
         e.last_success_at, e.last_error_at, e.last_error, q.depth, q.in_flight
  from public.webhook_endpoints e
  cross join lateral (
    select count(*) as n, count(*) filter (where t.succeeded) as ok,
           percentile_cont(0.5) within group (order by t.latency_ms) as p50,
           percentile_cont(0.95) within group (order by t.latency_ms) as p95
    from public.webhook_attempts t where t.endpoint_id = e.id and t.at > now() - interval '24 hours') a
  cross join lateral (
    select count(*) filter (where d.status in ('pending', 'in_flight')) as depth, count(*) filter (where d.status = 'in_flight') as in_flight
    from public.webhook_deliveries d where d.endpoint_id = e.id and d.status in ('pending', 'in_flight')) q
  where webhook_endpoint_health.endpoint_id is null or e.id = webhook_endpoint_health.endpoint_id
  order by e.tenant_id nulls first, e.created_at
$$;

REVOKE ALL ON FUNCTION public.webhook_endpoint_health(endpoint_id uuid) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.webhook_endpoint_health(endpoint_id uuid) TO authenticated, service_role;
COMMENT ON FUNCTION public.webhook_endpoint_health(endpoint_id uuid) IS 'Delivery health of the endpoints the caller sees: success rate and latency p50/p95 over 24 h, last success and error, queue depth and deliveries in flight.';
