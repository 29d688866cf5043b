-- The calendar: the pg_cron schedules of the jobs backbone, declared by name. Re-running this
-- file changes nothing (cron.schedule upserts by name). Later capabilities declare theirs with
-- private.declare_schedule in their own migrations; private.cron_calendar lists them all.

-- The dispatcher. Debian's pg_cron 1.4 refuses '[1-59] seconds' schedules, so it is started every
-- minute and loops until the minute ends, dispatching as soon as jobs are due (polling every
-- 500 ms when idle). Deactivate this cron job to stop dispatching everywhere within a round.
select private.declare_schedule(
  'jobs.dispatch', '* * * * *',
  'call private.run_dispatcher()',
  'runs due jobs of every unpaused queue: SQL handlers in place, Edge Functions through pg_net');

-- Retention, run as a job so it is retried and recorded like any other work; the key makes
-- a second enqueue on the same day a no-op.
select private.declare_schedule(
  'jobs.cleanup', '17 3 * * *',
  $$select private.enqueue('maintenance', 'jobs.cleanup', '{}'::jsonb, 'jobs.cleanup:' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD'))$$,
  'daily: prunes job run history, expired idempotency keys and pg_cron run details');
