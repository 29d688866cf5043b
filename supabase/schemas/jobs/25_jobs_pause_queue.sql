CREATE FUNCTION public.jobs_pause_queue(queue text, reason text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.pause_queue(queue, reason);
  perform audit.record('job_queue.pause', 'job_queue', queue, null, null, null, reason);
end
$$;

REVOKE ALL ON FUNCTION public.jobs_pause_queue(queue text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_pause_queue(queue text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_pause_queue(queue text, reason text) TO service_role;
GRANT ALL ON FUNCTION public.jobs_pause_queue(queue text, reason text) TO authenticated;
