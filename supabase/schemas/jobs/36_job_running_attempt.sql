CREATE FUNCTION private.job_running_attempt(p_job_id bigint, p_attempt integer) RETURNS private.job_runs
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_run private.job_runs;
begin
  if p_job_id is null or p_attempt is null then
    perform private.fail('jobs.invalid_acknowledgement', 'job_id and attempt are required',
      'echo job_id and attempt from the request body');
  end if;
  select * into v_run from private.job_runs r
  where r.job_id = p_job_id and r.attempt = p_attempt
  order by r.id desc limit 1
  for update;
  if not found then
    perform private.fail('jobs.unknown_attempt', format('no attempt %s of job %s', p_attempt, p_job_id));
  end if;
  if v_run.outcome <> 'running' then
    perform private.fail('jobs.stale_attempt', format('attempt %s of job %s is no longer running (%s)', p_attempt, p_job_id, v_run.outcome));
  end if;
  return v_run;
end
$$;

REVOKE ALL ON FUNCTION private.job_running_attempt(p_job_id bigint, p_attempt integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_running_attempt(p_job_id bigint, p_attempt integer) FROM PUBLIC;
