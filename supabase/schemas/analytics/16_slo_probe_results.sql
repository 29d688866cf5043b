-- One synthetic probe: sent by private.slo_probe through pg_net, completed by a later run from
-- net._http_response. Pending while completed_at is null. Kept for the longest window + 1 day.
create table private.slo_probe_results (
  id bigint generated always as identity primary key,
  slo_code text not null references public.slo_objectives (code) on delete cascade,
  request_id bigint,
  url text,
  sent_at timestamptz not null default now(),
  completed_at timestamptz,
  status_code integer,
  ok boolean,
  latency_ms numeric,
  error text,
  check ((completed_at is null) = (ok is null))
);

create index slo_probe_results_slo_sent_idx on private.slo_probe_results (slo_code, sent_at);
create index slo_probe_results_pending_idx on private.slo_probe_results (request_id) where completed_at is null;

alter table private.slo_probe_results enable row level security;
revoke all on table private.slo_probe_results from public, anon, authenticated, service_role;
grant select on table private.slo_probe_results to service_role;

comment on table private.slo_probe_results is 'Synthetic probe results of the probe_* SLOs (private.slo_probe writes them; public.slo_status reads them).';
comment on column private.slo_probe_results.id is 'Sequential identifier.';
comment on column private.slo_probe_results.slo_code is 'The objective probed.';
comment on column private.slo_probe_results.request_id is 'The pg_net request id (null when the probe could not be sent).';
comment on column private.slo_probe_results.url is 'The URL probed (null when the project URL is not configured).';
comment on column private.slo_probe_results.sent_at is 'When the request was queued.';
comment on column private.slo_probe_results.completed_at is 'When the answer (or failure) was recorded; null while pending.';
comment on column private.slo_probe_results.status_code is 'HTTP status of the answer (null on timeout, network error or a probe not sent).';
comment on column private.slo_probe_results.ok is 'A 2xx answer; null while pending.';
comment on column private.slo_probe_results.latency_ms is 'Answer time: the response''s created time minus sent_at.';
comment on column private.slo_probe_results.error is 'Why the probe failed (HTTP status, timeout, missing Vault configuration…).';
