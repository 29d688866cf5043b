-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.jobs_resume_queue, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.jobs_resume_queue(queue text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.jobs_resume_queue(queue) $$;

CREATE FUNCTION private.jobs_resume_queue(queue text) RETURNS void
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

COMMENT ON FUNCTION public.jobs_resume_queue(queue text) IS 'Resumes a paused queue: the dispatcher runs its jobs again (jobs.operate; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.jobs_resume_queue(queue text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.jobs_resume_queue(queue text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.jobs_resume_queue(queue text) TO service_role;
GRANT ALL ON FUNCTION private.jobs_resume_queue(queue text) TO authenticated;
