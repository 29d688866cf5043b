-- Console: sends a failed, bounced or dead message again (a new delivery job, attempts from zero).
create function public.retry_notification(p_outbox_id uuid) returns void
    language sql
    set search_path to ''
    as $$ select private.retry_notification(p_outbox_id) $$;

create function private.retry_notification(p_outbox_id uuid) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  o public.notification_outbox;
  after_row public.notification_outbox;
begin
  perform private.assert_permission('settings.write');
  select * into o from public.notification_outbox x where x.id = p_outbox_id for update;
  if o.id is null then
    perform private.fail('notifications.not_found', 'no such message');
  end if;
  if o.status not in ('failed', 'bounced', 'dead') then
    perform private.fail('notifications.not_retryable', format('a %s message is not retried', o.status));
  end if;
  update public.notification_outbox x set status = 'queued', attempts = 0, retries = x.retries + 1,
    next_attempt_at = now(), status_reason = null, updated_at = now()
  where x.id = o.id returning * into after_row;
  perform private.enqueue('notifications', 'notifications.deliver', jsonb_build_object('outbox_id', o.id),
    format('notify:%s:retry:%s', o.id, after_row.retries));
  perform audit.record('notification.retry', 'notification', o.id::text, jsonb_build_object('status', o.status, 'last_error', o.last_error),
    jsonb_build_object('status', after_row.status, 'retries', after_row.retries), o.tenant_id);
end
$$;

revoke all on function public.retry_notification(uuid) from public, anon, authenticated, service_role;
grant execute on function public.retry_notification(uuid) to authenticated, service_role;
comment on function public.retry_notification(uuid) is
  'Console (settings.write): queues a failed, bounced or dead message for delivery again; audited.';
revoke all on function private.retry_notification(uuid) from public, anon, authenticated, service_role;
grant execute on function private.retry_notification(uuid) to authenticated, service_role;
