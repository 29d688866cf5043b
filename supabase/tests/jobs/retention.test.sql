-- Retention: the clean-up of old job history and idempotency keys is itself a job.
-- Jobs backbone. Everything runs in one transaction on test queues created here, so the
-- scheduled dispatcher (which only sees committed jobs) never touches them.
begin;
select plan(3);

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
