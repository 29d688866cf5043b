-- Failures: retry with a growing, bounded delay, then the dead letter queue; retry and discard from it
-- (the idempotency key is released); a job whose handler was removed fails clearly.
-- Jobs backbone. Everything runs in one transaction on test queues created here, so the
-- scheduled dispatcher (which only sees committed jobs) never touches them.
begin;
select plan(28);

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

select * from finish();
rollback;
