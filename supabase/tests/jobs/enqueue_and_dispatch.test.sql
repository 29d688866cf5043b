-- Enqueue and dispatch: one job per idempotency key while the key is retained; a job runs its handler
-- and is deleted with its history; a raising handler does not roll back the rest of the batch; a
-- paused queue is not dispatched until resumed.
-- Jobs backbone. Everything runs in one transaction on test queues created here, so the
-- scheduled dispatcher (which only sees committed jobs) never touches them.
begin;
select plan(22);

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

select private.create_job_queue('jobs_t', 'test queue', max_attempts => 3, batch_size => 10,
  backoff_base_seconds => 5, backoff_max_seconds => 3600, idempotency_retention => '24 hours');
select private.create_job_queue('jobs_t2', 'second test queue');
select private.register_job_handler('jobs_t.ok', sql_handler => 'jobs_t.record(jsonb, jsonb)'::regprocedure);
select private.register_job_handler('jobs_t.flaky', sql_handler => 'jobs_t.flaky(jsonb, jsonb)'::regprocedure);

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

select * from finish();
rollback;
