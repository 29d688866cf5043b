-- SLOs: probe answers recorded from net._http_response (a target down, a timeout, no answer),
-- a missing Vault configuration recorded as failed probes without breaking the cron run, and
-- public.slo_status / the saas_slo_* metrics against a hand-computed fixture:
--   api_availability (0.999): 1000 probes, one a minute back from now; 10 failed (minutes 1-3, 100,
--     200, 300, 500-800). compliance 0.99, budget 1 - 0.01/0.001 = -9; 1 h: 3/60 → burn 50;
--     6 h: 6/360 → burn 16.666667.
--   api_latency (0.95, 800 ms): 20 probes in the last hour, one 900 ms (slow), one HTTP 503:
--     0.9, budget 1 - 0.1/0.05 = -1, burn 2 and 2.
--   job_start_latency (0.95, 60 s): 3 runs 2 h ago started after 10 s, 59 s, 61 s: 0.666667,
--     budget 1 - (1/3)/0.05 = -5.666667; 1 h: none → 0; 6 h: 6.666667.
--   webhook_apply_lag (0.95, 60 s): applied after 5 s (good), after 2 min, failed, waiting 5 min
--     (bad); waiting 10 s and ignored are not counted: 0.25, budget -14, burn 15 and 15.
begin;
select plan(14);
-- The per-minute schedule must not add probes, nor the scheduled dispatcher job runs (counted by
-- job_start_latency), while the fixture is read: both wait for this test's rollback.
lock table private.slo_probe_results in exclusive mode;
lock table private.job_runs in exclusive mode;

-- 1. Answers from pg_net.
delete from private.slo_probe_results;
insert into private.slo_probe_results (slo_code, request_id, url, sent_at) values
  ('api_availability', 9000001, 'http://down.test/functions/v1/health', now() - interval '30 seconds'),
  ('api_availability', 9000002, 'http://slow.test/functions/v1/health', now() - interval '30 seconds'),
  ('api_latency', 9000003, 'http://up.test/rest/v1/rpc/health_check', now() - interval '30 seconds'),
  ('api_latency', 9000004, 'http://lost.test/rest/v1/rpc/health_check', now() - interval '6 minutes');
insert into net._http_response (id, status_code, timed_out, error_msg, created) values
  (9000001, 503, false, null, now() - interval '29.85 seconds'),
  (9000002, null, true, 'Timeout of 10000 ms reached', now() - interval '20 seconds'),
  (9000003, 200, false, null, now() - interval '29.88 seconds');
select is(private.slo_probe_collect(), 4, 'the three answers and the lost probe are recorded');
select results_eq($$ select request_id, status_code, ok, latency_ms, error from private.slo_probe_results order by request_id $$,
  $$ values (9000001::bigint, 503, false, 150.000::numeric, 'HTTP 503'), (9000002, null, false, 10000.000, 'Timeout of 10000 ms reached'),
            (9000003, 200, true, 120.000, null), (9000004, null, false, null, 'no answer within 5 minutes') $$,
  'a target down, a timeout, an answer and no answer: status, ok, latency and reason');

-- 2. Sending, with and without the Vault configuration.
delete from private.slo_probe_results;
delete from vault.secrets where name in ('project_url', 'service_role_key');
select lives_ok('select private.slo_probe()', 'a missing Vault configuration does not break the cron run');
select results_eq($$ select slo_code, ok, request_id is null, error like 'not configured:%project_url%' from private.slo_probe_results order by slo_code $$,
  $$ values ('api_availability', false, true, true), ('api_latency', false, true, true) $$,
  'each probe objective gets a failed probe that says why');
delete from private.slo_probe_results;
select vault.create_secret('http://probe.test/', 'project_url');
select vault.create_secret('probe-key', 'service_role_key');
select is(private.slo_probe_send(), 2, 'configured: one request per enabled probe objective');
select results_eq($$ select r.url, q.url, q.headers ->> 'Authorization', r.ok from private.slo_probe_results r
                    join net.http_request_queue q on q.id = r.request_id order by r.url $$,
  $$ values ('http://probe.test/functions/v1/health', 'http://probe.test/functions/v1/health', 'Bearer probe-key', null::boolean),
            ('http://probe.test/rest/v1/rpc/health_check', 'http://probe.test/rest/v1/rpc/health_check', 'Bearer probe-key', null) $$,
  'the requests are queued in pg_net with the service key; the probes are pending');
select is((select count(*) from cron.job where jobname = 'analytics.slo_probe' and schedule = '* * * * *'), 1::bigint, 'the probe runs every minute');

-- 3. The status fixture.
delete from private.slo_probe_results;
delete from private.job_runs;
delete from public.payment_events;
insert into private.slo_probe_results (slo_code, sent_at, completed_at, ok, latency_ms)
select 'api_availability', now() - make_interval(mins => i), now() - make_interval(mins => i), i not in (1, 2, 3, 100, 200, 300, 500, 600, 700, 800), 100
from generate_series(1, 1000) i;
insert into private.slo_probe_results (slo_code, sent_at) values ('api_availability', now());  -- pending: not counted
insert into private.slo_probe_results (slo_code, sent_at, completed_at, ok) values ('api_availability', now() - interval '31 days', now() - interval '31 days', false);
insert into private.slo_probe_results (slo_code, sent_at, completed_at, ok, latency_ms, status_code)
select 'api_latency', now() - make_interval(mins => i), now() - make_interval(mins => i), i <> 2, case i when 1 then 900 else 200 end, case i when 2 then 503 else 200 end
from generate_series(1, 20) i;
insert into private.job_runs (job_id, queue_name, job_type, msg_id, attempt, handler_kind, run_at, started_at, ended_at, outcome)
select 1, 'maintenance', 'analytics.snapshot_daily', 1, 1, 'sql', r, coalesce(r, now() - interval '2 hours') + d, coalesce(r, now() - interval '2 hours') + d, 'succeeded'
from (values (now() - interval '2 hours', interval '10 seconds'), (now() - interval '2 hours', interval '59 seconds'),
             (now() - interval '2 hours', interval '61 seconds'), (null, interval '0'), (now() - interval '40 days', interval '1 hour')) v(r, d);
insert into public.payment_events (gateway, event_id, event_type, payload, status, received_at, applied_at)
values ('stripe', 'e1', 'x', '{}', 'applied', now() - interval '30 minutes', now() - interval '30 minutes' + interval '5 seconds'),
       ('stripe', 'e2', 'x', '{}', 'applied', now() - interval '30 minutes', now() - interval '28 minutes'),
       ('stripe', 'e3', 'x', '{}', 'failed', now() - interval '30 minutes', null),
       ('stripe', 'e4', 'x', '{}', 'received', now() - interval '5 minutes', null),
       ('stripe', 'e5', 'x', '{}', 'received', now() - interval '10 seconds', null),
       ('stripe', 'e6', 'x', '{}', 'ignored', now() - interval '30 minutes', null);

select tests.create_staff('auditor@slo.test', 'auditor') as aud \gset
select tests.create_staff('support@slo.test', 'support') as sup \gset
select tests.authenticate_as(:'aud', 'aal2');
create temp table st as select * from public.slo_status();
select tests.clear_authentication();
select results_eq($$ select code, events, good, compliance, error_budget_remaining, burn_rate_1h, burn_rate_6h from st order by code $$,
  $$ values ('api_availability', 1000::bigint, 990::bigint, 0.990000::numeric, -9.000000::numeric, 50.000000::numeric, 16.666667::numeric),
            ('api_latency', 20, 18, 0.900000, -1.000000, 2.000000, 2.000000),
            ('job_start_latency', 3, 2, 0.666667, -5.666667, 0.000000, 6.666667),
            ('webhook_apply_lag', 4, 1, 0.250000, -14.000000, 15.000000, 15.000000) $$,
  'compliance, error budget and burn rates match the hand-computed fixture (auditor, jobs.read)');
select is(tests.error_of(:'sup', 'aal2', 'select * from public.slo_status()'), 'PT403 auth.permission_denied',
  'staff without jobs.read are refused');

update public.slo_objectives set enabled = false where code = 'job_start_latency';
select is((select count(*) from private.slo_report() where code = 'job_start_latency'), 0::bigint, 'a disabled objective is not reported');
select is(private.slo_probe_send(), 2, 'nor probed (only probe kinds are)');

-- 4. Metrics.
select tests.authenticate_as_service_role();
create temp table m as select l from regexp_split_to_table(public.prometheus_metrics(), E'\n') l;
select tests.clear_authentication();
select bag_eq($$ select l from m where l ~ '^saas_slo_' $$,
  $$ values ('saas_slo_compliance{slo="api_availability"} 0.990000'), ('saas_slo_compliance{slo="api_latency"} 0.900000'),
            ('saas_slo_compliance{slo="webhook_apply_lag"} 0.250000'),
            ('saas_slo_error_budget_remaining{slo="api_availability"} -9.000000'), ('saas_slo_error_budget_remaining{slo="api_latency"} -1.000000'),
            ('saas_slo_error_budget_remaining{slo="webhook_apply_lag"} -14.000000'),
            ('saas_slo_burn_rate{slo="api_availability",window="1h"} 50.000000'), ('saas_slo_burn_rate{slo="api_availability",window="6h"} 16.666667'),
            ('saas_slo_burn_rate{slo="api_latency",window="1h"} 2.000000'), ('saas_slo_burn_rate{slo="api_latency",window="6h"} 2.000000'),
            ('saas_slo_burn_rate{slo="webhook_apply_lag",window="1h"} 15.000000'), ('saas_slo_burn_rate{slo="webhook_apply_lag",window="6h"} 15.000000') $$,
  'the saas_slo_* samples carry the same figures');
delete from private.slo_probe_results;
delete from public.payment_events;
select tests.authenticate_as_service_role();
create temp table m2 as select l from regexp_split_to_table(public.prometheus_metrics(), E'\n') l;
select tests.clear_authentication();
select bag_eq($$ select l from m2 where l ~ 'saas_slo_(compliance|burn_rate)' and l ~ 'api_availability|^#' $$,
  $$ values ('# HELP saas_slo_compliance Share of good events over each SLO''s window (no sample before the first event).'), ('# TYPE saas_slo_compliance gauge'),
            ('# HELP saas_slo_burn_rate Error-budget burn rate of each SLO over the last 1 h and 6 h (error rate / (1 - target); 1 spends the budget exactly over the window).'),
            ('# TYPE saas_slo_burn_rate gauge'),
            ('saas_slo_burn_rate{slo="api_availability",window="1h"} 0.000000'), ('saas_slo_burn_rate{slo="api_availability",window="6h"} 0.000000') $$,
  'without events: HELP/TYPE kept, no compliance sample, burn 0');
select is((select count(*) from m2 where l ~ '^saas_slo_compliance'), 0::bigint, 'no compliance sample at all without events');

select * from finish();
rollback;
