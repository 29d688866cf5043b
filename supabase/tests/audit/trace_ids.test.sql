-- One trace id follows a request (W3C traceparent): into its audit entries, into the jobs it
-- enqueues, into what those jobs audit and enqueue in turn, and onto their Edge Function calls.
begin;
select plan(18);

create function pg_temp.trace_with(headers jsonb) returns text language plpgsql as $$
begin
  perform set_config('request.headers', headers::text, true);
  return private.current_trace_id();
end
$$;

-- ─── reading the header ────────────────────────────────────────────────────────────────────
select is(pg_temp.trace_with('{"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}'),
  '4bf92f3577b34da6a3ce929d0e0e4736', 'the trace-id of a valid traceparent');
select is(pg_temp.trace_with('{"traceparent": "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"}'),
  '4bf92f3577b34da6a3ce929d0e0e4736', 'a later version with appended fields is read the same way');
select is(pg_temp.trace_with('{"traceparent": "00-00000000000000000000000000000000-00f067aa0ba902b7-01"}'),
  null, 'an all-zero trace-id is invalid');
select is(pg_temp.trace_with('{"traceparent": "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}'),
  null, 'version ff is invalid');
select is(pg_temp.trace_with('{"traceparent": "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}'),
  null, 'upper-case hex is invalid');
select is(pg_temp.trace_with(jsonb_build_object('traceparent', '00-' || repeat('a', 10000))),
  null, 'a huge header is ignored, not an error');
select is(pg_temp.trace_with('{"x-trace-id": "req-42.a_b"}'), 'req-42.a_b', 'x-trace-id when there is no traceparent');
select is(pg_temp.trace_with('{"x-trace-id": "<script>"}'), null, 'an x-trace-id with other characters is ignored');
select is(pg_temp.trace_with('{}'), null, 'no header, no trace');

-- ─── audit entries and jobs carry it ───────────────────────────────────────────────────────
select private.create_job_queue('jobs_t', 'trace test queue');
create function private.jobs_t_handler(payload jsonb, job jsonb) returns void language plpgsql as $$
begin
  perform audit.record('tenant.trace_probe', 'trace_probe', 'in-job');
  perform private.enqueue('jobs_t', 'jobs_t.edge', '{}');
end
$$;
select private.register_job_handler('jobs_t.sql', 'private.jobs_t_handler(jsonb, jsonb)'::regprocedure);
select private.register_job_handler('jobs_t.edge', edge_function => 'jobs-trace-fn');

select pg_temp.trace_with('{"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}');
select audit.record('tenant.trace_probe', 'trace_probe', 'in-request');
select private.enqueue('jobs_t', 'jobs_t.sql', '{}') as sql_job \gset
select is((select trace_id from audit.log where entity_id = 'in-request'), '0af7651916cd43dd8448eb211c80319c',
  'an audit entry written in the request carries its trace-id');
select is((select message ->> 'trace_id' from pgmq.q_jobs_t where (message ->> 'job_id')::bigint = :sql_job),
  '0af7651916cd43dd8448eb211c80319c', 'a job enqueued in the request carries it');

-- The dispatcher runs later, outside any request: the job's trace is what counts.
select set_config('request.headers', '', true);
select is(private.dispatch('jobs_t'), 1, 'the SQL job runs');
select is((select trace_id from audit.log where entity_id = 'in-job'), '0af7651916cd43dd8448eb211c80319c',
  'what the job audits carries the enqueuer''s trace');
select is((select trace_id from private.job_runs where job_id = :sql_job), '0af7651916cd43dd8448eb211c80319c',
  'so does its run history');
select is((select message ->> 'trace_id' from pgmq.q_jobs_t where message ->> 'job_type' = 'jobs_t.edge'),
  '0af7651916cd43dd8448eb211c80319c', 'and the job it enqueued');
select is(private.current_trace_id(), null, 'after the round the dispatcher''s trace is cleared');

-- A message the request causes carries the trace too (the outbox is written in its transaction).
select tests.create_tenant('trace-t') as trace_tenant \gset
update public.tenants set contact = '{"email": "a@trace.test"}' where id = :'trace_tenant';
select pg_temp.trace_with('{"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}');
select private.notify('tenant.welcome', :'trace_tenant', 'trace', '{}');
select is((select array_agg(distinct trace_id) from public.notification_outbox where tenant_id = :'trace_tenant'),
  array['0af7651916cd43dd8448eb211c80319c'], 'its outbox messages carry the request''s trace-id');

delete from vault.secrets where name in ('project_url', 'service_role_key');
select vault.create_secret('http://functions.test/', 'project_url');
select vault.create_secret('test-service-key', 'service_role_key');
select private.dispatch('jobs_t');
select matches((select headers ->> 'traceparent' from net.http_request_queue order by id desc limit 1),
  '^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$',
  'the Edge Function call carries a traceparent: the same trace, a new span');

select * from finish();
rollback;
