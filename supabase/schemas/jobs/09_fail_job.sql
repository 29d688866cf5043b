CREATE FUNCTION private.fail_job(job_id bigint, attempt integer, error text, retry boolean DEFAULT true) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_run private.job_runs := private.job_running_attempt(fail_job.job_id, fail_job.attempt);
  v_queue private.job_queues := private.job_queue(v_run.queue_name);
  v_message jsonb;
  v_read_ct int;
  v_now timestamptz := clock_timestamp();
  v_failed record;
begin
  if fail_job.error is null or btrim(fail_job.error) = '' then
    perform private.fail('jobs.invalid_acknowledgement', 'error is required');
  end if;
  execute format('select m.message, m.read_ct from pgmq.%I m where m.msg_id = $1 for update', 'q_' || v_queue.queue_name)
    into v_message, v_read_ct using v_run.msg_id;
  if v_message is null then
    perform private.fail('jobs.stale_attempt', format('job %s is no longer in its queue', fail_job.job_id));
  end if;
  select * into v_failed from private.job_attempt_failed(v_queue, v_run.msg_id, v_message, v_read_ct, v_run.attempt,
    jsonb_build_object('message', left(fail_job.error, 2000), 'detail', 'jobs.edge_function_failed', 'attempt', v_run.attempt, 'at', v_now),
    coalesce(fail_job.retry, true));
  update private.job_runs r
  set outcome = v_failed.outcome, ended_at = v_now, error_message = left(fail_job.error, 2000),
      error_detail = 'jobs.edge_function_failed', retry_at = v_failed.retry_at
  where r.id = v_run.id;
  return v_failed.outcome;
end
$_$;

REVOKE ALL ON FUNCTION private.fail_job(job_id bigint, attempt integer, error text, retry boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.fail_job(job_id bigint, attempt integer, error text, retry boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION private.fail_job(job_id bigint, attempt integer, error text, retry boolean) TO service_role;
