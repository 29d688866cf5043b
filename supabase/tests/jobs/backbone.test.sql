-- Jobs backbone: enqueue, dispatch, retries, dead letters, idempotency, pause, bad input.
-- Everything runs in one transaction on test queues created here, so the scheduled dispatcher
-- (which only sees committed jobs) never touches them.
begin;
select plan(82);

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

create function pg_temp.depth(queue text) returns bigint language plpgsql as $$
declare n bigint;
begin
  execute format('select count(*) from pgmq.%I', 'q_' || queue) into n;
  return n;
end
$$;
-- Due now: what waiting out a visibility timeout or a backoff would do.
create function pg_temp.make_due(queue text) returns void language plpgsql as $$
begin
  execute format('update pgmq.%I set vt = clock_timestamp() - interval ''1 second''', 'q_' || queue);
end
$$;

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

-- ─── idempotent enqueue ────────────────────────────────────────────────────────────────────
select is(
  private.enqueue('jobs_t', 'jobs_t.ok', '{"n": 1}', idempotency_key => 'order-1'),
  private.enqueue('jobs_t', 'jobs_t.ok', '{"n": 2}', idempotency_key => 'order-1'),
  'the same key in the same queue gives the same job');
select is(pg_temp.depth('jobs_t'), 1::bigint, 'and only one message');
select isnt(
  private.enqueue('jobs_t2', 'jobs_t.ok', '{}', idempotency_key => 'order-1'),
  (select job_id from private.job_keys where queue_name = 'jobs_t' and idempotency_key = 'order-1'),
  'the same key in another queue is another job');
select isnt(
  private.enqueue('jobs_t', 'jobs_t.ok', '{}'), private.enqueue('jobs_t', 'jobs_t.ok', '{}'),
  'jobs without a key are never merged');

-- ─── success path ──────────────────────────────────────────────────────────────────────────
delete from pgmq.q_jobs_t where message ->> 'idempotency_key' is null;
select is(private.dispatch('jobs_t'), 1, 'dispatch handles the due job');
select is(
  (select payload from jobs_t.seen), '{"n": 1}'::jsonb,
  'the handler got the payload of the first enqueue');
select is(
  (select job - 'msg_id' from jobs_t.seen),
  jsonb_build_object('job_id', (select job_id from private.job_keys where queue_name = 'jobs_t' and idempotency_key = 'order-1'),
    'queue', 'jobs_t', 'job_type', 'jobs_t.ok', 'attempt', 1, 'max_attempts', 3, 'idempotency_key', 'order-1'),
  'and its context: job id, queue, type, attempt, max attempts, key');
select is(pg_temp.depth('jobs_t'), 0::bigint, 'a successful job is deleted');
select results_eq(
  $$select attempt, outcome, handler_kind, ended_at >= started_at, duration_ms is not null, error_message
    from private.job_runs where queue_name = 'jobs_t'$$,
  $$values (1, 'succeeded', 'sql', true, true, null::text)$$,
  'the attempt is in the run history with its duration');
select is(
  (select state from private.job_keys where queue_name = 'jobs_t' and idempotency_key = 'order-1'), 'succeeded',
  'the key is marked succeeded');
select is(
  private.enqueue('jobs_t', 'jobs_t.ok', '{"n": 3}', idempotency_key => 'order-1'),
  (select job_id from private.job_keys where queue_name = 'jobs_t' and idempotency_key = 'order-1'),
  'within the retention window the key still answers with the finished job');
select is(pg_temp.depth('jobs_t'), 0::bigint, 'and nothing is enqueued');
select tests.freeze_time(now() + interval '25 hours');
select isnt(
  private.enqueue('jobs_t', 'jobs_t.ok', '{"n": 4}', idempotency_key => 'order-1'),
  (select job_id from jobs_t.seen),
  'after the retention window the key enqueues a new job');
select tests.unfreeze_time();
select is(pg_temp.depth('jobs_t'), 1::bigint, 'which is in the queue');
delete from pgmq.q_jobs_t;
truncate jobs_t.seen;

-- ─── failure → retry with growing delay → dead letter → retry from dead letter ─────────────
create temp table flaky_job as select private.enqueue('jobs_t', 'jobs_t.flaky', '{"invoice": 7}') as job_id;
select is(private.dispatch('jobs_t'), 1, 'the failing job is dispatched');
select results_eq(
  $$select attempt, outcome, error_message, error_sqlstate, error_detail from private.job_runs where job_id = (select job_id from flaky_job)$$,
  $$values (1, 'failed', 'flaky failure 1', 'PT422', 'jobs_t.flaky')$$,
  'the failure is recorded with its message, SQLSTATE and detail');
select is((select count(*)::int from jobs_t.seen), 0, 'the failed attempt''s writes are rolled back');
select is(pg_temp.depth('jobs_t'), 1::bigint, 'the job stays in its queue');
select is(
  (select vt from pgmq.q_jobs_t), (select retry_at from private.job_runs where job_id = (select job_id from flaky_job) and attempt = 1),
  'it is hidden until the recorded retry time');
select is(private.dispatch('jobs_t'), 0, 'a backed-off job is not dispatched early');
create temp table delays as
select attempt, floor(extract(epoch from (retry_at - started_at)))::int as seconds
from private.job_runs where job_id = (select job_id from flaky_job);
select ok((select seconds between 4 and 7 from delays where attempt = 1), 'first retry after base 5 s ± 25 %');

select pg_temp.make_due('jobs_t');
select is(private.dispatch('jobs_t'), 1, 'the second attempt runs once due');
insert into delays
select attempt, floor(extract(epoch from (retry_at - started_at)))::int
from private.job_runs where job_id = (select job_id from flaky_job) and attempt = 2;
select ok((select seconds between 8 and 13 from delays where attempt = 2), 'second retry after 10 s ± 25 %');
select cmp_ok((select seconds from delays where attempt = 2), '>', (select seconds from delays where attempt = 1), 'the delay grows');

select pg_temp.make_due('jobs_t');
select is(private.dispatch('jobs_t'), 1, 'the last attempt runs');
select results_eq(
  $$select attempt, outcome, retry_at is null from private.job_runs where job_id = (select job_id from flaky_job) order by attempt$$,
  $$values (1, 'failed', false), (2, 'failed', false), (3, 'dead_lettered', true)$$,
  'after max_attempts the job is dead-lettered');
select is(pg_temp.depth('jobs_t'), 0::bigint, 'and leaves its queue');
select results_eq(
  $$select (message ->> 'job_id')::bigint, (message ->> 'attempts')::int, message #>> '{last_error,message}',
           message #>> '{last_error,sqlstate}', message -> 'payload'
    from pgmq.q_jobs_t_dlq$$,
  $$select job_id, 3, 'flaky failure 3', 'PT422', '{"invoice": 7}'::jsonb from flaky_job$$,
  'the dead letter keeps the payload, the attempt count and the last error');
select is((select dead_letters from private.job_stats where queue_name = 'jobs_t'), 1::bigint, 'job_stats counts the dead letter');

select is(private.retry_dead_letter('jobs_t', (select job_id from flaky_job)), (select job_id from flaky_job), 'retry from the dead letters');
select is(pg_temp.depth('jobs_t_dlq'), 0::bigint, 'the dead letter is gone');
update jobs_t.switch set failing = false;
select is(private.dispatch('jobs_t'), 1, 'the retried job runs at once');
select results_eq(
  $$select attempt, outcome from private.job_runs where job_id = (select job_id from flaky_job) and attempt > 3$$,
  $$values (4, 'succeeded')$$,
  'and succeeds as attempt 4: attempt numbers keep counting');
select is(pg_temp.depth('jobs_t'), 0::bigint, 'and is deleted');
select is(
  tests.error_of($$select private.retry_dead_letter('jobs_t', (select job_id from flaky_job))$$),
  'PT404 jobs.dead_letter_not_found', 'a job that is not dead-lettered cannot be retried from the dead letters');
update jobs_t.switch set failing = true;
truncate jobs_t.seen;

-- ─── a raising handler does not roll back the rest of the batch ────────────────────────────
create temp table batch as
select private.enqueue('jobs_t', 'jobs_t.ok', '{"k": "a"}') as first_ok,
       private.enqueue('jobs_t', 'jobs_t.flaky', '{"k": "b"}') as failing,
       private.enqueue('jobs_t', 'jobs_t.ok', '{"k": "c"}') as second_ok;
select is(private.dispatch('jobs_t'), 3, 'one batch of three');
select results_eq(
  $$select payload ->> 'k' from jobs_t.seen order by 1$$,
  $$values ('a'), ('c')$$,
  'both good jobs committed their work, the failing one''s write is gone');
select results_eq(
  $$select (message ->> 'job_id')::bigint from pgmq.q_jobs_t$$,
  $$select failing from batch$$,
  'only the failing job is left in the queue');
delete from pgmq.q_jobs_t;

-- ─── pause / resume ────────────────────────────────────────────────────────────────────────
select private.pause_queue('jobs_t', 'testing');
select ok(private.enqueue('jobs_t', 'jobs_t.ok', '{"paused": true}') > 0, 'a paused queue still accepts jobs');
select is(private.dispatch('jobs_t'), 0, 'a paused queue is not dispatched');
select private.dispatch();
select is(pg_temp.depth('jobs_t'), 1::bigint, 'not even a dispatch of all queues runs its job');
select results_eq(
  $$select paused, depth from private.job_stats where queue_name = 'jobs_t'$$,
  $$values (true, 1::bigint)$$, 'job_stats shows it paused with its depth');
select private.resume_queue('jobs_t');
select is(private.dispatch('jobs_t'), 1, 'once resumed, its job runs');

-- ─── discard: the dead letter is archived and its key released ─────────────────────────────
create temp table doomed as
select private.enqueue('jobs_t', 'jobs_t.flaky', '{}', idempotency_key => 'doomed', max_attempts => 1) as job_id;
select private.dispatch('jobs_t');
select is(
  private.enqueue('jobs_t', 'jobs_t.flaky', '{}', idempotency_key => 'doomed'), (select job_id from doomed),
  'a dead-lettered job still holds its key');
select private.discard_dead_letter('jobs_t', (select job_id from doomed));
select results_eq(
  $$select (select count(*) from pgmq.q_jobs_t_dlq), (select count(*) from pgmq.a_jobs_t_dlq where (message ->> 'job_id')::bigint = (select job_id from doomed))$$,
  $$values (0::bigint, 1::bigint)$$, 'discarding moves the dead letter to the archive');
select isnt(
  private.enqueue('jobs_t', 'jobs_t.flaky', '{}', idempotency_key => 'doomed'), (select job_id from doomed),
  'and releases the key');
delete from pgmq.q_jobs_t;

-- retry_all_dead_letters redrives every dead letter of a queue.
select private.enqueue('jobs_t', 'jobs_t.flaky', '{}', max_attempts => 1) from generate_series(1, 3);
select private.dispatch('jobs_t');
select is(private.retry_all_dead_letters('jobs_t'), 3, 'retry all dead letters of a queue');
select results_eq(
  $$select (select count(*) from pgmq.q_jobs_t), (select count(*) from pgmq.q_jobs_t_dlq)$$,
  $$values (3::bigint, 0::bigint)$$, 'they are all back in their queue');
delete from pgmq.q_jobs_t;

-- A job whose handler was removed after it was enqueued fails with a clear error.
select private.enqueue('jobs_t', 'jobs_t.ok', '{}');
delete from private.job_handlers where job_type = 'jobs_t.ok';
select private.dispatch('jobs_t');
select is(
  (select error_detail from private.job_runs where queue_name = 'jobs_t' order by id desc limit 1), 'jobs.no_handler',
  'a job without a handler fails with jobs.no_handler');
select private.register_job_handler('jobs_t.ok', sql_handler => 'jobs_t.record(jsonb, jsonb)'::regprocedure);
delete from pgmq.q_jobs_t;

-- ─── backoff bounds ────────────────────────────────────────────────────────────────────────
select is(
  (select count(*)::int from generate_series(1, 12) attempt, generate_series(1, 20) sample
   where private.job_backoff_seconds(attempt, 5, 300)
         not between ceil(0.75 * least(300, 5 * 2 ^ (attempt - 1))) and ceil(1.25 * least(300, 5 * 2 ^ (attempt - 1)))),
  0, 'backoff is base · 2^(attempt-1), capped, within ±25 %');

-- ─── bad input ─────────────────────────────────────────────────────────────────────────────
select is(tests.error_of($$select private.enqueue('nope', 'jobs_t.ok', '{}')$$), 'PT404 jobs.unknown_queue', 'unknown queue');
select is(tests.error_of($$select private.enqueue(null, 'jobs_t.ok', '{}')$$), 'PT404 jobs.unknown_queue', 'null queue');
select is(tests.error_of($$select private.enqueue('jobs_t_dlq', 'jobs_t.ok', '{}')$$), 'PT404 jobs.unknown_queue', 'a dead-letter queue is not a job queue');
select is(tests.error_of($$select private.enqueue('jobs_t', 'jobs_t.nope', '{}')$$), 'PT404 jobs.unknown_job_type', 'unknown job type');
select is(tests.error_of($$select private.enqueue('jobs_t', null, '{}')$$), 'PT404 jobs.unknown_job_type', 'null job type');
select is(tests.error_of($$select private.enqueue('jobs_t', 'jobs_t.ok', null)$$), 'PT400 jobs.invalid_payload', 'null payload');
select is(tests.error_of($$select private.enqueue('jobs_t', 'jobs_t.ok', '[1, 2]')$$), 'PT400 jobs.invalid_payload', 'payload that is not an object');
select is(tests.error_of($$select private.enqueue('jobs_t', 'jobs_t.ok', 'null')$$), 'PT400 jobs.invalid_payload', 'JSON null payload');
select is(tests.error_of($$select private.enqueue('jobs_t', 'jobs_t.ok', '{}', max_attempts => 0)$$), 'PT400 jobs.invalid_max_attempts', 'max_attempts 0');
select is(tests.error_of($$select private.enqueue('jobs_t', 'jobs_t.ok', '{}', idempotency_key => '  ')$$), 'PT400 jobs.invalid_idempotency_key', 'blank idempotency key');
select is(pg_temp.depth('jobs_t'), 0::bigint, 'no bad input left a job behind');
select is(tests.error_of($$select private.dispatch('nope')$$), 'PT404 jobs.unknown_queue', 'dispatch of an unknown queue');
select is(tests.error_of($$select private.dispatch('jobs_t', 0)$$), 'PT400 jobs.invalid_batch_size', 'dispatch with batch size 0');
select is(tests.error_of($$select private.pause_queue('nope')$$), 'PT404 jobs.unknown_queue', 'pause of an unknown queue');
select is(tests.error_of($$select private.register_job_handler('jobs_t.bad', sql_handler => 'jobs_t.wrong_shape(jsonb)'::regprocedure)$$),
  'PT400 jobs.invalid_handler_signature', 'a handler must take (payload jsonb, job jsonb)');
select is(tests.error_of($$select private.register_job_handler('jobs_t.bad', sql_handler => 'jobs_t.record(jsonb, jsonb)'::regprocedure, edge_function => 'x')$$),
  'PT400 jobs.invalid_handler', 'a handler is SQL or an Edge Function, not both');
select is(tests.error_of($$select private.register_job_handler('Bad Type', edge_function => 'x')$$), 'PT400 jobs.invalid_job_type', 'job type format');
select is(tests.error_of($$select private.create_job_queue('Bad-Name')$$), 'PT400 jobs.invalid_queue_name', 'queue name format');

-- ─── who may call ──────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(tests.create_user('jobs-tester@example.com'));
select throws_ok($$select private.enqueue('jobs_t', 'jobs_t.ok', '{}')$$, '42501', null, 'an authenticated user cannot enqueue');
select matches(tests.error_of($$select public.jobs_pause_queue('jobs_t')$$), '^(42501|PT403) ', 'nor pause a queue');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
select lives_ok($$select public.jobs_pause_queue('jobs_t', 'ops')$$, 'the service role operates queues');
select tests.clear_authentication();

-- ─── retention clean-up is itself a job ────────────────────────────────────────────────────
insert into private.job_runs (job_id, queue_name, job_type, msg_id, attempt, handler_kind, started_at, ended_at, outcome)
values (-1, 'jobs_t', 'jobs_t.ok', 1, 1, 'sql', now() - interval '15 days', now() - interval '15 days', 'succeeded'),
       (-2, 'jobs_t', 'jobs_t.ok', 2, 1, 'sql', now() - interval '13 days', now() - interval '13 days', 'succeeded');
insert into private.job_keys (queue_name, idempotency_key, job_id, state, expires_at)
values ('jobs_t', 'old-key', -1, 'succeeded', now() - interval '1 minute'), ('jobs_t', 'fresh-key', -2, 'succeeded', now() + interval '1 hour');
select private.enqueue('maintenance', 'jobs.cleanup', '{}', idempotency_key => 'jobs.cleanup:test');
select cmp_ok(private.dispatch('maintenance'), '>=', 1, 'the clean-up job is dispatched');
select results_eq(
  $$select job_id from private.job_runs where job_id < 0 order by job_id$$, $$values (-2::bigint)$$,
  'history past the queue''s retention is deleted, the rest kept');
select results_eq(
  $$select idempotency_key from private.job_keys where queue_name = 'jobs_t' and job_id < 0$$, $$values ('fresh-key')$$,
  'expired idempotency keys are deleted');

select * from finish();
rollback;
