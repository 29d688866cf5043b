CREATE FUNCTION private.declare_schedule(job_name text, schedule text, command text, description text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
begin
  if declare_schedule.job_name is null or declare_schedule.job_name !~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' then
    perform private.fail('jobs.invalid_schedule_name', format('invalid schedule name: %s', coalesce(declare_schedule.job_name, 'null')));
  end if;
  if declare_schedule.command is null or btrim(declare_schedule.command) = ''
     or declare_schedule.description is null or btrim(declare_schedule.description) = '' then
    perform private.fail('jobs.invalid_schedule', 'a schedule needs a command and a description');
  end if;
  insert into private.cron_calendar as c (job_name, schedule, command, description)
  values (declare_schedule.job_name, declare_schedule.schedule, declare_schedule.command, declare_schedule.description)
  on conflict on constraint cron_calendar_pkey do update set
    schedule = excluded.schedule, command = excluded.command, description = excluded.description, declared_at = now();
  -- pg_cron validates the schedule itself (its error names the bad field).
  return cron.schedule(declare_schedule.job_name, declare_schedule.schedule, declare_schedule.command);
end
$_$;

REVOKE ALL ON FUNCTION private.declare_schedule(job_name text, schedule text, command text, description text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.declare_schedule(job_name text, schedule text, command text, description text) FROM PUBLIC;
