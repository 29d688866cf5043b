-- Delivery health alerts (issue 18, item 4): an endpoint that starts failing is announced to its
-- owner once per failing streak, and its recovery once when it succeeds again.
--   failing:   alert_after_failures (integration settings, 3 by default) failed attempts in a row on an
--              enabled endpoint not told yet; webhook_endpoints.failing_alerted_at records the streak.
--   recovered: a successful attempt of an endpoint whose streak was announced; clears the streak.
-- The disabled notice (integrations/20) is separate and unchanged. Owners: a tenant's endpoint goes to
-- the tenant's contact and every owner and admin (one message per address), an HQ endpoint to its
-- creator and every active staff member who may change settings (settings.write).

-- The messages of one alert ('failing' or 'recovered'), keyed by the endpoint and the moment its
-- streak was announced: a recovered notice answers exactly one failing alert, a new streak is new.
CREATE FUNCTION private.notify_webhook_endpoint_health(endpoint public.webhook_endpoints, state text) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  with k as (
    select format('%s:%s', (endpoint).id, extract(epoch from (endpoint).failing_alerted_at)) as event_key,
           jsonb_build_object('endpoint_url', (endpoint).url, 'failures', (endpoint).consecutive_failures::text,
                              'last_error', coalesce((endpoint).last_error, '-')) as vars
  ), tenant_addresses as (
    select lower(btrim(t.contact ->> 'email')) as email from public.tenants t
    where t.id = (endpoint).tenant_id and nullif(btrim(t.contact ->> 'email'), '') is not null
    union
    select lower(u.email) from public.tenant_members m join auth.users u on u.id = m.user_id
    where m.tenant_id = (endpoint).tenant_id and m.role in ('owner', 'admin') and u.email is not null
  ), hq_staff as (
    select s.user_id from public.platform_staff s
    where s.status = 'active' and (s.user_id = (endpoint).created_by or exists (
      select from public.role_permissions rp where rp.role_code = s.role_code and rp.permission_code = 'settings.write'))
  ), sent as (
    select private.notify('webhook.endpoint_' || state, (endpoint).tenant_id, k.event_key, k.vars, null, a.email) as n
    from k, tenant_addresses a where (endpoint).tenant_id is not null
    union all
    select private.notify('webhook.hq_endpoint_' || state, null, k.event_key,
             k.vars || jsonb_build_object('integrations_url', private.notification_public_url() || '/integrations'), h.user_id)
    from k, hq_staff h where (endpoint).tenant_id is null
  )
  select coalesce(sum(n), 0)::int from sent
$$;

REVOKE ALL ON FUNCTION private.notify_webhook_endpoint_health(endpoint public.webhook_endpoints, state text) FROM PUBLIC, anon, authenticated, service_role;

-- Called by private.record_webhook_results for the endpoints of a batch (touched) and those with a
-- successful attempt in it (succeeded). The endpoint rows are locked first, in id order: two batches
-- failing at once serialise here and the second sees the first one's failing_alerted_at, so the
-- owner is told once. Answers the number of messages written.
CREATE FUNCTION private.alert_webhook_endpoint_health(touched uuid[], succeeded uuid[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  e public.webhook_endpoints;
  v_threshold int := (select s.alert_after_failures from private.integration_settings s);
  n int := 0;
begin
  perform from public.webhook_endpoints x where x.id = any (touched) order by x.id for update;
  -- a success ends an announced streak: recovered
  for e in select x.* from public.webhook_endpoints x where x.id = any (succeeded) and x.failing_alerted_at is not null loop
    n := n + private.notify_webhook_endpoint_health(e, 'recovered');
    update public.webhook_endpoints x set failing_alerted_at = null where x.id = e.id;
  end loop;
  -- a streak reaching the threshold on an enabled endpoint, not announced yet: failing (once)
  for e in
    update public.webhook_endpoints x set failing_alerted_at = clock_timestamp()
    where x.id = any (touched) and x.enabled and x.failing_alerted_at is null and x.consecutive_failures >= v_threshold
    returning x.*
  loop
    n := n + private.notify_webhook_endpoint_health(e, 'failing');
  end loop;
  return n;
end
$$;

REVOKE ALL ON FUNCTION private.alert_webhook_endpoint_health(touched uuid[], succeeded uuid[]) FROM PUBLIC, anon, authenticated, service_role;
