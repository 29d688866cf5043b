CREATE FUNCTION private.pause_queue(queue text, reason text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_job_operator();
  perform private.job_queue(pause_queue.queue);
  update private.job_queues q
  set paused_at = coalesce(q.paused_at, now()), paused_reason = coalesce(pause_queue.reason, q.paused_reason)
  where q.queue_name = pause_queue.queue;
end
$$;

REVOKE ALL ON FUNCTION private.pause_queue(queue text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.pause_queue(queue text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.pause_queue(queue text, reason text) TO service_role;
GRANT ALL ON FUNCTION private.pause_queue(queue text, reason text) TO authenticated;
