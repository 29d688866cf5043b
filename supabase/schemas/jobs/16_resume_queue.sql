CREATE FUNCTION private.resume_queue(queue text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_job_operator();
  perform private.job_queue(resume_queue.queue);
  update private.job_queues q set paused_at = null, paused_reason = null where q.queue_name = resume_queue.queue;
end
$$;

REVOKE ALL ON FUNCTION private.resume_queue(queue text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.resume_queue(queue text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.resume_queue(queue text) TO service_role;
GRANT ALL ON FUNCTION private.resume_queue(queue text) TO authenticated;
