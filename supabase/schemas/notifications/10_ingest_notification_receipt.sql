-- A delivery receipt from a provider's (signature-checked) webhook: delivered, failed, bounced, read
-- or complained (the reader marked it as spam: the message keeps its status). A bounce (unless the
-- detail says "permanent": false, a soft bounce) and a complaint put the message's address on the
-- suppression list (public.notification_suppressions): nothing is written to it again. Idempotent: the same receipt again changes nothing. A status never goes back (a late 'delivered'
-- after a bounce is kept as the last receipt only). An id this platform never sent answers
-- {ok: false, code: 'notifications.unknown_message'} rather than an error, so the webhook can log it.
create function public.ingest_notification_receipt(p_provider text, p_provider_message_id text, p_status text, p_detail jsonb default '{}') returns jsonb
    language sql
    set search_path to ''
    as $$ select private.ingest_notification_receipt(p_provider, p_provider_message_id, p_status, p_detail) $$;

create function private.ingest_notification_receipt(p_provider text, p_provider_message_id text, p_status text, p_detail jsonb default '{}') returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  o public.notification_outbox;
  v_status text;
  v_receipt jsonb;
  v_suppress text;
begin
  if p_status is null or p_status not in ('delivered', 'failed', 'bounced', 'read', 'complained') then
    perform private.fail('notifications.invalid_receipt', format('unknown receipt status: %s', coalesce(p_status, 'null')));
  end if;
  perform private.assert_json_size(coalesce(p_detail, '{}'), 'the receipt detail', 'json.bytes');
  select * into o from public.notification_outbox x
  where x.provider = p_provider and x.provider_message_id = p_provider_message_id for update;
  if o.id is null then
    return jsonb_build_object('ok', false, 'code', 'notifications.unknown_message');
  end if;
  v_status := case
    when p_status in ('delivered', 'read') and o.status in ('queued', 'sending', 'sent') then 'delivered'
    when p_status in ('failed', 'bounced') and o.status in ('queued', 'sending', 'sent', 'delivered') then p_status
    else o.status end;
  v_receipt := jsonb_build_object('status', p_status, 'detail', coalesce(p_detail, '{}'));
  if v_status = o.status and o.last_receipt - 'at' = v_receipt and (p_status <> 'read' or o.read_at is not null) then
    return jsonb_build_object('ok', true, 'id', o.id, 'status', o.status, 'changed', false);
  end if;
  v_suppress := case when p_status = 'complained' then 'complained'
                     when p_status = 'bounced' and coalesce(p_detail -> 'permanent', 'true') <> 'false' then 'bounced' end;
  if v_suppress is not null and o.address is not null then
    insert into public.notification_suppressions (channel, address, reason, detail, provider, outbox_id)
    values (o.channel, private.notification_address_key(o.channel, o.address), v_suppress,
            left(coalesce(p_detail ->> 'error', p_detail ->> 'reason', p_status), 2000), p_provider, o.id)
    on conflict (channel, address) do nothing;
  end if;
  update public.notification_outbox x set status = v_status,
    delivered_at = case when v_status = 'delivered' then coalesce(x.delivered_at, now()) else x.delivered_at end,
    read_at = case when p_status = 'read' then coalesce(x.read_at, now()) else x.read_at end,
    last_error = case when p_status in ('failed', 'bounced')
                      then left(coalesce(p_detail ->> 'error', p_detail ->> 'reason', p_status), 2000) else x.last_error end,
    last_receipt = v_receipt || jsonb_build_object('at', now()), updated_at = now()
  where x.id = o.id;
  return jsonb_strip_nulls(jsonb_build_object('ok', true, 'id', o.id, 'status', v_status,
    'changed', v_status <> o.status or p_status in ('read', 'complained'), 'suppressed', v_suppress));
end
$$;

revoke all on function public.ingest_notification_receipt(text, text, text, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.ingest_notification_receipt(text, text, text, jsonb) to service_role;
comment on function public.ingest_notification_receipt(text, text, text, jsonb) is
  'Receipt webhooks (service_role): delivered | failed | bounced | read | complained for a provider message id; a hard bounce or a complaint suppresses the address; idempotent; {ok, id, status, changed, suppressed} or {ok: false, code: notifications.unknown_message}.';
revoke all on function private.ingest_notification_receipt(text, text, text, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.ingest_notification_receipt(text, text, text, jsonb) to service_role;
