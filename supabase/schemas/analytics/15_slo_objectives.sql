-- Service level objectives as data (reference rows). Each objective counts "good" events over a
-- rolling window: probe_* kinds count the synthetic probes private.slo_probe sends (availability:
-- a 2xx answer; latency: a 2xx answer within threshold_ms), job_start_latency counts job attempts
-- started within threshold_ms of their run_at (private.job_runs), webhook_apply_lag counts payment
-- events applied within threshold_ms of their arrival (public.payment_events). See docs/metrics.md.
create table public.slo_objectives (
  code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name_en text not null check (btrim(name_en) <> ''),
  name_ar text not null check (btrim(name_ar) <> ''),
  kind text not null check (kind in ('probe_latency', 'probe_availability', 'job_start_latency', 'webhook_apply_lag')),
  target numeric(6,5) not null check (target > 0 and target < 1),
  threshold_ms integer check (threshold_ms > 0),
  window_days integer not null default 30 check (window_days between 1 and 90),
  probe_path text check (probe_path ~ '^/[A-Za-z0-9_./?=&-]*$'),
  enabled boolean not null default true,
  -- Probe kinds need a path; latency kinds need a threshold.
  check ((kind like 'probe_%') = (probe_path is not null)),
  check (kind = 'probe_availability' or threshold_ms is not null)
);

alter table public.slo_objectives enable row level security;
create policy "jobs readers read the SLO objectives" on public.slo_objectives for select to hq_staff
  using ((select private.has_permission('jobs.read')));
revoke all on table public.slo_objectives from public, anon, authenticated, service_role;
grant select on table public.slo_objectives to authenticated;
grant all on table public.slo_objectives to service_role;

comment on table public.slo_objectives is 'Service level objectives (reference rows): what is measured, the target ratio of good events and the window; jobs.read reads, public.slo_status reports. See docs/metrics.md#slos.';
comment on column public.slo_objectives.code is 'Stable identifier (the slo label of the saas_slo_* metrics).';
comment on column public.slo_objectives.name_en is 'Name in English.';
comment on column public.slo_objectives.name_ar is 'Name in Arabic.';
comment on column public.slo_objectives.kind is 'probe_latency, probe_availability, job_start_latency or webhook_apply_lag: which events are counted.';
comment on column public.slo_objectives.target is 'Share of good events the objective promises (0.999 = 99.9 %).';
comment on column public.slo_objectives.threshold_ms is 'An event slower than this is bad (latency kinds; null for availability).';
comment on column public.slo_objectives.window_days is 'Rolling window compliance and the error budget are computed over.';
comment on column public.slo_objectives.probe_path is 'Probe kinds: the path under the project URL the synthetic probe GETs.';
comment on column public.slo_objectives.enabled is 'Disabled objectives are neither probed nor reported.';

insert into public.slo_objectives (code, name_en, name_ar, kind, target, threshold_ms, window_days, probe_path) values
  ('api_availability', 'API availability', 'توفر الواجهة البرمجية', 'probe_availability', 0.999, null, 30, '/functions/v1/health'),
  ('api_latency', 'API key calls under 800 ms', 'استدعاءات الواجهة الأساسية أقل من 800 مللي ثانية', 'probe_latency', 0.95, 800, 30, '/rest/v1/rpc/health_check'),
  ('job_start_latency', 'Jobs start within 60 s', 'بدء المهام خلال 60 ثانية', 'job_start_latency', 0.95, 60000, 30, null),
  ('webhook_apply_lag', 'Payment events applied within 60 s', 'تطبيق أحداث الدفع خلال 60 ثانية', 'webhook_apply_lag', 0.95, 60000, 30, null);
