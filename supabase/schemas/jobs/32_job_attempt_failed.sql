CREATE FUNCTION private.job_attempt_failed(p_queue private.job_queues, p_msg_id bigint, p_message jsonb, p_read_ct integer, p_attempt integer, p_error jsonb, p_retry boolean DEFAULT true, OUT outcome text, OUT retry_at timestamp with time zone) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if p_retry and p_read_ct < coalesce((p_message ->> 'max_attempts')::int, p_queue.max_attempts) then
    select m.vt into retry_at
    from pgmq.set_vt(p_queue.queue_name, p_msg_id,
      private.job_backoff_seconds(p_read_ct, p_queue.backoff_base_seconds, p_queue.backoff_max_seconds)) m;
    outcome := 'failed';
  else
    perform private.dead_letter_job(p_queue, p_msg_id, p_message, p_attempt, p_error);
    outcome := 'dead_lettered';
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.job_attempt_failed(p_queue private.job_queues, p_msg_id bigint, p_message jsonb, p_read_ct integer, p_attempt integer, p_error jsonb, p_retry boolean, OUT outcome text, OUT retry_at timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_attempt_failed(p_queue private.job_queues, p_msg_id bigint, p_message jsonb, p_read_ct integer, p_attempt integer, p_error jsonb, p_retry boolean, OUT outcome text, OUT retry_at timestamp with time zone) FROM PUBLIC;
