CREATE FUNCTION private.discard_dead_letter(queue text, job_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_queue private.job_queues;
  v_dead record;
begin
  perform private.assert_job_operator();
  v_queue := private.job_queue(discard_dead_letter.queue);
  execute format('select m.msg_id, m.message from pgmq.%I m where m.message @> jsonb_build_object(''job_id'', $1::bigint) for update',
      'q_' || v_queue.dead_letter_queue)
    into v_dead using discard_dead_letter.job_id;
  if v_dead.msg_id is null then
    perform private.fail('jobs.dead_letter_not_found', format('job %s is not in the dead letters of %s', coalesce(discard_dead_letter.job_id::text, 'null'), v_queue.queue_name),
      'see private.job_stats and the dead-letter queue ' || v_queue.dead_letter_queue);
  end if;
  perform pgmq.archive(v_queue.dead_letter_queue, v_dead.msg_id);
  if v_dead.message ? 'idempotency_key' then
    delete from private.job_keys k
    where k.queue_name = v_queue.queue_name and k.idempotency_key = v_dead.message ->> 'idempotency_key'
      and k.job_id = discard_dead_letter.job_id;
  end if;
end
$_$;

REVOKE ALL ON FUNCTION private.discard_dead_letter(queue text, job_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.discard_dead_letter(queue text, job_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION private.discard_dead_letter(queue text, job_id bigint) TO service_role;
GRANT ALL ON FUNCTION private.discard_dead_letter(queue text, job_id bigint) TO authenticated;
