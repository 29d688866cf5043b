-- Jobs whose handler is an Edge Function: posted through pg_net with the service key from Vault,
-- acknowledged by the function through complete_job / fail_job (service role only), timed out
-- when no acknowledgement comes. One transaction: nothing is really sent.
begin;
select plan(29);

create function pg_temp.make_due(queue text) returns void language plpgsql as $$
begin
  execute format('update pgmq.%I set vt = clock_timestamp() - interval ''1 second''', 'q_' || queue);
end
$$;
create function pg_temp.last_run(p_job_id bigint) returns private.job_runs language sql as $$
  select * from private.job_runs where job_id = p_job_id order by id desc limit 1
$$;

select private.create_job_queue('jobs_e', 'edge test queue', max_attempts => 3, visibility_timeout_seconds => 120,
  backoff_base_seconds => 5);
select private.register_job_handler('jobs_e.notify', edge_function => 'jobs-test-fn');

-- ─── without the Vault secrets the attempt fails with a clear error ────────────────────────
delete from vault.secrets where name in ('project_url', 'service_role_key');
create temp table j1 as select private.enqueue('jobs_e', 'jobs_e.notify', '{"to": "ops@example.com"}') as job_id;
select is(private.dispatch('jobs_e'), 1, 'the Edge Function job is dispatched');
select results_eq(
  $$select outcome, handler_kind, error_sqlstate, error_detail, error_message like '%project_url%service_role_key%'
    from pg_temp.last_run((select job_id from j1))$$,
  $$values ('failed', 'edge_function', 'PT503', 'jobs.edge_config_missing', true)$$,
  'a missing project_url / service_role_key is recorded as jobs.edge_config_missing');
select ok((select retry_at is not null from pg_temp.last_run((select job_id from j1))), 'and retried later like any failure');

-- ─── with them, the job is posted and waits for its acknowledgement ────────────────────────
select vault.create_secret('http://functions.test/', 'project_url');
select vault.create_secret('test-service-key', 'service_role_key');
create temp table queued_before as select coalesce(max(id), 0) as id from net.http_request_queue;
select pg_temp.make_due('jobs_e');
select is(private.dispatch('jobs_e'), 1, 'the second attempt is posted');
select results_eq(
  $$select outcome, attempt, ended_at is null, net_request_id is not null from pg_temp.last_run((select job_id from j1))$$,
  $$values ('running', 2, true, true)$$,
  'the attempt is running until the function acknowledges');
select results_eq(
  $$select method::text, url, headers ->> 'Authorization', headers ->> 'Content-Type', timeout_milliseconds
    from net.http_request_queue where id > (select id from queued_before)$$,
  $$values ('POST', 'http://functions.test/functions/v1/jobs-test-fn', 'Bearer test-service-key', 'application/json', 60000)$$,
  'POST to <project_url>/functions/v1/<name> with the service key');
select results_eq(
  $$select (b ->> 'job_id')::bigint, (b ->> 'attempt')::int, b ->> 'queue', b ->> 'job_type', b -> 'payload'
    from (select convert_from(body, 'UTF8')::jsonb as b from net.http_request_queue where id > (select id from queued_before)) r$$,
  $$select job_id, 2, 'jobs_e', 'jobs_e.notify', '{"to": "ops@example.com"}'::jsonb from j1$$,
  'the body carries job id, attempt, queue, type and payload');
select is(
  (select net_request_id from pg_temp.last_run((select job_id from j1))), (select max(id) from net.http_request_queue),
  'the run keeps the pg_net request id');
select ok((select vt > clock_timestamp() + interval '100 seconds' from pgmq.q_jobs_e),
  'the job stays hidden for the visibility timeout');
select is(private.dispatch('jobs_e'), 0, 'so no other dispatch posts it again');
select is((select running from private.job_stats where queue_name = 'jobs_e'), 1::bigint, 'job_stats counts it as running');

-- ─── acknowledgements ──────────────────────────────────────────────────────────────────────
select is(tests.error_of(format('select public.complete_job(%s, 1)', (select job_id from j1))), 'PT409 jobs.stale_attempt',
  'an attempt that is over cannot be acknowledged');
select is(tests.error_of(format('select public.complete_job(%s, 9)', (select job_id from j1))), 'PT404 jobs.unknown_attempt',
  'an attempt that never was cannot be acknowledged');
select is(tests.error_of('select public.complete_job(null, 1)'), 'PT400 jobs.invalid_acknowledgement', 'job id is required');

select job_id as j1 from j1 \gset
select tests.authenticate_as(tests.create_user('edge-ack@example.com'));
select throws_ok(format('select public.complete_job(%s, 2)', :j1), '42501', null, 'a signed-in user cannot acknowledge jobs');
select tests.clear_authentication();
select tests.authenticate_as_anon();
select throws_ok(format('select public.fail_job(%s, 2, %L)', :j1, 'x'), '42501', null, 'nor can anon');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select lives_ok(format('select public.complete_job(%s, 2)', :j1), 'the service role acknowledges success');
select tests.clear_authentication();
select is((select count(*)::int from pgmq.q_jobs_e), 0, 'the acknowledged job is deleted');
select results_eq(
  $$select outcome, ended_at is not null, duration_ms >= 0 from pg_temp.last_run((select job_id from j1))$$,
  $$values ('succeeded', true, true)$$, 'and its attempt succeeded');
select is(tests.error_of(format('select public.complete_job(%s, 2)', (select job_id from j1))), 'PT409 jobs.stale_attempt',
  'a second acknowledgement of the same attempt is refused');

-- fail_job: backoff, or dead letter when told not to retry.
create temp table j2 as select private.enqueue('jobs_e', 'jobs_e.notify', '{"n": 2}') as job_id;
select private.dispatch('jobs_e');
select job_id as j2 from j2 \gset
select tests.authenticate_as_service_role();
select is(public.fail_job(:j2, 1, 'upstream answered 502'), 'failed', 'a reported failure is retried');
select tests.clear_authentication();
select results_eq(
  $$select outcome, error_message, error_detail, retry_at > ended_at from pg_temp.last_run((select job_id from j2))$$,
  $$values ('failed', 'upstream answered 502', 'jobs.edge_function_failed', true)$$,
  'with the reported error and a retry time');
select ok((select vt > clock_timestamp() from pgmq.q_jobs_e where (message ->> 'job_id')::bigint = (select job_id from j2)),
  'the job is backed off');
select is(tests.error_of(format('select private.fail_job(%s, 1, %L)', (select job_id from j2), ' ')), 'PT409 jobs.stale_attempt',
  'the failed attempt cannot be reported twice');
select pg_temp.make_due('jobs_e');
select private.dispatch('jobs_e');
select is(tests.error_of(format('select private.fail_job(%s, 2, %L)', (select job_id from j2), ' ')), 'PT400 jobs.invalid_acknowledgement',
  'a failure needs an error text');
select is(private.fail_job((select job_id from j2), 2, 'recipient rejected', retry => false), 'dead_lettered',
  'a failure that must not be retried is dead-lettered at once');
select is((select message #>> '{last_error,message}' from pgmq.q_jobs_e_dlq), 'recipient rejected',
  'the dead letter keeps the reported error');

-- ─── no acknowledgement: timed out, then dead-lettered when attempts are spent ─────────────
create temp table j3 as select private.enqueue('jobs_e', 'jobs_e.notify', '{"n": 3}', max_attempts => 2) as job_id;
select private.dispatch('jobs_e');
select pg_temp.make_due('jobs_e');
select private.dispatch('jobs_e');
select results_eq(
  $$select attempt, outcome, error_detail from private.job_runs where job_id = (select job_id from j3) order by attempt$$,
  $$values (1, 'timed_out', 'jobs.ack_timeout'), (2, 'running', null)$$,
  'an attempt that was never acknowledged is marked timed out when the job is read again');
select pg_temp.make_due('jobs_e');
select private.dispatch('jobs_e');
select results_eq(
  $$select (select outcome from pg_temp.last_run((select job_id from j3))),
           (select message #>> '{last_error,detail}' from pgmq.q_jobs_e_dlq where (message ->> 'job_id')::bigint = (select job_id from j3))$$,
  $$values ('dead_lettered', 'jobs.ack_timeout')$$,
  'when the last attempt times out the job is dead-lettered with that error');

select * from finish();
rollback;
