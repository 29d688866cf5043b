-- The calendar: the project's pg_cron schedules, named, described and idempotent.
begin;
select plan(16);


select results_eq(
  $$select schedule::text, command::text from cron.job where jobname = 'jobs.dispatch'$$,
  $$values ('* * * * *', private.dispatcher_command())$$,
  'the dispatcher runs every minute (and loops within it)');
select is((select count(*)::int from cron.job where jobname = 'jobs.cleanup'), 1, 'the retention clean-up is scheduled');
select is(
  (select count(*)::int from private.cron_calendar c join cron.job j on j.jobname = c.job_name and j.command = c.command and j.schedule = c.schedule
   where c.job_name in ('jobs.dispatch', 'jobs.cleanup')),
  2, 'both are in the calendar with their schedule and command');

-- Re-running the calendar migration must not duplicate anything.
create temp table before as select jobname, jobid from cron.job;
\o /dev/null
\ir ../../migrations/20261123000110_jobs_calendar.sql
\o
select set_eq($$select jobname, jobid from cron.job$$, $$select jobname, jobid from before$$,
  're-running the calendar migration keeps the same cron jobs, same ids');
select is((select count(*)::int from cron.job where jobname like 'jobs.%'), 2, 'no duplicates');

select ok(private.declare_schedule('jobs.test_tick', '*/5 * * * *', 'select 1', 'test schedule') > 0, 'a new schedule is declared');
select is(private.declare_schedule('jobs.test_tick', '*/10 * * * *', 'select 2', 'test schedule, changed'),
  (select jobid from cron.job where jobname = 'jobs.test_tick'), 'declaring it again updates it in place');
select results_eq(
  $$select j.schedule::text, j.command::text, c.description from cron.job j join private.cron_calendar c on c.job_name = j.jobname where j.jobname = 'jobs.test_tick'$$,
  $$values ('*/10 * * * *', 'select 2', 'test schedule, changed')$$, 'with the new schedule, command and description');

-- Last run status comes from cron.job_run_details.
insert into cron.job_run_details (jobid, runid, database, username, command, status, return_message, start_time, end_time)
select jobid, 900000001, 'postgres', 'postgres', command, 'failed', 'boom', now() - interval '2 minutes', now() - interval '1 minute'
from cron.job where jobname = 'jobs.test_tick';
select results_eq(
  $$select active, description, last_status, last_message from private.list_cron_jobs() where jobname = 'jobs.test_tick'$$,
  $$values (true, 'test schedule, changed', 'failed', 'boom')$$,
  'list_cron_jobs shows each schedule with its last run');
select ok(private.retire_schedule('jobs.test_tick'), 'a schedule can be retired');
select ok(not exists (select from cron.job where jobname = 'jobs.test_tick') and not exists (select from private.cron_calendar where job_name = 'jobs.test_tick'),
  'and is gone from pg_cron and the calendar');

-- The clean-up schedule enqueues at most one job a day.
delete from pgmq.q_maintenance where message ->> 'job_type' = 'jobs.cleanup';
do $$ begin execute (select command from cron.job where jobname = 'jobs.cleanup'); execute (select command from cron.job where jobname = 'jobs.cleanup'); end $$;
select is((select count(*)::int from pgmq.q_maintenance where message ->> 'job_type' = 'jobs.cleanup'), 1, 'running the clean-up schedule twice enqueues one job');

select is(tests.error_of($$select private.declare_schedule('NoDots', '* * * * *', 'select 1', 'x')$$), 'PT400 jobs.invalid_schedule_name', 'schedule names are <capability>.<what>');
select is(tests.error_of($$select private.declare_schedule('jobs.no_description', '* * * * *', 'select 1', ' ')$$), 'PT400 jobs.invalid_schedule', 'a schedule needs a description');

select throws_like($$select private.declare_schedule('jobs.bad_schedule', 'every tuesday', 'select 1', 'x')$$, '%schedule%',
  'pg_cron refuses a malformed schedule');
select ok(not exists (select from private.cron_calendar where job_name = 'jobs.bad_schedule'), 'and the calendar keeps no trace of it');

select * from finish();
rollback;
