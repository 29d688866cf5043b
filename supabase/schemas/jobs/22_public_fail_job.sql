CREATE FUNCTION public.fail_job(job_id bigint, attempt integer, error text, retry boolean DEFAULT true) RETURNS text
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.fail_job(job_id, attempt, error, retry) $$;

REVOKE ALL ON FUNCTION public.fail_job(job_id bigint, attempt integer, error text, retry boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.fail_job(job_id bigint, attempt integer, error text, retry boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.fail_job(job_id bigint, attempt integer, error text, retry boolean) TO service_role;

COMMENT ON FUNCTION public.fail_job(job_id bigint, attempt integer, error text, retry boolean) IS 'Marks a job attempt failed, to retry with back-off or dead-letter; returns what happened (service role only: Edge Functions that ran it).';
