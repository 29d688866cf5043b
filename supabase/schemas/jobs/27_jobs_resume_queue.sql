CREATE FUNCTION public.jobs_resume_queue(queue text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.resume_queue(queue);
  perform audit.record('job_queue.resume', 'job_queue', queue);
end
$$;

REVOKE ALL ON FUNCTION public.jobs_resume_queue(queue text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_resume_queue(queue text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_resume_queue(queue text) TO service_role;
GRANT ALL ON FUNCTION public.jobs_resume_queue(queue text) TO authenticated;
