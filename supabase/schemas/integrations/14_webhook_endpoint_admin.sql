-- Endpoint management: create (the secret is answered once), change, delete, rotate the secret.
-- Public SECURITY INVOKER wrappers over private SECURITY DEFINER bodies.
CREATE FUNCTION private.new_webhook_secret() RETURNS text
    LANGUAGE sql VOLATILE
    SET search_path TO ''
    AS $$ select 'whsec_' || encode(extensions.gen_random_bytes(32), 'base64') $$;

REVOKE ALL ON FUNCTION private.new_webhook_secret() FROM PUBLIC, anon, authenticated, service_role;

-- The endpoint, locked, when the caller manages it; else integrations.unknown_endpoint (the same
-- for another tenant's endpoint as for none).
CREATE FUNCTION private.lock_managed_endpoint(endpoint_id uuid) RETURNS public.webhook_endpoints
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  e public.webhook_endpoints;
begin
  if not (private.is_trusted_caller() or private.has_permission('settings.write')
          or exists (select from private.my_tenant_ids_with_role(array['owner', 'admin']))) then
    perform private.fail('integrations.forbidden', 'only a tenant''s owners and admins, or HQ, manage endpoints');
  end if;
  select * into e from public.webhook_endpoints x where x.id = lock_managed_endpoint.endpoint_id
    and (private.is_trusted_caller() or private.has_permission('settings.write')
         or x.tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin'])))
  for update;
  if not found then
    perform private.fail('integrations.unknown_endpoint', 'no such endpoint');
  end if;
  return e;
end
$$;

REVOKE ALL ON FUNCTION private.lock_managed_endpoint(endpoint_id uuid) FROM PUBLIC, anon, authenticated, service_role;

CREATE FUNCTION private.create_webhook_endpoint(tenant_id uuid, url text, event_types text[], description text, max_in_flight integer) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  e public.webhook_endpoints;
  v_secret text := private.new_webhook_secret();
begin
  perform private.assert_integration_manager(tenant_id);
  if length(coalesce(description, '')) > 500 then
    perform private.fail('integrations.invalid_text', 'the description is at most 500 characters');
  end if;
  insert into public.webhook_endpoints (tenant_id, url, event_types, description, max_in_flight, created_by)
  values (tenant_id, private.valid_webhook_url(url), private.valid_event_filter(event_types), coalesce(btrim(description), ''),
          coalesce(max_in_flight, 4), auth.uid())
  returning * into e;
  insert into private.webhook_endpoint_secrets (endpoint_id, secret) values (e.id, v_secret);
  perform audit.record('webhook_endpoint.create', 'webhook_endpoint', e.id::text, null, to_jsonb(e), e.tenant_id);
  return jsonb_build_object('id', e.id, 'url', e.url, 'event_types', e.event_types, 'secret', v_secret);
end
$$;

REVOKE ALL ON FUNCTION private.create_webhook_endpoint(tenant_id uuid, url text, event_types text[], description text, max_in_flight integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.create_webhook_endpoint(tenant_id uuid, url text, event_types text[], description text, max_in_flight integer) TO authenticated, service_role;

CREATE FUNCTION public.create_webhook_endpoint(tenant_id uuid, url text, event_types text[], description text DEFAULT ''::text, max_in_flight integer DEFAULT 4) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.create_webhook_endpoint(tenant_id, url, event_types, description, max_in_flight) $$;

REVOKE ALL ON FUNCTION public.create_webhook_endpoint(tenant_id uuid, url text, event_types text[], description text, max_in_flight integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.create_webhook_endpoint(tenant_id uuid, url text, event_types text[], description text, max_in_flight integer) TO authenticated, service_role;
COMMENT ON FUNCTION public.create_webhook_endpoint(tenant_id uuid, url text, event_types text[], description text, max_in_flight integer) IS 'Creates a webhook endpoint for a tenant (its owners and admins, or HQ with settings.write) or for HQ (tenant_id null). Answers {id, url, event_types, secret}: the whsec_ secret is shown only here.';

CREATE FUNCTION private.update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, enabled boolean, max_in_flight integer) RETURNS public.webhook_endpoints
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  b public.webhook_endpoints := private.lock_managed_endpoint(endpoint_id);
  a public.webhook_endpoints;
begin
  if length(coalesce(description, '')) > 500 then
    perform private.fail('integrations.invalid_text', 'the description is at most 500 characters');
  end if;
  update public.webhook_endpoints x set
    url = case when update_webhook_endpoint.url is null then x.url else private.valid_webhook_url(update_webhook_endpoint.url) end,
    event_types = case when update_webhook_endpoint.event_types is null then x.event_types
                       else private.valid_event_filter(update_webhook_endpoint.event_types) end,
    description = coalesce(btrim(update_webhook_endpoint.description), x.description),
    max_in_flight = coalesce(update_webhook_endpoint.max_in_flight, x.max_in_flight),
    enabled = coalesce(update_webhook_endpoint.enabled, x.enabled),
    -- enabling again starts a new run: the failure count and reason go
    consecutive_failures = case when update_webhook_endpoint.enabled and not x.enabled then 0 else x.consecutive_failures end,
    disabled_reason = case when update_webhook_endpoint.enabled then null else x.disabled_reason end,
    updated_at = now()
  where x.id = b.id
  returning * into a;
  perform audit.record('webhook_endpoint.update', 'webhook_endpoint', a.id::text, to_jsonb(b), to_jsonb(a), a.tenant_id);
  return a;
end
$$;

REVOKE ALL ON FUNCTION private.update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, enabled boolean, max_in_flight integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, enabled boolean, max_in_flight integer) TO authenticated, service_role;

CREATE FUNCTION public.update_webhook_endpoint(endpoint_id uuid, url text DEFAULT NULL::text, event_types text[] DEFAULT NULL::text[], description text DEFAULT NULL::text, enabled boolean DEFAULT NULL::boolean, max_in_flight integer DEFAULT NULL::integer) RETURNS public.webhook_endpoints
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.update_webhook_endpoint(endpoint_id, url, event_types, description, enabled, max_in_flight) $$;

REVOKE ALL ON FUNCTION public.update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, enabled boolean, max_in_flight integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, enabled boolean, max_in_flight integer) TO authenticated, service_role;
COMMENT ON FUNCTION public.update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, enabled boolean, max_in_flight integer) IS 'Changes an endpoint (null: unchanged); enabling a disabled endpoint resets its failure run.';

CREATE FUNCTION private.delete_webhook_endpoint(endpoint_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  b public.webhook_endpoints := private.lock_managed_endpoint(endpoint_id);
begin
  delete from public.webhook_endpoints x where x.id = b.id;
  perform audit.record('webhook_endpoint.delete', 'webhook_endpoint', b.id::text, to_jsonb(b), null, b.tenant_id);
end
$$;

REVOKE ALL ON FUNCTION private.delete_webhook_endpoint(endpoint_id uuid) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.delete_webhook_endpoint(endpoint_id uuid) TO authenticated, service_role;

CREATE FUNCTION public.delete_webhook_endpoint(endpoint_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.delete_webhook_endpoint(endpoint_id) $$;

REVOKE ALL ON FUNCTION public.delete_webhook_endpoint(endpoint_id uuid) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.delete_webhook_endpoint(endpoint_id uuid) TO authenticated, service_role;
COMMENT ON FUNCTION public.delete_webhook_endpoint(endpoint_id uuid) IS 'Deletes an endpoint with its secrets and deliveries.';

-- Rotation: the current secret stays valid for overlap_hours (deliveries carry both signatures), the
-- new one is answered once. Secrets past their overlap are dropped.
CREATE FUNCTION private.rotate_webhook_secret(endpoint_id uuid, overlap_hours integer) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  e public.webhook_endpoints := private.lock_managed_endpoint(endpoint_id);
  v_secret text := private.new_webhook_secret();
  v_until timestamptz := now() + make_interval(hours => coalesce(overlap_hours, 24));
begin
  if coalesce(overlap_hours, 24) not between 0 and 168 then
    perform private.fail('integrations.invalid_range', 'the overlap is 0 to 168 hours');
  end if;
  delete from private.webhook_endpoint_secrets s where s.endpoint_id = e.id and s.expires_at <= now();
  update private.webhook_endpoint_secrets s set expires_at = v_until where s.endpoint_id = e.id and s.expires_at is null;
  insert into private.webhook_endpoint_secrets (endpoint_id, secret) values (e.id, v_secret);
  perform audit.record('webhook_endpoint.rotate_secret', 'webhook_endpoint', e.id::text, null,
    jsonb_build_object('previous_valid_until', v_until), e.tenant_id);
  return jsonb_build_object('id', e.id, 'secret', v_secret, 'previous_valid_until', v_until);
end
$$;

REVOKE ALL ON FUNCTION private.rotate_webhook_secret(endpoint_id uuid, overlap_hours integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.rotate_webhook_secret(endpoint_id uuid, overlap_hours integer) TO authenticated, service_role;

CREATE FUNCTION public.rotate_webhook_secret(endpoint_id uuid, overlap_hours integer DEFAULT 24) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.rotate_webhook_secret(endpoint_id, overlap_hours) $$;

REVOKE ALL ON FUNCTION public.rotate_webhook_secret(endpoint_id uuid, overlap_hours integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.rotate_webhook_secret(endpoint_id uuid, overlap_hours integer) TO authenticated, service_role;
COMMENT ON FUNCTION public.rotate_webhook_secret(endpoint_id uuid, overlap_hours integer) IS 'Makes a new whsec_ secret (answered once); the old one keeps signing for overlap_hours (0–168, default 24), so deliveries carry both signatures meanwhile.';
