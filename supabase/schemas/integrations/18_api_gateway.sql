-- The API key gateway's SQL side. verify_api_key: the key's id, tenant and scopes, or a 401 code
-- (invalid_key, key_expired, key_revoked) or integrations.rate_limited; counts the call and marks
-- the key used. (A refused call rolls back, so the counter holds at the limit.)
CREATE FUNCTION private.verify_api_key(api_key text, OUT key_id uuid, OUT tenant_id uuid, OUT scopes text[]) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  k public.api_keys;
  v_calls int;
begin
  if api_key is null or api_key !~ '^cmx_(live|test)_[A-Za-z0-9_=-]{20,80}$' then
    perform private.fail('integrations.invalid_key', 'malformed API key');
  end if;
  select * into k from public.api_keys x where x.key_hash = extensions.digest(api_key, 'sha256');
  if not found then
    perform private.fail('integrations.invalid_key', 'unknown API key');
  elsif k.revoked_at is not null then
    perform private.fail('integrations.key_revoked', format('key %s was revoked', k.key_prefix));
  elsif k.expires_at is not null and k.expires_at <= private.now() then  -- private.now(): tests freeze the clock
    perform private.fail('integrations.key_expired', format('key %s expired at %s', k.key_prefix, k.expires_at));
  end if;
  insert into private.api_key_usage as u (key_id, minute, calls) values (k.id, date_trunc('minute', now()), 1)
  on conflict on constraint api_key_usage_pkey do update set calls = u.calls + 1
  returning u.calls into v_calls;
  if v_calls > k.rate_limit_per_minute then
    perform private.fail('integrations.rate_limited', format('key %s allows %s calls a minute', k.key_prefix, k.rate_limit_per_minute));
  end if;
  update public.api_keys x set last_used_at = now() where x.id = k.id and (x.last_used_at is null or x.last_used_at < now() - interval '1 minute');
  key_id := k.id;
  tenant_id := k.tenant_id;
  scopes := k.scopes;
end
$$;

REVOKE ALL ON FUNCTION private.verify_api_key(api_key text, OUT key_id uuid, OUT tenant_id uuid, OUT scopes text[]) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.verify_api_key(api_key text, OUT key_id uuid, OUT tenant_id uuid, OUT scopes text[]) TO service_role;

-- A call of the API: the key is verified here, the route needs its scope (write implies read), and
-- every route reads or writes the key's tenant only (an HQ key: any tenant, named by params.tenant_id).
-- Routes: events.list, orders.list, orders.get, orders.transition, invoices.list, webhooks.list, webhooks.create.
CREATE FUNCTION private.api_dispatch(api_key text, route text, params jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  k record;
  v_scope text := split_part(route, '.', 1) || case when split_part(route, '.', 2) in ('list', 'get') then ':read' else ':write' end;
  v_tenant uuid;
  v_limit int := least(greatest(coalesce((params ->> 'limit')::int, 50), 1), 200);
  v_order public.orders;
begin
  select * into k from private.verify_api_key(api_key);
  if route is null or route not in ('events.list', 'orders.list', 'orders.get', 'orders.transition', 'invoices.list', 'webhooks.list', 'webhooks.create') then
    perform private.fail('integrations.unknown_route', format('no API call %s', coalesce(route, 'null')));
  end if;
  if not (v_scope = any (k.scopes) or replace(v_scope, ':read', ':write') = any (k.scopes)) then
    perform private.fail('integrations.scope_denied', format('this key lacks %s', v_scope));
  end if;
  params := coalesce(params, '{}');
  -- a tenant key acts for its tenant whatever params say
  v_tenant := coalesce(k.tenant_id, (params ->> 'tenant_id')::uuid);
  case route
  when 'events.list' then
    return coalesce((select jsonb_agg(to_jsonb(x) order by x.occurred_at desc) from (
      select ev.id, ev.type, ev.version, ev.tenant_id, ev.payload, ev.occurred_at from public.integration_events ev
      where (ev.tenant_id = v_tenant or (k.tenant_id is null and v_tenant is null))
        and (params ->> 'type' is null or ev.type = params ->> 'type')
      order by ev.occurred_at desc limit v_limit) x), '[]');
  when 'orders.list', 'orders.get' then
    return coalesce((select jsonb_agg(to_jsonb(x) order by x.created_at desc) from (
      select o.id, o.tenant_id, o.number, o.customer_name, o.service_category, o.current_stage, o.amount_total, o.amount_paid,
             o.currency, o.paid, o.created_at from public.orders o
      where (o.tenant_id = v_tenant or (k.tenant_id is null and v_tenant is null))
        and (route = 'orders.list' or o.id = (params ->> 'order_id')::uuid)
      order by o.created_at desc limit v_limit) x), '[]');
  when 'orders.transition' then
    select * into v_order from public.orders o where o.id = (params ->> 'order_id')::uuid and (k.tenant_id is null or o.tenant_id = k.tenant_id);
    if not found then
      perform private.fail('workflow.order_not_found', 'no such order');
    end if;
    return private.transition_order(v_order.id, params ->> 'to_stage', params ->> 'note');
  when 'invoices.list' then
    return coalesce((select jsonb_agg(to_jsonb(x) order by x.created_at desc) from (
      select i.id, i.tenant_id, i.number, i.status, i.currency, i.total, i.amount_due, i.due_date, i.created_at from public.invoices i
      where (i.tenant_id = v_tenant or (k.tenant_id is null and v_tenant is null))
      order by i.created_at desc limit v_limit) x), '[]');
  when 'webhooks.list' then
    return coalesce((select jsonb_agg(to_jsonb(h)) from public.webhook_endpoint_health() h
      where h.tenant_id is not distinct from v_tenant), '[]');
  else  -- webhooks.create
    return private.create_webhook_endpoint(v_tenant, params ->> 'url',
      (select array_agg(t) from jsonb_array_elements_text(params -> 'event_types') t), params ->> 'description', null);
  end case;
end
$$;

REVOKE ALL ON FUNCTION private.api_dispatch(api_key text, route text, params jsonb) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.api_dispatch(api_key text, route text, params jsonb) TO service_role;

CREATE FUNCTION public.api_dispatch(api_key text, route text, params jsonb DEFAULT '{}'::jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.api_dispatch(api_key, route, params) $$;

REVOKE ALL ON FUNCTION public.api_dispatch(api_key text, route text, params jsonb) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.api_dispatch(api_key text, route text, params jsonb) TO service_role;
COMMENT ON FUNCTION public.api_dispatch(api_key text, route text, params jsonb) IS 'The api Edge Function''s one call (service role): verifies the key, checks the route''s scope and runs it for the key''s tenant only.';
