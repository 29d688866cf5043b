CREATE FUNCTION private.job_cleanup(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_cron_days int := coalesce((payload ->> 'cron_history_days')::int, 7);
begin
  delete from private.job_runs r
  using private.job_queues q
  where r.queue_name = q.queue_name and r.started_at < private.now() - q.history_retention and r.outcome <> 'running';
  -- History of queues that no longer exist.
  delete from private.job_runs r
  where not exists (select from private.job_queues q where q.queue_name = r.queue_name)
    and r.started_at < private.now() - interval '14 days';
  delete from private.job_keys k where k.state = 'succeeded' and k.expires_at <= private.now();
  -- pg_cron never prunes its own history.
  delete from cron.job_run_details d where d.end_time < private.now() - make_interval(days => v_cron_days);
end
$$;

REVOKE ALL ON FUNCTION private.job_cleanup(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_cleanup(payload jsonb, job jsonb) FROM PUBLIC;
