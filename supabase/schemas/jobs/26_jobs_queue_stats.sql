CREATE FUNCTION public.jobs_queue_stats() RETURNS TABLE(queue_name text, paused boolean, depth bigint, oldest_age_seconds integer, succeeded_last_hour bigint, failed_last_hour bigint, running bigint, dead_letters bigint)
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select * from private.queue_stats() $$;

REVOKE ALL ON FUNCTION public.jobs_queue_stats() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_queue_stats() FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_queue_stats() TO service_role;
GRANT ALL ON FUNCTION public.jobs_queue_stats() TO authenticated;

COMMENT ON FUNCTION public.jobs_queue_stats() IS 'Every job queue: paused, depth, oldest message age, jobs succeeded and failed in the last hour, running and dead-lettered (jobs.read).';
