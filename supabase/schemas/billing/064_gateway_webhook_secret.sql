-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.gateway_webhook_secret, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.gateway_webhook_secret(account_id uuid, gateway text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.gateway_webhook_secret(account_id, gateway) $$;

CREATE FUNCTION private.gateway_webhook_secret(account_id uuid, gateway text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_secret_name text;
  v_secret text;
begin
  if not private.is_trusted_caller() then
    perform private.fail('billing.service_role_only', 'only the payment Edge Functions may read gateway secrets');
  end if;
  if gateway_webhook_secret.gateway is null or gateway_webhook_secret.gateway not in ('stripe', 'paytabs', 'hyperpay') then
    perform private.fail('billing.invalid_gateway', format('unknown gateway: %s', coalesce(gateway_webhook_secret.gateway, 'null')));
  end if;
  if gateway_webhook_secret.account_id is null then
    perform private.fail('billing.invalid_gateway_account', 'account_id is required');
  end if;

  select a.secret_name into v_secret_name
  from public.gateway_accounts a
  where a.id = gateway_webhook_secret.account_id and a.gateway = gateway_webhook_secret.gateway and a.active;
  if v_secret_name is null then
    perform private.fail('billing.unknown_gateway_account', format('no active %s merchant account %s', gateway_webhook_secret.gateway, gateway_webhook_secret.account_id));
  end if;

  select s.decrypted_secret into v_secret from vault.decrypted_secrets s where s.name = v_secret_name;
  if v_secret is null or btrim(v_secret) = '' then
    perform private.fail('billing.gateway_secret_missing', format('the Vault secret %s of merchant account %s is missing', v_secret_name, gateway_webhook_secret.account_id));
  end if;
  return v_secret;
end
$$;

REVOKE ALL ON FUNCTION public.gateway_webhook_secret(account_id uuid, gateway text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.gateway_webhook_secret(account_id uuid, gateway text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.gateway_webhook_secret(account_id uuid, gateway text) TO service_role;

COMMENT ON FUNCTION public.gateway_webhook_secret(account_id uuid, gateway text) IS 'The webhook secret (Stripe whsec_, PayTabs server key, HyperPay 64-hex key) of a tenant merchant account, from Vault. Service role only.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.gateway_webhook_secret(account_id uuid, gateway text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.gateway_webhook_secret(account_id uuid, gateway text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.gateway_webhook_secret(account_id uuid, gateway text) TO service_role;
