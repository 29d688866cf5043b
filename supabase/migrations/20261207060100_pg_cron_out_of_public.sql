-- Issue 15 §3: pg_cron is registered in pg_catalog, as Supabase installs it, instead of public
-- (the linter's extension_in_public). pg_cron cannot change schema (it is not relocatable), so it is
-- dropped and re-created; the schedules (cron.job: every row private.declare_schedule registered)
-- and the run history are carried over, each run under its job's new id.
do $$
begin
  if not exists (select from pg_catalog.pg_extension where extname = 'pg_cron'
                 and extnamespace = 'public'::regnamespace) then
    return;
  end if;
  create temp table cron_jobs_kept on commit drop as
    select jobid, schedule, command, nodename, nodeport, database, username, active, jobname from cron.job;
  create temp table cron_runs_kept on commit drop as
    select * from cron.job_run_details;

  drop extension pg_cron;
  create extension pg_cron with schema pg_catalog;

  insert into cron.job (schedule, command, nodename, nodeport, database, username, active, jobname)
  select schedule, command, nodename, nodeport, database, username, active, jobname
  from cron_jobs_kept order by jobid;

  insert into cron.job_run_details (jobid, runid, job_pid, database, username, command, status, return_message, start_time, end_time)
  select j.jobid, r.runid, r.job_pid, r.database, r.username, r.command, r.status, r.return_message, r.start_time, r.end_time
  from cron_runs_kept r
  join cron_jobs_kept k on k.jobid = r.jobid
  join cron.job j on j.jobname is not distinct from k.jobname and j.command = k.command;
  perform pg_catalog.setval('cron.runid_seq', greatest((select max(runid) from cron.job_run_details), 1));
end
$$;
