CREATE FUNCTION private.list_cron_jobs() RETURNS TABLE(jobid bigint, jobname text, schedule text, command text, active boolean, description text, last_status text, last_started_at timestamp with time zone, last_ended_at timestamp with time zone, last_message text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('jobs.read');
  return query
  select j.jobid, j.jobname::text, j.schedule::text, j.command::text, j.active, c.description,
         d.status::text, d.start_time, d.end_time, d.return_message::text
  from cron.job j
  left join lateral (
    select rd.status, rd.start_time, rd.end_time, rd.return_message
    from cron.job_run_details rd where rd.jobid = j.jobid
    order by rd.runid desc limit 1
  ) d on true
  left join private.cron_calendar c on c.job_name = j.jobname
  order by j.jobname;
end
$$;

REVOKE ALL ON FUNCTION private.list_cron_jobs() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.list_cron_jobs() FROM PUBLIC;
GRANT ALL ON FUNCTION private.list_cron_jobs() TO service_role;
GRANT ALL ON FUNCTION private.list_cron_jobs() TO authenticated;
