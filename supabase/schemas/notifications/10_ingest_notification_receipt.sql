-- A delivery receipt from a provider's (signature-checked) webhook: delivered, failed, bounced or read.
-- Idempotent: the same receipt again changes nothing. A status never goes back (a late 'delivered'
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
begin
  if p_status is null or p_status not in ('delivered', 'failed', 'bounced', 'read') then
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
  update public.notification_outbox x set status = v_status,
    delivered_at = case when v_status = 'delivered' then coalesce(x.delivered_at, now()) else x.delivered_at end,
    read_at = case when p_status = 'read' then coalesce(x.read_at, now()) else x.read_at end,
    last_error = case when p_status in ('failed', 'bounced')
                      then left(coalesce(p_detail ->> 'error', p_detail ->> 'reason', p_status), 2000) else x.last_error end,
    last_receipt = v_receipt || jsonb_build_object('at', now()), updated_at = now()
  where x.id = o.id;
  return jsonb_build_object('ok', true, 'id', o.id, 'status', v_status, 'changed', v_status <> o.status or p_status = 'read');
end
$$;

revoke all on function public.ingest_notification_receipt(text, text, text, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.ingest_notification_receipt(text, text, text, jsonb) to service_role;
comment on function public.ingest_notification_receipt(text, text, text, jsonb) is
  'Receipt webhooks (service_role): delivered | failed | bounced | read for a provider message id; idempotent; {ok, id, status, changed} or {ok: false, code: notifications.unknown_message}.';
revoke all on function private.ingest_notification_receipt(text, text, text, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.ingest_notification_receipt(text, text, text, jsonb) to service_role;
