-- Where webhooks may go. An address is private when it is loopback, private (RFC 1918, ULA),
-- link-local, carrier-grade NAT, unspecified or a local name; the Edge Function applies the same
-- rule to every address the name resolves to just before connecting (DNS rebinding).
CREATE FUNCTION private.is_private_host(host text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  ip inet;
begin
  host := lower(btrim(host, '[]'));
  if host = 'localhost' or host like '%.localhost' or host like '%.local' or host like '%.internal' or host !~ '[a-z0-9]' then
    return true;
  end if;
  begin
    ip := host::inet;
  exception when others then
    -- a name: only all-digit or hex forms (2130706433, 0x7f.1) are refused as disguised addresses
    return host ~ '^[0-9.]+$' or host ~ '^0x';
  end;
  return ip << any (array['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
                          '192.168.0.0/16', '::/128', '::1/128', 'fc00::/7', 'fe80::/10', '::ffff:0:0/96']::inet[])
      or ip = any (array['0.0.0.0', '::', '::1']::inet[]);
end
$$;

REVOKE ALL ON FUNCTION private.is_private_host(host text) FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON FUNCTION private.is_private_host(host text) TO service_role;

-- An endpoint URL as stored, or integrations.invalid_url: absolute http(s), no credentials or
-- fragment, https and a public host unless private.integration_settings allows private targets
-- (devstack's development mode).
CREATE FUNCTION private.valid_webhook_url(url text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  m text[];
  v_dev boolean := coalesce((select s.allow_private_targets from private.integration_settings s), false);
begin
  url := btrim(url);
  m := regexp_match(url, '^(https?)://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?(/[^\s#]*)?$');
  if url is null or length(url) > 2000 or m is null then
    perform private.fail('integrations.invalid_url', 'the endpoint must be an absolute http(s) address without credentials or fragment');
  end if;
  if m[1] <> 'https' and not v_dev then
    perform private.fail('integrations.invalid_url', 'endpoints must use https');
  end if;
  if private.is_private_host(m[2]) and not v_dev then
    perform private.fail('integrations.invalid_url', format('%s is a private, loopback or link-local address', m[2]),
      'use a public address');
  end if;
  return url;
end
$$;

REVOKE ALL ON FUNCTION private.valid_webhook_url(url text) FROM PUBLIC, anon, authenticated, service_role;

-- Who manages a tenant's integrations: its owners and admins, and HQ staff with settings.write; HQ's
-- own (tenant_id null) only HQ. The refusal is the same whether or not the tenant exists.
CREATE FUNCTION private.assert_integration_manager(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if private.is_trusted_caller()
     or (assert_integration_manager.tenant_id is not null
         and assert_integration_manager.tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))) then
    return;
  end if;
  if auth.uid() is null then
    perform private.fail('auth.not_signed_in', 'sign in first');
  end if;
  if private.current_staff_role() is null then
    perform private.fail('integrations.forbidden', 'only the tenant''s owners and admins manage its integrations');
  end if;
  perform private.assert_permission('settings.write');
end
$$;

REVOKE ALL ON FUNCTION private.assert_integration_manager(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
