CREATE FUNCTION private.dead_letter_job(p_queue private.job_queues, p_msg_id bigint, p_message jsonb, p_attempt integer, p_error jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform pgmq.send(p_queue.dead_letter_queue,
    p_message || jsonb_build_object('attempts', p_attempt, 'last_error', p_error,
      'dead_lettered_at', clock_timestamp(), 'source_msg_id', p_msg_id), 0);
  perform pgmq.delete(p_queue.queue_name, p_msg_id);
  perform private.notification_job_dead(p_message, p_error) where p_message ->> 'job_type' = 'notifications.deliver';
  if p_message ? 'idempotency_key' then
    update private.job_keys k set state = 'dead'
    where k.queue_name = p_queue.queue_name and k.idempotency_key = p_message ->> 'idempotency_key'
      and k.job_id = (p_message ->> 'job_id')::bigint;
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.dead_letter_job(p_queue private.job_queues, p_msg_id bigint, p_message jsonb, p_attempt integer, p_error jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dead_letter_job(p_queue private.job_queues, p_msg_id bigint, p_message jsonb, p_attempt integer, p_error jsonb) FROM PUBLIC;
