-- Events and good events of one objective since a time (now = private.now()):
--   probe_availability: completed probes, good = ok;
--   probe_latency: completed probes, good = ok and latency_ms <= threshold_ms;
--   job_start_latency: job attempts started (private.job_runs with a run_at), good = started within threshold;
--   webhook_apply_lag: payment events applied or failed, or waiting longer than the threshold
--     (ignored events are left out), good = applied within threshold of received_at.
create function private.slo_counts(slo public.slo_objectives, since timestamptz, out events bigint, out good bigint)
  language sql stable security definer
  set search_path = ''
as $$
  select count(*), count(*) filter (where x.good) from (
    select r.ok and (slo.kind = 'probe_availability' or r.latency_ms <= slo.threshold_ms) as good
    from private.slo_probe_results r
    where slo.kind like 'probe_%' and r.slo_code = slo.code and r.completed_at is not null and r.sent_at >= since
    union all
    select r.started_at - r.run_at <= make_interval(secs => slo.threshold_ms / 1000.0)
    from private.job_runs r
    where slo.kind = 'job_start_latency' and r.run_at is not null and r.started_at >= since
    union all
    select e.status = 'applied' and e.applied_at - e.received_at <= make_interval(secs => slo.threshold_ms / 1000.0)
    from public.payment_events e
    where slo.kind = 'webhook_apply_lag' and e.received_at >= since and e.status <> 'ignored'
      and (e.status in ('applied', 'failed') or e.received_at <= private.now() - make_interval(secs => slo.threshold_ms / 1000.0))
  ) x
$$;

revoke all on function private.slo_counts(public.slo_objectives, timestamptz) from public, anon, authenticated, service_role;
comment on function private.slo_counts(public.slo_objectives, timestamptz) is 'Events and good events of one SLO since a time (see docs/metrics.md#slos).';

-- Every enabled objective's compliance over its window, the error budget left and burn rates over
-- 1 h and 6 h (burn = error rate / (1 − target): 1 spends the budget exactly over the window).
-- No permission check: the metrics function (service_role) and public.slo_status use it.
create function private.slo_report()
returns table (code text, name_en text, name_ar text, kind text, target numeric, threshold_ms integer, window_days integer,
               events bigint, good bigint, compliance numeric, error_budget_remaining numeric,
               burn_rate_1h numeric, burn_rate_6h numeric, events_1h bigint, events_6h bigint)
  language sql stable security definer
  set search_path = ''
as $$
  select s.code, s.name_en, s.name_ar, s.kind, s.target, s.threshold_ms, s.window_days,
         w.events, w.good,
         case when w.events > 0 then round(w.good::numeric / w.events, 6) end,
         round(1 - (case when w.events > 0 then (w.events - w.good)::numeric / w.events else 0 end) / (1 - s.target), 6),
         round((case when h1.events > 0 then (h1.events - h1.good)::numeric / h1.events else 0 end) / (1 - s.target), 6),
         round((case when h6.events > 0 then (h6.events - h6.good)::numeric / h6.events else 0 end) / (1 - s.target), 6),
         h1.events, h6.events
  from public.slo_objectives s
  cross join lateral private.slo_counts(s, private.now() - make_interval(days => s.window_days)) w
  cross join lateral private.slo_counts(s, private.now() - interval '1 hour') h1
  cross join lateral private.slo_counts(s, private.now() - interval '6 hours') h6
  where s.enabled
  order by s.code
$$;

revoke all on function private.slo_report() from public, anon, authenticated, service_role;
grant execute on function private.slo_report() to service_role;
comment on function private.slo_report() is 'SLO compliance, error budget and burn rates of every enabled objective (no permission check; see public.slo_status).';

create function private.slo_status()
returns table (code text, name_en text, name_ar text, kind text, target numeric, threshold_ms integer, window_days integer,
               events bigint, good bigint, compliance numeric, error_budget_remaining numeric,
               burn_rate_1h numeric, burn_rate_6h numeric, events_1h bigint, events_6h bigint)
  language plpgsql stable security definer
  set search_path = ''
as $$
begin
  perform private.assert_permission('jobs.read');
  return query select * from private.slo_report();
end
$$;

revoke all on function private.slo_status() from public, anon, authenticated, service_role;
grant execute on function private.slo_status() to authenticated, service_role;
comment on function private.slo_status() is 'Body of public.slo_status: checks jobs.read, then reports private.slo_report().';

create function public.slo_status()
returns table (code text, name_en text, name_ar text, kind text, target numeric, threshold_ms integer, window_days integer,
               events bigint, good bigint, compliance numeric, error_budget_remaining numeric,
               burn_rate_1h numeric, burn_rate_6h numeric, events_1h bigint, events_6h bigint)
  language sql stable
  set search_path = ''
as $$ select * from private.slo_status() $$;

revoke all on function public.slo_status() from public, anon, authenticated, service_role;
grant execute on function public.slo_status() to authenticated, service_role;
comment on function public.slo_status() is 'Per enabled SLO: events and good events over its window, compliance (null without events), error budget remaining (1 = untouched, below 0 = overspent), burn rates over 1 h and 6 h. Needs jobs.read.';
