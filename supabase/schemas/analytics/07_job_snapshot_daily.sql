-- The nightly calendar job: snapshots the day in the payload (yesterday, UTC, as the schedule
-- enqueues it; idempotency key per day, so a second enqueue of the same day is a no-op), then
-- deletes snapshots older than the retention setting.
create function private.job_snapshot_daily(payload jsonb, job jsonb) returns void
  language plpgsql security definer
  set search_path = ''
as $$
declare
  v_day date := coalesce((payload ->> 'day')::date, (private.now() at time zone 'UTC')::date - 1);
  keep_days integer := (select s.snapshot_retention_days from public.analytics_settings s);
begin
  perform private.snapshot_day(v_day);
  delete from public.tenant_daily_snapshots s
  where s.day < (private.now() at time zone 'UTC')::date - coalesce(keep_days, 1095);
end
$$;

revoke all on function private.job_snapshot_daily(jsonb, jsonb) from public, anon, authenticated, service_role;
comment on function private.job_snapshot_daily(jsonb, jsonb) is 'Job analytics.snapshot_daily: snapshots one day (payload.day, default yesterday) and prunes snapshots past retention.';

select private.register_job_handler('analytics.snapshot_daily', 'private.job_snapshot_daily(jsonb, jsonb)'::regprocedure, null, null,
  'writes every tenant''s daily snapshot for one day (idempotent) and prunes snapshots past the retention setting');

select private.declare_schedule('analytics.snapshot_daily', '30 0 * * *',
  'select private.enqueue(''maintenance'', ''analytics.snapshot_daily'', jsonb_build_object(''day'', (now() at time zone ''UTC'')::date - 1), ''analytics.snapshot_daily:'' || ((now() at time zone ''UTC'')::date - 1))',
  'nightly: every tenant''s snapshot of yesterday (orders, revenue, users, usage, breaches, tickets), then retention');
