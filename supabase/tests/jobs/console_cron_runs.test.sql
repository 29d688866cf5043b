-- The operations console's schedule history: one schedule's latest runs, newest first, failures with
-- their message (jobs.read; a role without it is refused).
begin;
select plan(5);

select private.declare_schedule('jobs.console_tick', '*/5 * * * *', 'select 1', 'console test schedule');
insert into cron.job_run_details (jobid, runid, database, username, command, status, return_message, start_time, end_time)
select j.jobid, r.runid, 'postgres', 'postgres', j.command, r.status, r.msg, now() - r.ago, now() - r.ago + interval '1 second'
from cron.job j, (values (910000001::bigint, 'succeeded', '1 row', interval '15 minutes'),
                         (910000002, 'failed', 'boom', interval '10 minutes'),
                         (910000003, 'succeeded', '1 row', interval '5 minutes')) r(runid, status, msg, ago)
where j.jobname = 'jobs.console_tick';

select tests.create_staff('auditor@hq.test', 'auditor') as auditor \gset
select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset

select tests.authenticate_as(:'auditor', 'aal2');
select results_eq($$ select runid, status, return_message from public.jobs_cron_runs('jobs.console_tick') $$,
  $$ values (910000003::bigint, 'succeeded', '1 row'), (910000002, 'failed', 'boom'), (910000001, 'succeeded', '1 row') $$,
  'an auditor reads a schedule''s runs, newest first, with the failure''s message');
select results_eq($$ select runid from public.jobs_cron_runs('jobs.console_tick', max_rows => 1) $$,
  $$ values (910000003::bigint) $$, 'max_rows caps the list');
select is((select count(*)::int from public.jobs_cron_runs('jobs.no_such_schedule')), 0, 'an unknown schedule has no runs');

select tests.authenticate_as(:'biz', 'aal2');
select throws_ok($$ select * from public.jobs_cron_runs('jobs.console_tick') $$, 'PT403', 'your role may not do this (needs jobs.read)',
  'a role without jobs.read is refused');
select tests.clear_authentication();
set local role anon;
select throws_ok($$ select * from public.jobs_cron_runs('jobs.console_tick') $$, '42501', null, 'anon may not call it');

select * from finish();
rollback;
