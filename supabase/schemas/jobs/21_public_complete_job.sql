CREATE FUNCTION public.complete_job(job_id bigint, attempt integer) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.complete_job(job_id, attempt) $$;

REVOKE ALL ON FUNCTION public.complete_job(job_id bigint, attempt integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.complete_job(job_id bigint, attempt integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.complete_job(job_id bigint, attempt integer) TO service_role;

COMMENT ON FUNCTION public.complete_job(job_id bigint, attempt integer) IS 'Marks a job attempt done (service role only: Edge Functions that ran it).';
