-- public.prometheus_metrics(): the output parsed line by line as the Prometheus text exposition
-- format (HELP/TYPE before samples, valid metric and label names, escaped label values, numeric
-- values), the published metric names present, values following the data; service_role only.
-- public.health_check(): ok/fail per component and nothing else.
begin;
select plan(15);

select tests.create_tenant('metrics-a') as a \gset
insert into private.job_runs (job_id, queue_name, job_type, msg_id, attempt, handler_kind, started_at, ended_at, outcome, error_message)
values (1, 'maintenance', 'analytics.snapshot_daily', 1, 1, 'sql', now() - interval '3 seconds', now() - interval '1 second', 'failed', 'boom'),
       (1, 'maintenance', 'analytics.snapshot_daily', 1, 2, 'sql', now() - interval '2 seconds', now(), 'succeeded', null);

select tests.authenticate_as_service_role();
create temp table out as select public.prometheus_metrics() as txt;
select tests.clear_authentication();
create temp table line as
  select n, l from out, regexp_split_to_table(rtrim(out.txt, E'\n'), E'\n') with ordinality x(l, n);
-- name{labels} value, labels as name="escaped value" pairs
create temp table sample as
  select n, l, (regexp_match(l, '^([a-zA-Z_:][a-zA-Z0-9_:]*)'))[1] as name from line where l !~ '^#';

select is(right((select txt from out), 1), E'\n', 'the document ends with a line feed');
select is_empty($$ select l from line where l ~ '^#' and l !~ '^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|summary|histogram|untyped))$' $$,
  'every comment line is a well-formed HELP or TYPE line');
select is_empty($$ select l from sample
  where l !~ '^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")*\})? (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[+-]Inf)$' $$,
  'every sample line is name{label="value",…} number');
select is_empty($$
  select s.l from sample s
  where not exists (
    select from line t where t.n < s.n
      and t.l ~ ('^# TYPE ' || regexp_replace(s.name, '_(sum|count|bucket)$', '') || ' ')
       or t.n < s.n and t.l ~ ('^# TYPE ' || s.name || ' ')) $$,
  'every sample follows the TYPE line of its family');
select is_empty($$ select split_part(l, ' ', 3) from line where l ~ '^# TYPE ' group by 1 having count(*) > 1 $$,
  'each family is declared once');
select is_empty($$
  select m from unnest(array['saas_active_tenants', 'saas_plan_distribution', 'saas_limit_breaches_total',
    'saas_catalog_sync_errors_total', 'saas_queue_depth', 'saas_dead_letters', 'saas_job_failures_total',
    'saas_job_duration_seconds', 'saas_webhook_inbox_lag_seconds', 'saas_outbox_backlog']) m
  where not exists (select from line where l = '# TYPE ' || m || ' ' || split_part(l, ' ', 4)) $$,
  'every published metric family is there');

select is((select split_part(l, ' ', 2)::int from sample where name = 'saas_active_tenants'),
  (select count(*)::int from public.tenants where status in ('trial', 'active', 'grace')), 'saas_active_tenants counts the live tenants');
select is((select split_part(l, ' ', 2)::int from sample where l like 'saas_job_failures_total{job_type="analytics.snapshot_daily"} %'), 1,
  'the failed attempt is counted under its job type');
select is((select split_part(l, ' ', 2)::int from sample where l like 'saas_job_duration_seconds_count{job_type="analytics.snapshot_daily"} %'), 2,
  'both attempts of the last hour are in the duration summary');
select ok(exists (select from sample where l ~ '^saas_queue_depth\{queue="maintenance"\} [0-9]+$'), 'queue depth per queue');

select is(private.prom_label(E'a"b\\c\nd'), E'a\\"b\\\\c\\nd', 'label values escape quote, backslash and line feed');

select tests.create_staff('sa@metrics.test', 'super_admin') as sa \gset
select is(tests.error_of(:'sa', 'aal2', 'select public.prometheus_metrics()'), '42501 ', 'staff cannot call it (service_role only)');

select tests.authenticate_as_service_role();
create temp table h as select public.health_check() as j;
select is((select array(select jsonb_object_keys(j) order by 1) || array(select jsonb_object_keys(j -> 'components') order by 1) from h),
  array['components', 'status', 'cron', 'database', 'queues', 'vault'], 'health: a status and four components, nothing else');
select is((select array(select distinct v from jsonb_path_query(j, '$.** ? (@.type() == "string")') v) <@ array['"ok"', '"fail"']::jsonb[] from h),
  true, 'every value is ok or fail');
select tests.clear_authentication();
insert into private.job_queues (queue_name, dead_letter_queue) values ('ghost', 'ghost_dlq');
select tests.authenticate_as_service_role();
select is(public.health_check() #>> '{components,queues}' || ' ' || (public.health_check() ->> 'status'), 'fail fail',
  'a declared queue missing in pgmq fails the queues component and the whole');

select * from finish();
rollback;
