CREATE FUNCTION private.enqueue(queue text, job_type text, payload jsonb, idempotency_key text DEFAULT NULL::text, run_at timestamp with time zone DEFAULT now(), max_attempts integer DEFAULT NULL::integer) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_queue_name text;
  v_queue_max_attempts int;
  v_known_type boolean;
  v_handler_max_attempts int;
  v_max_attempts int;
  v_job_id bigint;
  v_held_by bigint;
  v_run_at timestamptz := coalesce(enqueue.run_at, now());
  v_delay int;
  v_message jsonb;
  v_trace_id text;
begin
  -- One lookup for both; the error paths call the helpers that explain what is wrong.
  select q.queue_name, q.max_attempts, h.job_type is not null, h.max_attempts
  into v_queue_name, v_queue_max_attempts, v_known_type, v_handler_max_attempts
  from private.job_queues q left join private.job_handlers h on h.job_type = enqueue.job_type
  where q.queue_name = enqueue.queue;
  if v_queue_name is null then
    perform private.job_queue(enqueue.queue);
  end if;
  if not v_known_type then
    perform private.fail('jobs.unknown_job_type', format('unknown job type: %s', coalesce(enqueue.job_type, 'null')));
  end if;
  if enqueue.payload is null or jsonb_typeof(enqueue.payload) <> 'object' then
    perform private.fail('jobs.invalid_payload', format('job payload must be a JSON object, got %s', coalesce(jsonb_typeof(enqueue.payload), 'null')));
  end if;
  if enqueue.max_attempts is not null and enqueue.max_attempts not between 1 and 100 then
    perform private.fail('jobs.invalid_max_attempts', format('max_attempts must be between 1 and 100, got %s', enqueue.max_attempts));
  end if;
  if enqueue.idempotency_key is not null and (btrim(enqueue.idempotency_key) = '' or length(enqueue.idempotency_key) > 200) then
    perform private.fail('jobs.invalid_idempotency_key', 'idempotency_key must be 1 to 200 characters and not blank');
  end if;
  v_max_attempts := coalesce(enqueue.max_attempts, v_handler_max_attempts, v_queue_max_attempts);
  v_job_id := nextval('private.job_id_seq');

  if enqueue.idempotency_key is not null then
    -- One statement claims the key or finds its holder, so concurrent enqueues agree.
    insert into private.job_keys as k (queue_name, idempotency_key, job_id, state)
    values (v_queue_name, enqueue.idempotency_key, v_job_id, 'pending')
    on conflict on constraint job_keys_pkey do update
      set job_id = excluded.job_id, state = 'pending', expires_at = null, created_at = now()
      where k.state = 'succeeded' and k.expires_at <= private.now()
    returning k.job_id into v_held_by;
    if v_held_by is null then
      select k.job_id into v_held_by from private.job_keys k
      where k.queue_name = v_queue_name and k.idempotency_key = enqueue.idempotency_key;
      return v_held_by;
    end if;
  end if;

  v_message := jsonb_build_object('job_id', v_job_id, 'job_type', enqueue.job_type, 'payload', enqueue.payload,
    'max_attempts', v_max_attempts, 'run_at', v_run_at);
  if enqueue.idempotency_key is not null then
    v_message := v_message || jsonb_build_object('idempotency_key', enqueue.idempotency_key);
  end if;
  -- The job carries the trace of the request that enqueued it (see private.current_trace_id).
  v_trace_id := private.current_trace_id();
  if v_trace_id is not null then
    v_message := v_message || jsonb_build_object('trace_id', v_trace_id);
  end if;
  -- Whole seconds: the pgmq API shared by 1.4 and 1.5 takes an integer delay.
  v_delay := least(greatest(ceil(extract(epoch from (v_run_at - clock_timestamp()))), 0), 2147483647)::int;
  perform pgmq.send(v_queue_name, v_message, v_delay);
  return v_job_id;
end
$$;

REVOKE ALL ON FUNCTION private.enqueue(queue text, job_type text, payload jsonb, idempotency_key text, run_at timestamp with time zone, max_attempts integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.enqueue(queue text, job_type text, payload jsonb, idempotency_key text, run_at timestamp with time zone, max_attempts integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.enqueue(queue text, job_type text, payload jsonb, idempotency_key text, run_at timestamp with time zone, max_attempts integer) TO service_role;
