-- The outbox follows the jobs backbone: a notifications.deliver job dead-lettered without the Edge
-- Function settling its row (no acknowledgement, a crash before notification_failed) makes the row
-- dead too, with the job's last error. Called by private.dead_letter_job (jobs/31).
create function private.notification_job_dead(message jsonb, error jsonb) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
begin
  update public.notification_outbox o set status = 'dead',
    last_error = left(coalesce(error ->> 'message', o.last_error, 'dead-lettered'), 2000), updated_at = now()
  where o.id = (message #>> '{payload,outbox_id}')::uuid and o.status in ('queued', 'sending');
end
$$;

revoke all on function private.notification_job_dead(jsonb, jsonb) from public, anon, authenticated, service_role;
