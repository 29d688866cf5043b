CREATE FUNCTION private.retry_dead_letter(queue text, job_id bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_queue private.job_queues;
  v_dead record;
begin
  perform private.assert_job_operator();
  v_queue := private.job_queue(retry_dead_letter.queue);
  execute format('select m.msg_id, m.message from pgmq.%I m where m.message @> jsonb_build_object(''job_id'', $1::bigint) for update',
      'q_' || v_queue.dead_letter_queue)
    into v_dead using retry_dead_letter.job_id;
  if v_dead.msg_id is null then
    perform private.fail('jobs.dead_letter_not_found', format('job %s is not in the dead letters of %s', coalesce(retry_dead_letter.job_id::text, 'null'), v_queue.queue_name),
      'see private.job_stats and the dead-letter queue ' || v_queue.dead_letter_queue);
  end if;
  -- A fresh budget of attempts; attempt numbers keep counting so the history stays unambiguous.
  perform pgmq.send(v_queue.queue_name,
    (v_dead.message - array['attempts', 'last_error', 'dead_lettered_at', 'source_msg_id'])
      || jsonb_build_object('attempts_before', (v_dead.message ->> 'attempts')::int, 'run_at', clock_timestamp()), 0);
  perform pgmq.delete(v_queue.dead_letter_queue, v_dead.msg_id);
  if v_dead.message ? 'idempotency_key' then
    update private.job_keys k set state = 'pending'
    where k.queue_name = v_queue.queue_name and k.idempotency_key = v_dead.message ->> 'idempotency_key'
      and k.job_id = retry_dead_letter.job_id;
  end if;
  return retry_dead_letter.job_id;
end
$_$;

REVOKE ALL ON FUNCTION private.retry_dead_letter(queue text, job_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.retry_dead_letter(queue text, job_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION private.retry_dead_letter(queue text, job_id bigint) TO service_role;
GRANT ALL ON FUNCTION private.retry_dead_letter(queue text, job_id bigint) TO authenticated;
