-- A label value in the Prometheus text exposition format: backslash, double quote and line feed escaped.
create function private.prom_label(v text) returns text
  language sql immutable
  set search_path = ''
as $$ select replace(replace(replace(coalesce(v, ''), E'\\', E'\\\\'), '"', E'\\"'), E'\n', E'\\n') $$;

revoke all on function private.prom_label(text) from public, anon, authenticated, service_role;
comment on function private.prom_label(text) is 'Escapes a Prometheus label value (\\, ", line feed).';

-- One metric family: its # HELP and # TYPE lines, then its samples (name{labels} value, one a line).
create function private.prom_family(name text, kind text, help text, samples text[]) returns text
  language sql immutable
  set search_path = ''
as $$
  select '# HELP ' || name || ' ' || replace(replace(help, E'\\', E'\\\\'), E'\n', E'\\n') || E'\n'
      || '# TYPE ' || name || ' ' || kind || E'\n'
      || coalesce((select string_agg(s, E'\n') || E'\n' from unnest(samples) s), '')
$$;

revoke all on function private.prom_family(text, text, text, text[]) from public, anon, authenticated, service_role;
comment on function private.prom_family(text, text, text, text[]) is 'Formats one Prometheus metric family (HELP, TYPE, samples).';

-- Everything the platform exports to Prometheus, as one text document (the Edge Function `metrics`
-- serves it behind a scrape token). service_role only. Tables that another capability has not
-- created yet (the notifications outbox) give 0, never an error.
create function public.prometheus_metrics() returns text
  language sql stable
  set search_path = ''
as $$ select private.prometheus_metrics() $$;

create function private.prometheus_metrics() returns text
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  out text := '';
  backlog bigint := 0;
begin
  out := out || private.prom_family('saas_active_tenants', 'gauge', 'Tenants in trial, active or grace.',
    array[(select 'saas_active_tenants ' || count(*) from public.tenants t where t.status in ('trial', 'active', 'grace'))]);

  out := out || private.prom_family('saas_tenants', 'gauge', 'Tenants by lifecycle status.',
    array(select format('saas_tenants{status="%s"} %s', private.prom_label(s.status), count(t.id))
          from unnest(array['draft', 'pending_approval', 'approved', 'trial', 'active', 'grace', 'suspended', 'frozen', 'archived', 'churned']) s(status)
          left join public.tenants t on t.status = s.status group by s.status order by s.status));

  out := out || private.prom_family('saas_plan_distribution', 'gauge', 'Tenants not churned or archived, by plan code.',
    array(select format('saas_plan_distribution{plan="%s"} %s', private.prom_label(p.code), count(tp.tenant_id))
          from public.plans p
          left join public.tenant_plans tp on tp.plan_id = p.id
            and exists (select from public.tenants t where t.id = tp.tenant_id and t.status not in ('archived', 'churned'))
          group by p.code order by p.code));

  out := out || private.prom_family('saas_limit_breaches_total', 'counter', 'Limit decisions recorded (soft warnings, overage, refusals) since the start.',
    array[(select 'saas_limit_breaches_total ' || count(*) from public.limit_breaches)]);

  out := out || private.prom_family('saas_catalog_sync_errors_total', 'gauge', 'Tenants whose last catalog sync failed.',
    array[(select 'saas_catalog_sync_errors_total ' || count(*) from public.tenant_catalog_state c where c.status = 'failed')]);

  out := out || private.prom_family('saas_queue_depth', 'gauge', 'Messages waiting in each job queue.',
    array(select format('saas_queue_depth{queue="%s"} %s', private.prom_label(s.queue_name), coalesce(s.depth, 0))
          from private.job_stats s order by s.queue_name));

  out := out || private.prom_family('saas_queue_oldest_age_seconds', 'gauge', 'Age of the oldest message in each job queue.',
    array(select format('saas_queue_oldest_age_seconds{queue="%s"} %s', private.prom_label(s.queue_name), coalesce(s.oldest_age_seconds, 0))
          from private.job_stats s order by s.queue_name));

  out := out || private.prom_family('saas_queue_paused', 'gauge', '1 when an operator paused the queue.',
    array(select format('saas_queue_paused{queue="%s"} %s', private.prom_label(s.queue_name), case when s.paused then 1 else 0 end)
          from private.job_stats s order by s.queue_name));

  out := out || private.prom_family('saas_dead_letters', 'gauge', 'Messages in each queue''s dead-letter queue.',
    array(select format('saas_dead_letters{queue="%s"} %s', private.prom_label(s.queue_name), coalesce(s.dead_letters, 0))
          from private.job_stats s order by s.queue_name));

  out := out || private.prom_family('saas_job_failures_total', 'counter', 'Failed job attempts (failed, dead-lettered, timed out) in the kept run history, by job type.',
    array(select format('saas_job_failures_total{job_type="%s"} %s', private.prom_label(h.job_type),
                        (select count(*) from private.job_runs r where r.job_type = h.job_type
                           and r.outcome in ('failed', 'dead_lettered', 'timed_out')))
          from private.job_handlers h order by h.job_type));

  out := out || private.prom_family('saas_job_duration_seconds', 'summary', 'Duration of job attempts that ended in the last hour, by job type.',
    array(select x.line from (
            select r.job_type, 0 as o, format('saas_job_duration_seconds{job_type="%s",quantile="%s"} %s',
                     private.prom_label(r.job_type), q.q,
                     round((percentile_cont(q.q) within group (order by r.duration_ms) / 1000)::numeric, 3)) as line
            from private.job_runs r cross join (values (0.5::float8), (0.95), (0.99)) q(q)
            where r.ended_at >= now() - interval '1 hour' and r.duration_ms is not null
            group by r.job_type, q.q
            union all
            select r.job_type, 1, format('saas_job_duration_seconds_sum{job_type="%s"} %s', private.prom_label(r.job_type),
                     round(sum(r.duration_ms) / 1000, 3))
            from private.job_runs r where r.ended_at >= now() - interval '1 hour' and r.duration_ms is not null group by r.job_type
            union all
            select r.job_type, 2, format('saas_job_duration_seconds_count{job_type="%s"} %s', private.prom_label(r.job_type), count(*))
            from private.job_runs r where r.ended_at >= now() - interval '1 hour' and r.duration_ms is not null group by r.job_type
          ) x order by x.job_type, x.o, x.line));

  out := out || private.prom_family('saas_webhook_inbox_lag_seconds', 'gauge', 'Age of the oldest gateway event received but not yet applied (0 when none waits).',
    array[(select 'saas_webhook_inbox_lag_seconds ' || coalesce(round(extract(epoch from max(now() - e.received_at)))::bigint, 0)
           from public.payment_events e where e.status = 'received')]);

  if to_regclass('public.notification_outbox') is not null then
    execute 'select count(*) from public.notification_outbox where status in (''queued'', ''sending'')' into backlog;
  end if;
  out := out || private.prom_family('saas_outbox_backlog', 'gauge', 'Notifications queued or sending in the outbox (0 before the outbox exists).',
    array['saas_outbox_backlog ' || backlog]);

  out := out || private.prom_family('saas_snapshot_age_days', 'gauge', 'Days since the newest daily snapshot (-1 when there is none).',
    array[(select 'saas_snapshot_age_days ' || coalesce((now() at time zone 'UTC')::date - max(s.day), -1) from public.tenant_daily_snapshots s)]);

  -- SLOs (private.slo_report): compliance has no sample while an objective has no events yet.
  out := out || private.prom_family('saas_slo_compliance', 'gauge', 'Share of good events over each SLO''s window (no sample before the first event).',
    array(select format('saas_slo_compliance{slo="%s"} %s', private.prom_label(r.code), r.compliance)
          from private.slo_report() r where r.compliance is not null order by r.code));

  out := out || private.prom_family('saas_slo_error_budget_remaining', 'gauge', 'Share of each SLO''s error budget left over its window (1 untouched, below 0 overspent).',
    array(select format('saas_slo_error_budget_remaining{slo="%s"} %s', private.prom_label(r.code), r.error_budget_remaining)
          from private.slo_report() r order by r.code));

  out := out || private.prom_family('saas_slo_burn_rate', 'gauge', 'Error-budget burn rate of each SLO over the last 1 h and 6 h (error rate / (1 - target); 1 spends the budget exactly over the window).',
    array(select format('saas_slo_burn_rate{slo="%s",window="%s"} %s', private.prom_label(r.code), w.w, case w.w when '1h' then r.burn_rate_1h else r.burn_rate_6h end)
          from private.slo_report() r cross join (values ('1h'), ('6h')) w(w) order by r.code, w.w));

  return out;
end
$$;

revoke all on function public.prometheus_metrics() from public, anon, authenticated, service_role;
grant execute on function public.prometheus_metrics() to service_role;
comment on function public.prometheus_metrics() is 'The platform''s metrics in the Prometheus text exposition format (service_role only; served by the Edge Function metrics). See docs/metrics.md.';
revoke all on function private.prometheus_metrics() from public, anon, authenticated, service_role;
grant execute on function private.prometheus_metrics() to service_role;
