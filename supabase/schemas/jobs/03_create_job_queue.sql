CREATE FUNCTION private.create_job_queue(queue_name text, description text DEFAULT ''::text, max_attempts integer DEFAULT 5, visibility_timeout_seconds integer DEFAULT 300, batch_size integer DEFAULT 50, backoff_base_seconds integer DEFAULT 10, backoff_max_seconds integer DEFAULT 3600, idempotency_retention interval DEFAULT '24:00:00'::interval, history_retention interval DEFAULT '14 days'::interval) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_dlq text := create_job_queue.queue_name || '_dlq';
begin
  if create_job_queue.queue_name is null or create_job_queue.queue_name !~ '^[a-z][a-z0-9_]*$' or length(create_job_queue.queue_name) > 43
     or create_job_queue.queue_name like '%\_dlq' then
    perform private.fail('jobs.invalid_queue_name', format('invalid queue name: %s', coalesce(create_job_queue.queue_name, 'null')));
  end if;
  -- The declaration wins: re-running a migration resets the policy to what it declares.
  insert into private.job_queues as q (queue_name, dead_letter_queue, description, max_attempts, visibility_timeout_seconds,
    batch_size, backoff_base_seconds, backoff_max_seconds, idempotency_retention, history_retention)
  values (create_job_queue.queue_name, v_dlq, coalesce(create_job_queue.description, ''), create_job_queue.max_attempts,
    create_job_queue.visibility_timeout_seconds, create_job_queue.batch_size, create_job_queue.backoff_base_seconds,
    create_job_queue.backoff_max_seconds, create_job_queue.idempotency_retention, create_job_queue.history_retention)
  on conflict on constraint job_queues_pkey do update set
    description = excluded.description, max_attempts = excluded.max_attempts,
    visibility_timeout_seconds = excluded.visibility_timeout_seconds, batch_size = excluded.batch_size,
    backoff_base_seconds = excluded.backoff_base_seconds, backoff_max_seconds = excluded.backoff_max_seconds,
    idempotency_retention = excluded.idempotency_retention, history_retention = excluded.history_retention;
  if not exists (select from pgmq.list_queues() l where l.queue_name = create_job_queue.queue_name) then
    perform pgmq.create(create_job_queue.queue_name);
  end if;
  if not exists (select from pgmq.list_queues() l where l.queue_name = v_dlq) then
    perform pgmq.create(v_dlq);
  end if;
end
$_$;

REVOKE ALL ON FUNCTION private.create_job_queue(queue_name text, description text, max_attempts integer, visibility_timeout_seconds integer, batch_size integer, backoff_base_seconds integer, backoff_max_seconds integer, idempotency_retention interval, history_retention interval) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.create_job_queue(queue_name text, description text, max_attempts integer, visibility_timeout_seconds integer, batch_size integer, backoff_base_seconds integer, backoff_max_seconds integer, idempotency_retention interval, history_retention interval) FROM PUBLIC;
