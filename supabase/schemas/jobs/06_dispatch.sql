CREATE FUNCTION private.dispatch(queue text DEFAULT NULL::text, batch_size integer DEFAULT NULL::integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_queue private.job_queues;
  v_job record;
  v_handled int := 0;
  v_attempt int;
  v_job_id bigint;
  v_context jsonb;
  v_started timestamptz;
  v_failed record;
  v_error jsonb;
  v_sqlstate text;
  v_message text;
  v_detail text;
  v_request_id bigint;
  v_base_url text;
  v_service_key text;
  v_done bigint[];
  v_done_keys text[];
  -- The batch's run history, written with one INSERT per batch.
  r_job_id bigint[];
  r_job_type text[];
  r_msg_id bigint[];
  r_attempt int[];
  r_kind text[];
  r_run_at timestamptz[];
  r_started timestamptz[];
  r_ended timestamptz[];
  r_outcome text[];
  r_error jsonb[];
  r_retry_at timestamptz[];
  r_request_id bigint[];
  r_trace_id text[];
begin
  if dispatch.batch_size is not null and dispatch.batch_size not between 1 and 64 then
    perform private.fail('jobs.invalid_batch_size', 'batch_size must be between 1 and 64');
  end if;
  if dispatch.queue is not null then
    perform private.job_queue(dispatch.queue);
  end if;

  for v_queue in
    select * from private.job_queues q
    where q.paused_at is null and (dispatch.queue is null or q.queue_name = dispatch.queue)
    order by q.queue_name
  loop
    v_done := '{}';
    v_done_keys := '{}';
    r_job_id := '{}'; r_job_type := '{}'; r_msg_id := '{}'; r_attempt := '{}'; r_kind := '{}'; r_run_at := '{}';
    r_started := '{}'; r_ended := '{}'; r_outcome := '{}'; r_error := '{}'; r_retry_at := '{}'; r_request_id := '{}'; r_trace_id := '{}';
    for v_job in
      select m.msg_id, m.read_ct, m.message, h.sql_handler, h.edge_function
      from pgmq.read(v_queue.queue_name, v_queue.visibility_timeout_seconds, coalesce(dispatch.batch_size, v_queue.batch_size)) m
      left join private.job_handlers h on h.job_type = m.message ->> 'job_type'
    loop
      v_handled := v_handled + 1;
      v_started := clock_timestamp();
      v_job_id := (v_job.message ->> 'job_id')::bigint;
      v_attempt := coalesce((v_job.message ->> 'attempts_before')::int, 0) + v_job.read_ct;
      v_error := null;
      v_request_id := null;

      -- Read again: the previous attempt was an Edge Function call that never acknowledged.
      if v_job.read_ct > 1 then
        update private.job_runs r
        set outcome = 'timed_out', ended_at = v_started,
            error_message = format('no acknowledgement within %s s', v_queue.visibility_timeout_seconds),
            error_detail = 'jobs.ack_timeout'
        where r.job_id = v_job_id and r.attempt = v_attempt - 1 and r.outcome = 'running';
        if found and v_job.read_ct > coalesce((v_job.message ->> 'max_attempts')::int, v_queue.max_attempts) then
          perform private.dead_letter_job(v_queue, v_job.msg_id, v_job.message, v_attempt - 1,
            jsonb_build_object('message', format('no acknowledgement within %s s', v_queue.visibility_timeout_seconds),
              'detail', 'jobs.ack_timeout', 'attempt', v_attempt - 1, 'at', v_started));
          update private.job_runs r set outcome = 'dead_lettered'
          where r.job_id = v_job_id and r.attempt = v_attempt - 1;
          continue;
        end if;
      end if;

      v_context := jsonb_build_object('job_id', v_job_id, 'queue', v_queue.queue_name, 'job_type', v_job.message ->> 'job_type',
        'attempt', v_attempt, 'max_attempts', (v_job.message -> 'max_attempts'), 'idempotency_key', v_job.message -> 'idempotency_key',
        'msg_id', v_job.msg_id);
      -- The handler's audit entries and jobs carry the trace of the request that enqueued this job.
      perform set_config('cmx.trace_id', coalesce(v_job.message ->> 'trace_id', ''), true);
      -- Each handler in its own subtransaction: a failing job never rolls back the others.
      begin
        if v_job.sql_handler is not null then
          execute format('select %s($1, $2)', v_job.sql_handler) using v_job.message -> 'payload', v_context;
        elsif v_job.edge_function is not null then
          if v_base_url is null then
            select t.base_url, t.service_key into v_base_url, v_service_key from private.edge_function_target() t;
          end if;
          v_request_id := net.http_post(
            url := v_base_url || '/functions/v1/' || v_job.edge_function,
            body := v_context || jsonb_build_object('payload', v_job.message -> 'payload'),
            params := '{}'::jsonb,
            headers := jsonb_strip_nulls(jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || v_service_key,
              'traceparent', private.child_traceparent(v_job.message ->> 'trace_id'))),
            timeout_milliseconds := least(v_queue.visibility_timeout_seconds, 60) * 1000);
        else
          perform private.fail('jobs.no_handler', format('no handler registered for job type %s', v_job.message ->> 'job_type'));
        end if;
      exception when others then
        get stacked diagnostics v_sqlstate = returned_sqlstate, v_message = message_text, v_detail = pg_exception_detail;
        v_error := jsonb_build_object('message', v_message, 'sqlstate', v_sqlstate, 'detail', nullif(v_detail, ''),
          'attempt', v_attempt, 'at', clock_timestamp());
      end;

      r_job_id := r_job_id || v_job_id;
      r_job_type := r_job_type || (v_job.message ->> 'job_type');
      r_msg_id := r_msg_id || v_job.msg_id;
      r_attempt := r_attempt || v_attempt;
      r_kind := r_kind || case when v_job.sql_handler is not null then 'sql' when v_job.edge_function is not null then 'edge_function' else 'none' end;
      r_run_at := r_run_at || (v_job.message ->> 'run_at')::timestamptz;
      r_started := r_started || v_started;
      r_error := r_error || v_error;
      r_request_id := r_request_id || v_request_id;
      r_trace_id := r_trace_id || (v_job.message ->> 'trace_id');
      if v_error is null and v_job.sql_handler is null then
        -- Posted: the Edge Function acknowledges with complete_job / fail_job.
        r_ended := r_ended || null::timestamptz;
        r_outcome := r_outcome || 'running'::text;
        r_retry_at := r_retry_at || null::timestamptz;
      elsif v_error is null then
        v_done := v_done || v_job.msg_id;
        if v_job.message ? 'idempotency_key' then
          v_done_keys := v_done_keys || (v_job.message ->> 'idempotency_key');
        end if;
        r_ended := r_ended || clock_timestamp();
        r_outcome := r_outcome || 'succeeded'::text;
        r_retry_at := r_retry_at || null::timestamptz;
      else
        select f.outcome, f.retry_at into v_failed
        from private.job_attempt_failed(v_queue, v_job.msg_id, v_job.message, v_job.read_ct, v_attempt, v_error) f;
        r_ended := r_ended || clock_timestamp();
        r_outcome := r_outcome || v_failed.outcome;
        r_retry_at := r_retry_at || v_failed.retry_at;
      end if;
    end loop;

    if cardinality(r_job_id) > 0 then
      insert into private.job_runs (job_id, queue_name, job_type, msg_id, attempt, handler_kind, run_at, started_at, ended_at,
        outcome, error_message, error_sqlstate, error_detail, retry_at, net_request_id, trace_id)
      select u.job_id, v_queue.queue_name, u.job_type, u.msg_id, u.attempt, u.kind, u.run_at, u.started, u.ended,
        u.outcome, u.error ->> 'message', u.error ->> 'sqlstate', u.error ->> 'detail', u.retry_at, u.request_id, u.trace_id
      from unnest(r_job_id, r_job_type, r_msg_id, r_attempt, r_kind, r_run_at, r_started, r_ended, r_outcome, r_error,
        r_retry_at, r_request_id, r_trace_id)
        as u(job_id, job_type, msg_id, attempt, kind, run_at, started, ended, outcome, error, retry_at, request_id, trace_id);
    end if;
    if cardinality(v_done) > 0 then
      perform pgmq.delete(v_queue.queue_name, v_done);
    end if;
    if cardinality(v_done_keys) > 0 then
      perform private.job_succeeded_keys(v_queue, v_done_keys);
    end if;
  end loop;
  perform set_config('cmx.trace_id', '', true);
  return v_handled;
end
$_$;

REVOKE ALL ON FUNCTION private.dispatch(queue text, batch_size integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dispatch(queue text, batch_size integer) FROM PUBLIC;
