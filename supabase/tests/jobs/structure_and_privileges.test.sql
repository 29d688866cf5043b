-- The jobs backbone in the catalog: its tables, functions and privileges, and who may call what.
-- Jobs backbone. Everything runs in one transaction on test queues created here, so the
-- scheduled dispatcher (which only sees committed jobs) never touches them.
begin;
select plan(11);

-- ─── fixtures ──────────────────────────────────────────────────────────────────────────────
create schema jobs_t;
create table jobs_t.seen (job_id bigint, attempt int, payload jsonb, job jsonb);
create table jobs_t.switch (failing boolean not null);
insert into jobs_t.switch values (true);

create function jobs_t.record(payload jsonb, job jsonb) returns void language sql as $$
  insert into jobs_t.seen values ((job ->> 'job_id')::bigint, (job ->> 'attempt')::int, payload, job)
$$;
-- Writes, then fails while the switch says so: its write must vanish with the failure.
create function jobs_t.flaky(payload jsonb, job jsonb) returns void language plpgsql as $$
begin
  insert into jobs_t.seen values ((job ->> 'job_id')::bigint, (job ->> 'attempt')::int, payload, job);
  if (select failing from jobs_t.switch) then
    raise exception 'flaky failure %', job ->> 'attempt' using errcode = 'PT422', detail = 'jobs_t.flaky';
  end if;
end
$$;
create function jobs_t.wrong_shape(payload jsonb) returns void language sql as $$ select $$;

select private.create_job_queue('jobs_t', 'test queue', max_attempts => 3, batch_size => 10,
  backoff_base_seconds => 5, backoff_max_seconds => 3600, idempotency_retention => '24 hours');
select private.create_job_queue('jobs_t2', 'second test queue');
select private.register_job_handler('jobs_t.ok', sql_handler => 'jobs_t.record(jsonb, jsonb)'::regprocedure);
select private.register_job_handler('jobs_t.flaky', sql_handler => 'jobs_t.flaky(jsonb, jsonb)'::regprocedure);

-- ─── structure and privileges ──────────────────────────────────────────────────────────────
select results_eq(
  $$select queue_name from private.job_queues where queue_name not like 'jobs\_t%' order by 1$$,
  $$values ('alerts'), ('billing'), ('catalog_sync'), ('lifecycle'), ('maintenance'), ('notifications'), ('webhooks')$$,
  'one queue per concern');
select is(
  (select count(*)::int from private.job_queues q join pgmq.list_queues() l on l.queue_name = q.dead_letter_queue),
  (select count(*)::int from private.job_queues),
  'every queue has its dead-letter pgmq queue');
select is(
  (select count(*)::int from pg_class where relnamespace = 'private'::regnamespace and relrowsecurity
     and relname in ('job_queues', 'job_handlers', 'job_keys', 'job_runs', 'cron_calendar')),
  5, 'RLS is on for every jobs table');
select ok(
  not has_function_privilege('anon', 'private.enqueue(text, text, jsonb, text, timestamptz, int)', 'execute')
  and not has_function_privilege('authenticated', 'private.enqueue(text, text, jsonb, text, timestamptz, int)', 'execute')
  and has_function_privilege('service_role', 'private.enqueue(text, text, jsonb, text, timestamptz, int)', 'execute'),
  'enqueue: service role only');
select ok(
  not has_function_privilege('anon', 'public.complete_job(bigint, int)', 'execute')
  and not has_function_privilege('authenticated', 'public.complete_job(bigint, int)', 'execute')
  and not has_function_privilege('authenticated', 'public.fail_job(bigint, int, text, boolean)', 'execute')
  and has_function_privilege('service_role', 'public.complete_job(bigint, int)', 'execute')
  and has_function_privilege('service_role', 'public.fail_job(bigint, int, text, boolean)', 'execute'),
  'acknowledgement RPCs: service role only');
select ok(
  not has_function_privilege('anon', 'public.jobs_retry_dead_letter(text, bigint)', 'execute')
  and not has_function_privilege('anon', 'public.jobs_pause_queue(text, text)', 'execute')
  and has_function_privilege('service_role', 'public.jobs_pause_queue(text, text)', 'execute'),
  'operator RPCs: never anon');
select ok(
  not has_function_privilege('service_role', 'private.dispatch(text, int)', 'execute')
  and not has_function_privilege('service_role', 'private.register_job_handler(text, regprocedure, text, int, text)', 'execute'),
  'dispatching and registering handlers stay with the database owner');
select is(
  (select count(*)::int from pg_proc where pronamespace = 'private'::regnamespace and prosecdef
     and proname ~ '(job|enqueue|dispatch|dead_letter|queue|schedule|cron)'
     and (proconfig is null or not 'search_path=""' = any (proconfig))),
  0, 'every security-definer function of the jobs backbone pins an empty search_path');

-- ─── who may call ──────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(tests.create_user('jobs-tester@example.com'));
select throws_ok($$select private.enqueue('jobs_t', 'jobs_t.ok', '{}')$$, '42501', null, 'an authenticated user cannot enqueue');
select matches(tests.error_of($$select public.jobs_pause_queue('jobs_t')$$), '^(42501|PT403) ', 'nor pause a queue');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
select lives_ok($$select public.jobs_pause_queue('jobs_t', 'ops')$$, 'the service role operates queues');
select tests.clear_authentication();

select * from finish();
rollback;
