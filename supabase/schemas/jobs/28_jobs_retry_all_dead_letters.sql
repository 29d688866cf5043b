-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.jobs_retry_all_dead_letters, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.jobs_retry_all_dead_letters(queue text) RETURNS integer
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.jobs_retry_all_dead_letters(queue) $$;

CREATE FUNCTION private.jobs_retry_all_dead_letters(queue text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  retried int := private.retry_all_dead_letters(queue);
begin
  perform audit.record('job.retry_all_dead_letters', 'job_queue', queue, null, jsonb_build_object('retried', retried));
  return retried;
end
$$;

REVOKE ALL ON FUNCTION public.jobs_retry_all_dead_letters(queue text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_retry_all_dead_letters(queue text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_retry_all_dead_letters(queue text) TO service_role;
GRANT ALL ON FUNCTION public.jobs_retry_all_dead_letters(queue text) TO authenticated;

COMMENT ON FUNCTION public.jobs_retry_all_dead_letters(queue text) IS 'Re-enqueues every dead-lettered job of a queue; returns how many (jobs.operate; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.jobs_retry_all_dead_letters(queue text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.jobs_retry_all_dead_letters(queue text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.jobs_retry_all_dead_letters(queue text) TO service_role;
GRANT ALL ON FUNCTION private.jobs_retry_all_dead_letters(queue text) TO authenticated;
