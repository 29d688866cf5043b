-- Jobs operated by HQ staff: jobs.operate at aal2, and every operator action audited.
begin;
select plan(8);

select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset

select tests.authenticate_as(:'tech', 'aal2');
select lives_ok($$ select public.jobs_pause_queue('maintenance', 'investigating a slow handler') $$, 'tech_admin pauses a queue');
select lives_ok($$ select * from public.jobs_queue_stats() $$, 'and reads queue stats');
select lives_ok($$ select public.jobs_resume_queue('maintenance') $$, 'and resumes it');
select tests.clear_authentication();
select results_eq($$ select action, actor_id::text, reason from audit.log where action like 'job_queue.%' order by id $$,
  format($$ values ('job_queue.pause'::text, %L::text, 'investigating a slow handler'::text), ('job_queue.resume', %L, null) $$, :'tech', :'tech'),
  'pause and resume are audited with the operator and the reason');

select tests.authenticate_as(:'tech', 'aal1');
select throws_ok($$ select public.jobs_pause_queue('maintenance') $$, 'PT403', 'HQ requires a multi-factor (aal2) session',
  'operating jobs needs an MFA session');
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok($$ select public.jobs_pause_queue('maintenance') $$, 'PT403', 'your role may not do this (needs jobs.operate)',
  'biz_admin may not operate jobs');
select tests.authenticate_as(:'tech', 'aal2');
select throws_ok($$ select public.jobs_pause_queue('no_such_queue') $$, 'PT404', null, 'an unknown queue is refused');
select tests.clear_authentication();
select is((select count(*) from audit.log where action like 'job_queue.%'), 2::bigint, 'refused actions record nothing');

select * from finish();
rollback;
