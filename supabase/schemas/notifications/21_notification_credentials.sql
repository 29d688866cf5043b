-- Provider credentials in Vault, one secret per provider (issue 17 §2 "credentials in Vault per
-- platform"): the Vault secret named 'notifications.<provider>' holds a JSON object whose keys are
-- the settings' env names, e.g. select vault.create_secret('{"TWILIO_ACCOUNT_SID": "AC…",
-- "TWILIO_AUTH_TOKEN": "…"}', 'notifications.twilio', 'Twilio for notify-*'). notify-deliver and
-- notify-receipts read it through this one function (service role only); a name the object does not
-- hold falls back to the function's env (development, devstack). docs/notifications-channels.md.
create function public.notification_credentials(p_provider text) returns jsonb
    language sql stable
    set search_path to ''
    as $$ select private.notification_credentials(p_provider) $$;

create function private.notification_credentials(p_provider text) returns jsonb
    language plpgsql stable security definer
    set search_path to ''
    as $$
declare
  v_secret text;
  v_value jsonb;
begin
  if not private.is_trusted_caller() then
    perform private.fail('notifications.service_role_only', 'only the notification Edge Functions read provider credentials');
  end if;
  if p_provider is null or p_provider not in ('smtp', 'http_email', 'twilio', 'unifonic', 'whatsapp_cloud') then
    perform private.fail('notifications.invalid_provider', format('unknown provider: %s', coalesce(p_provider, 'null')));
  end if;
  select s.decrypted_secret into v_secret from vault.decrypted_secrets s where s.name = 'notifications.' || p_provider;
  if v_secret is null then
    return null;   -- not in Vault: the function's env is used
  end if;
  begin
    v_value := v_secret::jsonb;
  exception when others then
    v_value := null;
  end;
  if v_value is null or jsonb_typeof(v_value) <> 'object' then
    perform private.fail('notifications.invalid_credentials',
      format('the Vault secret notifications.%s is not a JSON object of settings', p_provider));
  end if;
  -- settings are strings (as env values are); anything else is left out
  return coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(v_value) e where jsonb_typeof(e.value) = 'string'), '{}');
end
$$;

revoke all on function public.notification_credentials(text) from public, anon, authenticated, service_role;
grant execute on function public.notification_credentials(text) to service_role;
comment on function public.notification_credentials(text) is
  'notify-deliver / notify-receipts (service role only): the provider''s settings from the Vault secret notifications.<provider> (a JSON object keyed by env name), or null when Vault holds none (the env is used).';
revoke all on function private.notification_credentials(text) from public, anon, authenticated, service_role;
grant execute on function private.notification_credentials(text) to service_role;
