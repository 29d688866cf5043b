CREATE FUNCTION private.retire_schedule(job_name text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  delete from private.cron_calendar c where c.job_name = retire_schedule.job_name;
  if exists (select from cron.job j where j.jobname = retire_schedule.job_name) then
    perform cron.unschedule(retire_schedule.job_name);
    return true;
  end if;
  return false;
end
$$;

REVOKE ALL ON FUNCTION private.retire_schedule(job_name text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.retire_schedule(job_name text) FROM PUBLIC;
