-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.jobs_retry_dead_letter, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) RETURNS bigint
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.jobs_retry_dead_letter(queue, job_id) $$;

CREATE FUNCTION private.jobs_retry_dead_letter(queue text, job_id bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  new_job bigint := private.retry_dead_letter(queue, job_id);
begin
  perform audit.record('job.retry_dead_letter', 'job', job_id::text, null, jsonb_build_object('queue', queue, 'retried_as', new_job));
  return new_job;
end
$$;

REVOKE ALL ON FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) TO service_role;
GRANT ALL ON FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) TO authenticated;

COMMENT ON FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) IS 'Re-enqueues one dead-lettered job of a queue as a new job; returns the new job id (jobs.operate; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.jobs_retry_dead_letter(queue text, job_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.jobs_retry_dead_letter(queue text, job_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION private.jobs_retry_dead_letter(queue text, job_id bigint) TO service_role;
GRANT ALL ON FUNCTION private.jobs_retry_dead_letter(queue text, job_id bigint) TO authenticated;
