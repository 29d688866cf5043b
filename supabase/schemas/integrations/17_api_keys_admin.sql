-- API key management. A key is cmx_live_ (or cmx_test_) + 40 random base64url characters; only its
-- sha256 is kept, and its first 17 characters to recognise it.
CREATE FUNCTION private.valid_api_scopes(scopes text[]) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v text[];
begin
  select array_agg(distinct lower(btrim(s)) order by lower(btrim(s))) into v from unnest(scopes) s;
  if v is null or cardinality(v) > 20
     or exists (select from unnest(v) s where s is null or s !~ '^(events|orders|invoices|webhooks):(read|write)$') then
    perform private.fail('integrations.invalid_scopes', format('invalid scopes %s', coalesce(scopes::text, 'null')),
      'resource:read or resource:write for events, orders, invoices, webhooks');
  end if;
  return v;
end
$$;

REVOKE ALL ON FUNCTION private.valid_api_scopes(scopes text[]) FROM PUBLIC, anon, authenticated, service_role;

CREATE FUNCTION private.new_api_key(tenant_id uuid, name text, scopes text[], expires_at timestamptz, rate_limit_per_minute integer, live boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_key text := case when coalesce(live, true) then 'cmx_live_' else 'cmx_test_' end
                || translate(encode(extensions.gen_random_bytes(30), 'base64'), '+/', '-_');
  k public.api_keys;
begin
  if name is null or length(btrim(name)) not between 1 and 100 then
    perform private.fail('integrations.invalid_text', 'a key name is 1 to 100 characters');
  end if;
  if expires_at is not null and expires_at <= private.now() then
    perform private.fail('integrations.invalid_expiry', 'the expiry must be in the future');
  end if;
  if coalesce(rate_limit_per_minute, 600) not between 1 and 10000 then
    perform private.fail('integrations.invalid_rate_limit', 'the rate limit is 1 to 10000 calls a minute');
  end if;
  -- cmx_test_ keys reach sandbox tenants only, and a sandbox only takes cmx_test_ keys
  if (new_api_key.tenant_id is not null and private.is_sandbox_tenant(new_api_key.tenant_id)) = coalesce(live, true) then
    perform private.fail('integrations.sandbox_key', case when coalesce(live, true) then 'a sandbox tenant takes cmx_test_ keys only'
                                                          else 'cmx_test_ keys are for sandbox tenants only' end);
  end if;
  insert into public.api_keys (tenant_id, name, key_prefix, key_hash, scopes, rate_limit_per_minute, expires_at, created_by)
  values (tenant_id, btrim(name), left(v_key, 17), extensions.digest(v_key, 'sha256'), private.valid_api_scopes(scopes),
          coalesce(rate_limit_per_minute, 600), expires_at, auth.uid())
  returning * into k;
  perform audit.record('api_key.create', 'api_key', k.id::text, null,
    jsonb_build_object('name', k.name, 'key_prefix', k.key_prefix, 'scopes', k.scopes, 'expires_at', k.expires_at), k.tenant_id);
  return jsonb_build_object('id', k.id, 'key', v_key, 'key_prefix', k.key_prefix, 'scopes', k.scopes, 'expires_at', k.expires_at);
end
$$;

REVOKE ALL ON FUNCTION private.new_api_key(tenant_id uuid, name text, scopes text[], expires_at timestamptz, rate_limit_per_minute integer, live boolean) FROM PUBLIC, anon, authenticated, service_role;

CREATE FUNCTION private.create_api_key(tenant_id uuid, name text, scopes text[], expires_at timestamptz, rate_limit_per_minute integer, live boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_integration_manager(tenant_id);
  return private.new_api_key(tenant_id, name, scopes, expires_at, rate_limit_per_minute, live);
end
$$;

REVOKE ALL ON FUNCTION private.create_api_key(tenant_id uuid, name text, scopes text[], expires_at timestamptz, rate_limit_per_minute integer, live boolean) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.create_api_key(tenant_id uuid, name text, scopes text[], expires_at timestamptz, rate_limit_per_minute integer, live boolean) TO authenticated, service_role;

CREATE FUNCTION public.create_api_key(tenant_id uuid, name text, scopes text[], expires_at timestamptz DEFAULT NULL::timestamptz, rate_limit_per_minute integer DEFAULT 600, live boolean DEFAULT true) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.create_api_key(tenant_id, name, scopes, expires_at, rate_limit_per_minute, live) $$;

REVOKE ALL ON FUNCTION public.create_api_key(tenant_id uuid, name text, scopes text[], expires_at timestamptz, rate_limit_per_minute integer, live boolean) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.create_api_key(tenant_id uuid, name text, scopes text[], expires_at timestamptz, rate_limit_per_minute integer, live boolean) TO authenticated, service_role;
COMMENT ON FUNCTION public.create_api_key(tenant_id uuid, name text, scopes text[], expires_at timestamptz, rate_limit_per_minute integer, live boolean) IS 'Makes an API key for a tenant (its owners and admins, or HQ) or for HQ (tenant_id null); answers {id, key, key_prefix, scopes, expires_at}: the key is shown only here.';

-- The key the caller manages, locked; else integrations.unknown_key.
CREATE FUNCTION private.lock_managed_api_key(key_id uuid) RETURNS public.api_keys
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  k public.api_keys;
begin
  if not (private.is_trusted_caller() or private.has_permission('settings.write')
          or exists (select from private.my_tenant_ids_with_role(array['owner', 'admin']))) then
    perform private.fail('integrations.forbidden', 'only a tenant''s owners and admins, or HQ, manage API keys');
  end if;
  select * into k from public.api_keys x where x.id = lock_managed_api_key.key_id
    and (private.is_trusted_caller() or private.has_permission('settings.write')
         or x.tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin'])))
  for update;
  if not found then
    perform private.fail('integrations.unknown_key', 'no such API key');
  end if;
  return k;
end
$$;

REVOKE ALL ON FUNCTION private.lock_managed_api_key(key_id uuid) FROM PUBLIC, anon, authenticated, service_role;

CREATE FUNCTION private.revoke_api_key(key_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  k public.api_keys := private.lock_managed_api_key(key_id);
begin
  update public.api_keys x set revoked_at = coalesce(x.revoked_at, now()) where x.id = k.id;
  perform audit.record('api_key.revoke', 'api_key', k.id::text, null, jsonb_build_object('key_prefix', k.key_prefix), k.tenant_id);
end
$$;

REVOKE ALL ON FUNCTION private.revoke_api_key(key_id uuid) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.revoke_api_key(key_id uuid) TO authenticated, service_role;

CREATE FUNCTION public.revoke_api_key(key_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.revoke_api_key(key_id) $$;

REVOKE ALL ON FUNCTION public.revoke_api_key(key_id uuid) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.revoke_api_key(key_id uuid) TO authenticated, service_role;
COMMENT ON FUNCTION public.revoke_api_key(key_id uuid) IS 'Revokes an API key at once (its calls answer integrations.key_revoked).';

-- Rotation: a new key with the same tenant, scopes and limit; the old one keeps working for a grace
-- period (overlap_minutes: default 24 h, 0 = it stops at once, at most 7 days) so a client can be
-- redeployed with the new key before the old one expires. A key rotates once: its replacement is the
-- one to rotate next (two live successors would leave nobody sure which key is current). Revoking
-- either key still ends it at once.
CREATE FUNCTION private.rotate_api_key(key_id uuid, overlap_minutes integer) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  k public.api_keys := private.lock_managed_api_key(key_id);
  v jsonb;
  v_old_expires timestamptz;
begin
  if overlap_minutes is null or overlap_minutes not between 0 and 10080 then
    perform private.fail('integrations.invalid_overlap', format('asked for an overlap of %s minutes', coalesce(overlap_minutes::text, 'null')));
  end if;
  if k.revoked_at is not null then
    perform private.fail('integrations.key_revoked', 'a revoked key cannot be rotated');
  elsif k.expires_at is not null and k.expires_at <= private.now() then
    perform private.fail('integrations.key_expired', 'an expired key cannot be rotated');
  elsif k.replaced_by is not null then
    perform private.fail('integrations.key_rotated', 'this key was already rotated');
  end if;
  v := private.new_api_key(k.tenant_id, k.name, k.scopes, k.expires_at, k.rate_limit_per_minute, k.key_prefix like 'cmx_live_%');
  -- the old key never outlives its own expiry
  update public.api_keys x set replaced_by = (v ->> 'id')::uuid,
    expires_at = least(coalesce(x.expires_at, 'infinity'), private.now() + make_interval(mins => overlap_minutes))
  where x.id = k.id
  returning x.expires_at into v_old_expires;
  perform audit.record('api_key.rotate', 'api_key', k.id::text, null,
    jsonb_build_object('key_prefix', k.key_prefix, 'replaced_by', v ->> 'id', 'new_key_prefix', v ->> 'key_prefix',
                       'overlap_minutes', overlap_minutes, 'old_key_expires_at', v_old_expires), k.tenant_id);
  return v || jsonb_build_object('old_key_id', k.id, 'old_key_expires_at', v_old_expires);
end
$$;

REVOKE ALL ON FUNCTION private.rotate_api_key(key_id uuid, overlap_minutes integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.rotate_api_key(key_id uuid, overlap_minutes integer) TO authenticated, service_role;

CREATE FUNCTION public.rotate_api_key(key_id uuid, overlap_minutes integer DEFAULT 1440) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.rotate_api_key(key_id, overlap_minutes) $$;

REVOKE ALL ON FUNCTION public.rotate_api_key(key_id uuid, overlap_minutes integer) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION public.rotate_api_key(key_id uuid, overlap_minutes integer) TO authenticated, service_role;
COMMENT ON FUNCTION public.rotate_api_key(key_id uuid, overlap_minutes integer) IS 'Replaces an API key with a new one (answered once, same tenant, scopes and limit); the old one keeps working for overlap_minutes (default 1440 = 24 h, 0 = stops at once, at most 10080 = 7 days; integrations.invalid_overlap otherwise), never past its own expiry. A key rotates once (integrations.key_rotated). Answers {id, key, key_prefix, scopes, expires_at, old_key_id, old_key_expires_at}.';
