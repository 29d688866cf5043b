-- The operations console's run history of one schedule: its latest pg_cron runs, newest first, with
-- the failure message of each failed one (jobs.read).
CREATE FUNCTION public.jobs_cron_runs(job_name text, max_rows integer DEFAULT 20) RETURNS TABLE(runid bigint, status text, start_time timestamp with time zone, end_time timestamp with time zone, return_message text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.jobs_cron_runs(job_name, max_rows) $$;

CREATE FUNCTION private.jobs_cron_runs(job_name text, max_rows integer) RETURNS TABLE(runid bigint, status text, start_time timestamp with time zone, end_time timestamp with time zone, return_message text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('jobs.read');
  return query
  select d.runid, d.status::text, d.start_time, d.end_time, d.return_message::text
  from cron.job_run_details d
  join cron.job j on j.jobid = d.jobid
  where j.jobname = jobs_cron_runs.job_name
  order by d.runid desc
  limit least(greatest(coalesce(jobs_cron_runs.max_rows, 20), 1), 200);
end
$$;

REVOKE ALL ON FUNCTION public.jobs_cron_runs(job_name text, max_rows integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_cron_runs(job_name text, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_cron_runs(job_name text, max_rows integer) TO service_role;
GRANT ALL ON FUNCTION public.jobs_cron_runs(job_name text, max_rows integer) TO authenticated;

COMMENT ON FUNCTION public.jobs_cron_runs(job_name text, max_rows integer) IS 'The latest runs of one pg_cron schedule, newest first (at most max_rows, 1..200): status, start, end, message (jobs.read).';

REVOKE ALL ON FUNCTION private.jobs_cron_runs(job_name text, max_rows integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.jobs_cron_runs(job_name text, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.jobs_cron_runs(job_name text, max_rows integer) TO service_role;
GRANT ALL ON FUNCTION private.jobs_cron_runs(job_name text, max_rows integer) TO authenticated;
