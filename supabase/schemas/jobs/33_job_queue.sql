CREATE FUNCTION private.job_queue(p_queue text) RETURNS private.job_queues
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_queue private.job_queues;
begin
  select * into v_queue from private.job_queues q where q.queue_name = p_queue;
  if not found then
    perform private.fail('jobs.unknown_queue', format('unknown job queue: %s', coalesce(p_queue, 'null')),
      'queues: ' || coalesce((select string_agg(q.queue_name, ', ' order by q.queue_name) from private.job_queues q), 'none'));
  end if;
  return v_queue;
end
$$;

REVOKE ALL ON FUNCTION private.job_queue(p_queue text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_queue(p_queue text) FROM PUBLIC;
