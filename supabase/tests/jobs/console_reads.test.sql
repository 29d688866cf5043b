-- The operations console's reads: queue stats, schedules, dead letters and job history are open to
-- auditors (jobs.read); acting on them stays with jobs.operate; history filters and searches.
begin;
select plan(16);

create schema jobs_c;
create function jobs_c.boom(payload jsonb, job jsonb) returns void language plpgsql as $$
begin
  raise exception 'boom for invoice %', payload ->> 'invoice' using errcode = 'PT422';
end
$$;
create function jobs_c.fine(payload jsonb, job jsonb) returns void language sql as $$ select $$;
select private.create_job_queue('jobs_c', 'console test queue', max_attempts => 1);
select private.register_job_handler('jobs_c.boom', sql_handler => 'jobs_c.boom(jsonb, jsonb)'::regprocedure);
select private.register_job_handler('jobs_c.fine', sql_handler => 'jobs_c.fine(jsonb, jsonb)'::regprocedure);
create temp table j as
  select private.enqueue('jobs_c', 'jobs_c.boom', '{"invoice": 42}') as dead,
         private.enqueue('jobs_c', 'jobs_c.fine', '{}') as ok;
select is(private.dispatch('jobs_c'), 2, 'both jobs run: one succeeds, one is dead-lettered at once');

select tests.create_staff('auditor@hq.test', 'auditor') as auditor \gset
select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset
grant select on j to authenticated;

-- ── auditors read everything ───────────────────────────────────────────────────────────────
select tests.authenticate_as(:'auditor', 'aal2');
select results_eq($$ select depth, dead_letters, succeeded_last_hour, failed_last_hour from public.jobs_queue_stats() where queue_name = 'jobs_c' $$,
  $$ values (0::bigint, 1::bigint, 1::bigint, 1::bigint) $$, 'an auditor reads queue stats');
select lives_ok($$ select * from public.jobs_cron_jobs() $$, 'and the schedules');
select results_eq($$ select job_id, job_type, attempts, payload, last_error ->> 'message' from public.jobs_dead_letters('jobs_c') $$,
  $$ select dead, 'jobs_c.boom', 1, '{"invoice": 42}'::jsonb, 'boom for invoice 42' from j $$,
  'and the dead letters with their last error');
select results_eq($$ select job_type, outcome from public.jobs_history(queue => 'jobs_c') order by job_type $$,
  $$ values ('jobs_c.boom', 'dead_lettered'), ('jobs_c.fine', 'succeeded') $$, 'and the history of the queue');
select throws_ok($$ select public.jobs_retry_dead_letter('jobs_c', (select dead from j)) $$, 'PT403', null,
  'but may not retry it (jobs.operate)');

-- ── history filters and search ─────────────────────────────────────────────────────────────
select results_eq($$ select job_type from public.jobs_history(queue => 'jobs_c', run_outcome => 'dead_lettered') $$,
  $$ values ('jobs_c.boom') $$, 'filter by outcome');
select results_eq($$ select job_type from public.jobs_history(search => 'INVOICE 42') $$,
  $$ values ('jobs_c.boom') $$, 'search matches the error text, whatever the case');
select results_eq($$ select job_type from public.jobs_history(search => (select ok::text from j)) $$,
  $$ values ('jobs_c.fine') $$, 'search by job id');
select is((select count(*)::int from public.jobs_history(queue => 'jobs_c', since => now() + interval '1 hour')), 0,
  'a window after the runs finds nothing');
select is((select count(*)::int from public.jobs_history(queue => 'jobs_c', max_rows => 1)), 1, 'max_rows caps the list');
select throws_ok($$ select * from public.jobs_history(search => repeat('x', 201)) $$, 'PT400', null, 'an over-long search is refused');
select throws_ok($$ select * from public.jobs_dead_letters('no_such_queue') $$, 'PT404', null, 'an unknown queue is refused');

-- ── roles without jobs.read, and anon ──────────────────────────────────────────────────────
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok($$ select * from public.jobs_history() $$, 'PT403', 'your role may not do this (needs jobs.read)',
  'a role without jobs.read may not read the history');
select throws_ok($$ select * from public.jobs_dead_letters('no_such_queue') $$, 'PT403', 'your role may not do this (needs jobs.read)',
  'nor dead letters, refused the same way whether the queue exists or not');
select tests.clear_authentication();
set local role anon;
select throws_ok($$ select * from public.jobs_history() $$, '42501', null, 'anon may not call it');

select * from finish();
rollback;
