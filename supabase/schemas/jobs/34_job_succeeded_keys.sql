CREATE FUNCTION private.job_succeeded_keys(p_queue private.job_queues, p_keys text[]) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  update private.job_keys k
  set state = 'succeeded', expires_at = private.now() + p_queue.idempotency_retention
  where k.queue_name = p_queue.queue_name and k.idempotency_key = any (p_keys);
$$;

REVOKE ALL ON FUNCTION private.job_succeeded_keys(p_queue private.job_queues, p_keys text[]) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_succeeded_keys(p_queue private.job_queues, p_keys text[]) FROM PUBLIC;
