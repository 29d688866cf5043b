CREATE FUNCTION public.jobs_cron_jobs() RETURNS TABLE(jobid bigint, jobname text, schedule text, command text, active boolean, description text, last_status text, last_started_at timestamp with time zone, last_ended_at timestamp with time zone, last_message text)
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select * from private.list_cron_jobs() $$;

REVOKE ALL ON FUNCTION public.jobs_cron_jobs() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_cron_jobs() FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_cron_jobs() TO service_role;
GRANT ALL ON FUNCTION public.jobs_cron_jobs() TO authenticated;

COMMENT ON FUNCTION public.jobs_cron_jobs() IS 'The pg_cron schedules with their description and last run (jobs.read).';
