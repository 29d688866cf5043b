-- Bad input to the jobs backbone is refused with a jobs.* code.
-- Jobs backbone. Everything runs in one transaction on test queues created here, so the
-- scheduled dispatcher (which only sees committed jobs) never touches them.
begin;
select plan(18);

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

select * from finish();
rollback;
