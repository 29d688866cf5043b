CREATE FUNCTION private.complete_job(job_id bigint, attempt integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_run private.job_runs := private.job_running_attempt(complete_job.job_id, complete_job.attempt);
  v_queue private.job_queues := private.job_queue(v_run.queue_name);
  v_key text;
begin
  execute format('select m.message ->> ''idempotency_key'' from pgmq.%I m where m.msg_id = $1', 'q_' || v_queue.queue_name)
    into v_key using v_run.msg_id;
  perform pgmq.delete(v_queue.queue_name, v_run.msg_id);
  update private.job_runs r set outcome = 'succeeded', ended_at = clock_timestamp() where r.id = v_run.id;
  if v_key is not null then
    perform private.job_succeeded_keys(v_queue, array[v_key]);
  end if;
end
$_$;

REVOKE ALL ON FUNCTION private.complete_job(job_id bigint, attempt integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.complete_job(job_id bigint, attempt integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.complete_job(job_id bigint, attempt integer) TO service_role;
