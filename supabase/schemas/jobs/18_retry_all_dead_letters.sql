CREATE FUNCTION private.retry_all_dead_letters(queue text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_queue private.job_queues;
  v_job_id bigint;
  v_count int := 0;
begin
  perform private.assert_job_operator();
  v_queue := private.job_queue(retry_all_dead_letters.queue);
  for v_job_id in execute format('select (m.message ->> ''job_id'')::bigint from pgmq.%I m order by m.msg_id', 'q_' || v_queue.dead_letter_queue)
  loop
    perform private.retry_dead_letter(v_queue.queue_name, v_job_id);
    v_count := v_count + 1;
  end loop;
  return v_count;
end
$$;

REVOKE ALL ON FUNCTION private.retry_all_dead_letters(queue text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.retry_all_dead_letters(queue text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.retry_all_dead_letters(queue text) TO service_role;
GRANT ALL ON FUNCTION private.retry_all_dead_letters(queue text) TO authenticated;
