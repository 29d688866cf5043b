CREATE PROCEDURE private.run_dispatcher(IN max_seconds integer DEFAULT NULL::integer, IN poll_interval_ms integer DEFAULT 500, IN cron_job_name text DEFAULT 'jobs.dispatch'::text)
    LANGUAGE plpgsql
    AS $$
declare
  v_started timestamptz := clock_timestamp();
  v_deadline timestamptz;
  v_lock_id bigint := private.job_dispatcher_lock_id();
  v_handled int;
  v_idle_sleep_ms int := poll_interval_ms;
  v_locked boolean := false;
begin
  -- Without a budget, stop just before the next minute's run starts.
  v_deadline := case when max_seconds is null
                     then date_trunc('minute', v_started) + interval '59 seconds'
                     else v_started + make_interval(secs => max_seconds) end;
  -- One runner at a time. A new run may overlap the previous one's last round: wait a little.
  for i in 1..50 loop
    v_locked := pg_catalog.pg_try_advisory_lock(v_lock_id);
    exit when v_locked;
    perform pg_catalog.pg_sleep(0.1);
  end loop;
  if not v_locked then
    raise notice 'another dispatcher is running; this run stops';
    return;
  end if;
  commit;
  loop
    -- Deactivating or unscheduling the cron job stops the running dispatcher within a round.
    exit when cron_job_name is not null
      and not exists (select from cron.job j where j.jobname = cron_job_name and j.active);
    v_handled := private.dispatch();
    commit;
    exit when clock_timestamp() >= v_deadline;
    if v_handled = 0 then
      -- Poll quickly right after work (more tends to follow), slowing down to poll_interval_ms.
      v_idle_sleep_ms := least(greatest(v_idle_sleep_ms * 2, 20), poll_interval_ms);
      perform pg_catalog.pg_sleep(least(v_idle_sleep_ms / 1000.0,
        greatest(extract(epoch from (v_deadline - clock_timestamp())), 0)));
      commit;
    else
      v_idle_sleep_ms := 0;
    end if;
  end loop;
  perform pg_catalog.pg_advisory_unlock(v_lock_id);
end
$$;

REVOKE ALL ON PROCEDURE private.run_dispatcher(IN max_seconds integer, IN poll_interval_ms integer, IN cron_job_name text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON PROCEDURE private.run_dispatcher(IN max_seconds integer, IN poll_interval_ms integer, IN cron_job_name text) FROM PUBLIC;
