-- The dispatcher's run: pg_cron starts one every minute and it loops within the minute, committing
-- after every round so dispatched work is visible at once. PostgreSQL refuses COMMIT in a procedure
-- that pins its search_path, so the loop is a DO block (private.dispatcher_command) and every step
-- of it is one of these functions, each with search_path = ''.

-- Takes the dispatcher lock (waiting up to 5 s for the previous minute's run to finish its last
-- round) and returns the run's state, or null when another dispatcher holds the lock.
CREATE FUNCTION private.dispatcher_start(max_seconds integer DEFAULT NULL::integer, poll_interval_ms integer DEFAULT 500, cron_job_name text DEFAULT 'jobs.dispatch'::text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_started timestamptz := pg_catalog.clock_timestamp();
begin
  for i in 1..50 loop
    if pg_catalog.pg_try_advisory_lock(private.job_dispatcher_lock_id()) then
      -- Without a budget, stop just before the next minute's run starts.
      return jsonb_build_object(
        'deadline', case when max_seconds is null then date_trunc('minute', v_started) + interval '59 seconds'
                         else v_started + make_interval(secs => max_seconds) end,
        'poll_interval_ms', poll_interval_ms, 'idle_sleep_ms', poll_interval_ms,
        'cron_job_name', cron_job_name);
    end if;
    perform pg_catalog.pg_sleep(0.1);
  end loop;
  raise notice 'another dispatcher is running; this run stops';
  return null;
end
$$;

REVOKE ALL ON FUNCTION private.dispatcher_start(max_seconds integer, poll_interval_ms integer, cron_job_name text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dispatcher_start(max_seconds integer, poll_interval_ms integer, cron_job_name text) FROM PUBLIC;

-- One round: dispatches what is due. Returns null (lock released) instead when the run's cron job
-- was deactivated or unscheduled: that stops a running dispatcher within a round.
CREATE FUNCTION private.dispatcher_round(run jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if run->>'cron_job_name' is not null
     and not exists (select from cron.job j where j.jobname = run->>'cron_job_name' and j.active) then
    perform pg_catalog.pg_advisory_unlock(private.job_dispatcher_lock_id());
    return null;
  end if;
  return run || jsonb_build_object('handled', private.dispatch());
end
$$;

REVOKE ALL ON FUNCTION private.dispatcher_round(run jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dispatcher_round(run jsonb) FROM PUBLIC;

-- Between rounds: null (lock released) once the deadline has passed; after an idle round, a sleep
-- (short right after work, since more tends to follow, growing to poll_interval_ms), never past the
-- deadline. Returns the state with the new pace.
CREATE FUNCTION private.dispatcher_pause(run jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_sleep_ms int;
begin
  if pg_catalog.clock_timestamp() >= (run->>'deadline')::timestamptz then
    perform pg_catalog.pg_advisory_unlock(private.job_dispatcher_lock_id());
    return null;
  end if;
  if (run->>'handled')::int > 0 then
    return run || '{"idle_sleep_ms": 0}';
  end if;
  v_sleep_ms := least(greatest((run->>'idle_sleep_ms')::int * 2, 20), (run->>'poll_interval_ms')::int);
  perform pg_catalog.pg_sleep(least(v_sleep_ms / 1000.0,
    greatest(extract(epoch from ((run->>'deadline')::timestamptz - pg_catalog.clock_timestamp())), 0)));
  return run || jsonb_build_object('idle_sleep_ms', v_sleep_ms);
end
$$;

REVOKE ALL ON FUNCTION private.dispatcher_pause(run jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dispatcher_pause(run jsonb) FROM PUBLIC;

-- The statement pg_cron runs (and tests and the jobs bench run with a budget): a DO block, so it may
-- commit after each round and each pause. Its arguments are inlined as literals.
CREATE FUNCTION private.dispatcher_command(max_seconds integer DEFAULT NULL::integer, poll_interval_ms integer DEFAULT 500, cron_job_name text DEFAULT 'jobs.dispatch'::text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
  select format($cmd$do $run$ declare run jsonb := private.dispatcher_start(%s, %s, %s); begin while run is not null loop run := private.dispatcher_round(run); commit; if run is not null then run := private.dispatcher_pause(run); commit; end if; end loop; end $run$$cmd$,
    coalesce(max_seconds::text, 'null'), coalesce(poll_interval_ms::text, 'null'), coalesce(pg_catalog.quote_literal(cron_job_name), 'null'))
$_$;

REVOKE ALL ON FUNCTION private.dispatcher_command(max_seconds integer, poll_interval_ms integer, cron_job_name text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dispatcher_command(max_seconds integer, poll_interval_ms integer, cron_job_name text) FROM PUBLIC;
