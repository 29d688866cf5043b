-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.jobs_discard_dead_letter, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.jobs_discard_dead_letter(queue, job_id) $$;

CREATE FUNCTION private.jobs_discard_dead_letter(queue text, job_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.discard_dead_letter(queue, job_id);
  perform audit.record('job.discard_dead_letter', 'job', job_id::text, null, jsonb_build_object('queue', queue));
end
$$;

REVOKE ALL ON FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) TO service_role;
GRANT ALL ON FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) TO authenticated;

COMMENT ON FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) IS 'Deletes one dead-lettered job of a queue for good (jobs.operate; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.jobs_discard_dead_letter(queue text, job_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.jobs_discard_dead_letter(queue text, job_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION private.jobs_discard_dead_letter(queue text, job_id bigint) TO service_role;
GRANT ALL ON FUNCTION private.jobs_discard_dead_letter(queue text, job_id bigint) TO authenticated;
