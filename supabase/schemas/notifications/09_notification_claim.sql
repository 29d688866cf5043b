-- notify-deliver's first call: takes one message for sending. Null when there is nothing to send
-- (already sent, delivered, failed for good, suppressed, dead; or its address is now on the
-- suppression list: the row becomes suppressed); else the message marked 'sending'
-- with one more attempt, and what the adapter needs.
create function public.notification_claim(p_outbox_id uuid) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.notification_claim(p_outbox_id) $$;

create function private.notification_claim(p_outbox_id uuid) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  o public.notification_outbox;
  ch public.notification_channels;
  v_suppressed text;
begin
  select * into o from public.notification_outbox x where x.id = p_outbox_id for update;
  if o.id is null or o.status not in ('queued', 'sending') then
    return null;
  end if;
  -- the address bounced or complained after this message was written: it is not sent either
  v_suppressed := private.notification_suppressed_reason(o.channel, o.address);
  if v_suppressed is not null then
    update public.notification_outbox x set status = 'suppressed', status_reason = v_suppressed, updated_at = now()
    where x.id = o.id;
    return null;
  end if;
  select * into ch from public.notification_channels c where c.channel = o.channel;
  update public.notification_outbox x set status = 'sending', attempts = x.attempts + 1, provider = ch.provider,
    status_reason = null, updated_at = now()
  where x.id = o.id returning * into o;
  return jsonb_build_object('id', o.id, 'channel', o.channel, 'provider', ch.provider, 'sender', ch.sender,
    'to', o.address, 'locale', o.locale, 'subject', o.subject, 'text', o.body_text, 'html', o.body_html,
    'whatsapp', case when o.whatsapp_template is not null then jsonb_build_object('template', o.whatsapp_template,
                'language', o.locale, 'parameters', o.whatsapp_parameters) end,
    'attempt', o.attempts, 'max_attempts', o.max_attempts, 'idempotency_key', o.idempotency_key);
end
$$;

revoke all on function public.notification_claim(uuid) from public, anon, authenticated, service_role;
grant execute on function public.notification_claim(uuid) to service_role;
comment on function public.notification_claim(uuid) is
  'notify-deliver (service_role): marks a message sending (attempts + 1) and returns {id, channel, provider, sender, to, locale, subject, text, html, whatsapp, attempt, max_attempts, idempotency_key}; null when there is nothing to send.';
revoke all on function private.notification_claim(uuid) from public, anon, authenticated, service_role;
grant execute on function private.notification_claim(uuid) to service_role;

-- The provider accepted the message.
create function public.notification_sent(p_outbox_id uuid, p_provider text, p_provider_message_id text) returns void
    language sql
    set search_path to ''
    as $$ select private.notification_sent(p_outbox_id, p_provider, p_provider_message_id) $$;

create function private.notification_sent(p_outbox_id uuid, p_provider text, p_provider_message_id text) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  o public.notification_outbox;
begin
  select * into o from public.notification_outbox x where x.id = p_outbox_id for update;
  if o.id is null then
    perform private.fail('notifications.not_found', 'no such message');
  end if;
  perform private.assert_text_size(p_provider_message_id, 'the provider message id', 'reference');
  if o.status not in ('queued', 'sending', 'failed', 'dead') then
    return;   -- already sent (a receipt may even have come first): nothing to change
  end if;
  update public.notification_outbox x set status = 'sent', provider = coalesce(p_provider, x.provider),
    provider_message_id = p_provider_message_id, sent_at = now(), last_error = null, status_reason = null, updated_at = now()
  where x.id = o.id;
end
$$;

revoke all on function public.notification_sent(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function public.notification_sent(uuid, text, text) to service_role;
comment on function public.notification_sent(uuid, text, text) is
  'notify-deliver (service_role): the provider accepted the message (status sent, its message id kept for receipts).';
revoke all on function private.notification_sent(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function private.notification_sent(uuid, text, text) to service_role;

-- The provider refused the message or could not be reached. Not retryable: failed at once.
-- Retryable: back to queued for the job's next attempt, or dead after the last one.
create function public.notification_failed(p_outbox_id uuid, p_provider text, p_error text, p_retryable boolean) returns void
    language sql
    set search_path to ''
    as $$ select private.notification_failed(p_outbox_id, p_provider, p_error, p_retryable) $$;

create function private.notification_failed(p_outbox_id uuid, p_provider text, p_error text, p_retryable boolean) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  o public.notification_outbox;
begin
  select * into o from public.notification_outbox x where x.id = p_outbox_id for update;
  if o.id is null then
    perform private.fail('notifications.not_found', 'no such message');
  end if;
  if o.status not in ('queued', 'sending') then
    return;   -- sent, delivered or already settled: a late failure changes nothing
  end if;
  update public.notification_outbox x set
    status = case when not coalesce(p_retryable, false) then 'failed'
                  when x.attempts >= x.max_attempts then 'dead' else 'queued' end,
    provider = coalesce(p_provider, x.provider), last_error = left(coalesce(p_error, 'unknown error'), 2000), updated_at = now()
  where x.id = o.id;
end
$$;

revoke all on function public.notification_failed(uuid, text, text, boolean) from public, anon, authenticated, service_role;
grant execute on function public.notification_failed(uuid, text, text, boolean) to service_role;
comment on function public.notification_failed(uuid, text, text, boolean) is
  'notify-deliver (service_role): the send failed; not retryable → failed, retryable → queued for the job retry, or dead after the last attempt.';
revoke all on function private.notification_failed(uuid, text, text, boolean) from public, anon, authenticated, service_role;
grant execute on function private.notification_failed(uuid, text, text, boolean) to service_role;
