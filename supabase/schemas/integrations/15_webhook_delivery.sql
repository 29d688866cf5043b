-- The retry schedule after a failed attempt n (1-based): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h,
-- 20 h, 20 h — about 3 days over 10 attempts; null after the last: the delivery has failed.
CREATE FUNCTION private.webhook_retry_delay(attempt integer) RETURNS interval
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select (array['5 seconds', '5 minutes', '30 minutes', '2 hours', '5 hours', '10 hours', '14 hours', '20 hours', '20 hours']::interval[])[attempt]
$$;

REVOKE ALL ON FUNCTION private.webhook_retry_delay(attempt integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.webhook_retry_delay(attempt integer) TO service_role;

-- Leases due deliveries to a worker: at most batch_size, and per endpoint no more than its
-- max_in_flight at once (counting unexpired leases). A lapsed lease is due again (at least once).
-- Answers what the worker needs to send each one: url, webhook-id, body and the signing secrets.
CREATE FUNCTION private.claim_webhook_deliveries(batch_size integer) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_lease uuid := extensions.gen_random_uuid();
  v_until timestamptz := clock_timestamp() + make_interval(secs => (select s.lease_seconds from private.integration_settings s));
  v_ids bigint[];
  v_dev boolean := (select s.allow_private_targets from private.integration_settings s);
begin
  if batch_size is null or batch_size not between 1 and 500 then
    perform private.fail('jobs.invalid_batch_size', 'batch_size must be between 1 and 500');
  end if;
  -- One claimer at a time: the per-endpoint cap counts leases, so two claimers must not both see room.
  perform pg_advisory_xact_lock(hashtext('integrations.claim_webhook_deliveries'));
  -- Per enabled endpoint: its room (cap minus unexpired leases), then its oldest due deliveries up to
  -- that room; the endpoints' first ones come first, so one busy endpoint cannot take the whole batch.
  select array_agg(x.id) into v_ids from (
    select d.id
    from public.webhook_endpoints e
    cross join lateral (select count(*) as n from public.webhook_deliveries b
                        where b.endpoint_id = e.id and b.status = 'in_flight' and b.leased_until >= clock_timestamp()) busy
    cross join lateral (select b.id, row_number() over (order by b.next_attempt_at, b.id) as rn
                        from public.webhook_deliveries b
                        where b.endpoint_id = e.id and b.status in ('pending', 'in_flight') and b.next_attempt_at <= now()
                          and (b.status = 'pending' or b.leased_until < clock_timestamp())
                        order by b.next_attempt_at, b.id
                        limit greatest(e.max_in_flight - busy.n, 0)) d
    where e.enabled
    order by d.rn, d.id
    limit batch_size) x;
  if v_ids is null then
    return '[]';
  end if;
  update public.webhook_deliveries d set status = 'in_flight', lease_token = v_lease, leased_until = v_until
  where d.id = any (v_ids);
  return (
    select jsonb_agg(jsonb_build_object(
      'delivery_id', d.id, 'lease_token', v_lease, 'endpoint_id', d.endpoint_id, 'url', e.url, 'attempt', d.attempts + 1,
      'allow_private_targets', v_dev,
      'webhook_id', 'msg_' || replace(ev.id::text, '-', ''),
      'body', jsonb_build_object('type', ev.type, 'timestamp', to_char(ev.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                 'data', ev.payload)::text,
      'secrets', (select jsonb_agg(s.secret order by s.id desc) from private.webhook_endpoint_secrets s
                  where s.endpoint_id = d.endpoint_id and (s.expires_at is null or s.expires_at > now())))
      order by d.id)
    from public.webhook_deliveries d
    join public.webhook_endpoints e on e.id = d.endpoint_id
    join public.integration_events ev on ev.id = d.event_id
    where d.id = any (v_ids));
end
$$;

REVOKE ALL ON FUNCTION private.claim_webhook_deliveries(batch_size integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.claim_webhook_deliveries(batch_size integer) TO service_role;

CREATE FUNCTION public.claim_webhook_deliveries(batch_size integer DEFAULT 50) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.claim_webhook_deliveries(batch_size) $$;

REVOKE ALL ON FUNCTION public.claim_webhook_deliveries(batch_size integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.claim_webhook_deliveries(batch_size integer) TO service_role;
COMMENT ON FUNCTION public.claim_webhook_deliveries(batch_size integer) IS 'Delivery worker (service role): leases due deliveries within each endpoint''s concurrency cap; answers [{delivery_id, lease_token, url, webhook_id, body, secrets, attempt, allow_private_targets}].';

-- Records the outcome of leased deliveries: a 2xx succeeds; anything else (an error status, a
-- redirect, a timeout, a refused address) is retried per private.webhook_retry_delay or fails for
-- good. An endpoint whose failure run reaches the setting is disabled (and the change audited); one
-- starting to fail or recovering is announced to its owner (integrations/22).
-- A result whose lease is gone (lapsed and claimed again) is ignored: the newer attempt decides.
CREATE FUNCTION private.record_webhook_results(results jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_settings private.integration_settings;
  v_endpoint public.webhook_endpoints;
  v_done int;
  v_touched uuid[];
  v_succeeded uuid[];
begin
  select * into v_settings from private.integration_settings;
  -- One statement for the batch: the deliveries still leased to this worker, their attempts, and
  -- each endpoint's failure run once (the results in order: failures after its last success count).
  with r as (
    select x.delivery_id, x.lease_token, x.status_code, x.latency_ms, x.response, x.n,
           coalesce(x.status_code between 200 and 299, false) as ok,
           case when not coalesce(x.status_code between 200 and 299, false)
                then left(coalesce(x.error, format('HTTP %s', x.status_code)), 500) end as err
    from rows from (jsonb_to_recordset(coalesce(results, '[]'))
                    as (delivery_id bigint, lease_token uuid, status_code int, latency_ms int, error text, response text))
         with ordinality as x(delivery_id, lease_token, status_code, latency_ms, error, response, n)
  ), upd as (
    update public.webhook_deliveries d set
      attempts = d.attempts + 1,
      status = case when r.ok then 'succeeded' when private.webhook_retry_delay(d.attempts + 1) is null then 'failed' else 'pending' end,
      next_attempt_at = case when r.ok or private.webhook_retry_delay(d.attempts + 1) is null then d.next_attempt_at
                             else now() + private.webhook_retry_delay(d.attempts + 1) end,
      lease_token = null, leased_until = null,
      last_status_code = r.status_code, last_error = r.err, last_latency_ms = r.latency_ms,
      last_response = left(r.response, v_settings.max_response_chars),
      delivered_at = case when r.ok then now() end
    from r
    where d.id = r.delivery_id and d.lease_token = r.lease_token and d.status = 'in_flight'
    returning d.id, d.endpoint_id, d.tenant_id, d.attempts, r.ok, r.status_code, r.latency_ms, r.err, r.n
  ), attempts as (
    insert into public.webhook_attempts (delivery_id, endpoint_id, tenant_id, attempt, succeeded, status_code, latency_ms, error)
    select u.id, u.endpoint_id, u.tenant_id, u.attempts, u.ok, u.status_code, u.latency_ms, u.err from upd u
  ), runs as (
    select w.endpoint_id, max(w.last_ok) as last_ok, count(*) filter (where not w.ok) as fails,
           count(*) filter (where not w.ok and w.n > coalesce(w.last_ok, 0)) as fails_after_ok,
           (array_agg(w.err order by w.n desc) filter (where not w.ok))[1] as last_err
    from (select u.*, max(u.n) filter (where u.ok) over (partition by u.endpoint_id) as last_ok from upd u) w
    group by w.endpoint_id
  ), endpoints as (
    update public.webhook_endpoints e set
      consecutive_failures = case when r.last_ok is not null then r.fails_after_ok else e.consecutive_failures + r.fails end,
      last_success_at = case when r.last_ok is not null then now() else e.last_success_at end,
      last_error_at = case when r.fails > 0 then now() else e.last_error_at end,
      last_error = coalesce(r.last_err, e.last_error)
    from runs r where e.id = r.endpoint_id
  )
  select (select count(*) from upd), (select array_agg(r.endpoint_id) from runs r),
         (select array_agg(r.endpoint_id) from runs r where r.last_ok is not null)
  into v_done, v_touched, v_succeeded;
  -- A run of failures long enough disables the endpoint (audited, its owner notified).
  for v_endpoint in
    update public.webhook_endpoints e set enabled = false, updated_at = now(),
      disabled_reason = format('%s failed attempts in a row', e.consecutive_failures)
    where e.enabled and e.consecutive_failures >= v_settings.disable_after_failures
      and e.id in (select d.endpoint_id from public.webhook_deliveries d
                   where d.id in (select (x ->> 'delivery_id')::bigint from jsonb_array_elements(coalesce(results, '[]')) x))
    returning *
  loop
    perform audit.record('webhook_endpoint.disable', 'webhook_endpoint', v_endpoint.id::text, null,
      jsonb_build_object('consecutive_failures', v_endpoint.consecutive_failures, 'last_error', v_endpoint.last_error), v_endpoint.tenant_id,
      'disabled after a run of failures');
    perform private.notify_webhook_endpoint_disabled(v_endpoint);  -- its owner hears of it
  end loop;
  -- An endpoint starting to fail, or recovering, is announced once per streak (integrations/22).
  perform private.alert_webhook_endpoint_health(v_touched, v_succeeded);
  return v_done;
end
$$;

REVOKE ALL ON FUNCTION private.record_webhook_results(results jsonb) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.record_webhook_results(results jsonb) TO service_role;

CREATE FUNCTION public.record_webhook_results(results jsonb) RETURNS integer
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.record_webhook_results(results) $$;

REVOKE ALL ON FUNCTION public.record_webhook_results(results jsonb) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.record_webhook_results(results jsonb) TO service_role;
COMMENT ON FUNCTION public.record_webhook_results(results jsonb) IS 'Delivery worker (service role): records [{delivery_id, lease_token, status_code, latency_ms, error, response}]; answers how many leases were still held.';

-- The worker is an Edge Function started by the jobs backbone on the webhooks queue, every minute
-- when a delivery is due (no idle calls); it drains due deliveries until none are left or its time is up.
select private.register_job_handler('webhooks.deliver', null, 'webhooks-deliver', null,
  'sends due outgoing webhooks (claim_webhook_deliveries / record_webhook_results) until none are due');

select private.declare_schedule('webhooks.deliver', '* * * * *',
  'select private.enqueue(''webhooks'', ''webhooks.deliver'', ''{}''::jsonb, ''webhooks.deliver:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD"T"HH24:MI'')) where exists (select from public.webhook_deliveries d where d.status in (''pending'', ''in_flight'') and d.next_attempt_at <= now())',
  'every minute, when a delivery is due: starts the webhooks-deliver worker, which sends due outgoing webhooks');
