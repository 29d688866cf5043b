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
    raise exception using errcode = 'PT403', message = 'only the payment Edge Functions may read gateway secrets',
      detail = 'billing.service_role_only', hint = 'call it with the service-role key';
  end if;
  if gateway_webhook_secret.gateway is null or gateway_webhook_secret.gateway not in ('stripe', 'paytabs', 'hyperpay') then
    raise exception using errcode = '22023', message = format('unknown gateway: %s', coalesce(gateway_webhook_secret.gateway, 'null')),
      detail = 'billing.invalid_gateway', hint = 'one of stripe, paytabs, hyperpay';
  end if;
  if gateway_webhook_secret.account_id is null then
    raise exception using errcode = '22023', message = 'account_id is required',
      detail = 'billing.invalid_gateway_account', hint = 'pass the gateway_accounts.id from the webhook URL (?account=…)';
  end if;

  select a.secret_name into v_secret_name
  from public.gateway_accounts a
  where a.id = gateway_webhook_secret.account_id and a.gateway = gateway_webhook_secret.gateway and a.active;
  if v_secret_name is null then
    raise exception using errcode = 'PT404', message = format('no active %s merchant account %s', gateway_webhook_secret.gateway, gateway_webhook_secret.account_id),
      detail = 'billing.unknown_gateway_account', hint = 'check the webhook URL''s account parameter and that the account is active';
  end if;

  select s.decrypted_secret into v_secret from vault.decrypted_secrets s where s.name = v_secret_name;
  if v_secret is null or btrim(v_secret) = '' then
    raise exception using errcode = 'PT404', message = format('the Vault secret %s of merchant account %s is missing', v_secret_name, gateway_webhook_secret.account_id),
      detail = 'billing.gateway_secret_missing', hint = 'store it with vault.create_secret(<secret>, <secret_name>)';
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
