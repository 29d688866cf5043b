-- Deliveries: one row per (endpoint, event), made with the event; the row is its own retry queue
-- (status, next_attempt_at, a lease while in flight). Its webhook-id is the event id: the same on
-- every retry and replay, so a receiver deduplicates on it.
create table public.webhook_deliveries (
  id bigint generated always as identity primary key,
  endpoint_id uuid not null references public.webhook_endpoints (id) on delete cascade,
  event_id uuid not null references public.integration_events (id) on delete cascade,
  tenant_id uuid references public.tenants (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'in_flight', 'succeeded', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_token uuid,
  leased_until timestamptz,
  last_status_code int,
  last_error text,
  last_latency_ms int,
  last_response text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  unique (endpoint_id, event_id)
);
create index webhook_deliveries_due_idx on public.webhook_deliveries (endpoint_id, next_attempt_at, id) where status in ('pending', 'in_flight');
-- The claim counts each endpoint's unexpired leases (its room under max_in_flight) on every call:
-- through this index it reads the few rows in flight, not every pending one (the bench's profile:
-- claims grew with the backlog).
create index webhook_deliveries_in_flight_idx on public.webhook_deliveries (endpoint_id) where status = 'in_flight';
create index webhook_deliveries_event_idx on public.webhook_deliveries (event_id);
create index webhook_deliveries_tenant_idx on public.webhook_deliveries (tenant_id);

alter table public.webhook_deliveries enable row level security;
create policy "tenant admins and HQ read deliveries" on public.webhook_deliveries for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids_with_role(array['owner', 'admin'])))
         and tenant_id = any (private.my_tenant_ids_with_role_array(array['owner', 'admin']))));

create policy "HQ: tenant admins and HQ read deliveries" on public.webhook_deliveries for select to hq_staff
  using ((select private.has_permission('settings.read')));
revoke all on table public.webhook_deliveries from public, anon, authenticated, service_role;
grant select on table public.webhook_deliveries to authenticated;
grant all on table public.webhook_deliveries to service_role;

comment on table public.webhook_deliveries is 'One delivery of an event to an endpoint, retried with backoff until it succeeds or fails for good.';
comment on column public.webhook_deliveries.id is 'Delivery id.';
comment on column public.webhook_deliveries.endpoint_id is 'The endpoint.';
comment on column public.webhook_deliveries.event_id is 'The event (and the webhook-id header).';
comment on column public.webhook_deliveries.tenant_id is 'The endpoint''s tenant (null: HQ endpoint).';
comment on column public.webhook_deliveries.status is 'pending, in_flight (leased to a worker), succeeded or failed (retries exhausted).';
comment on column public.webhook_deliveries.attempts is 'Attempts made.';
comment on column public.webhook_deliveries.next_attempt_at is 'When it is due next.';
comment on column public.webhook_deliveries.lease_token is 'The lease of the worker sending it now.';
comment on column public.webhook_deliveries.leased_until is 'When the lease lapses (the delivery is then due again: at least once).';
comment on column public.webhook_deliveries.last_status_code is 'HTTP status of the last attempt (null: no answer).';
comment on column public.webhook_deliveries.last_error is 'Error of the last attempt.';
comment on column public.webhook_deliveries.last_latency_ms is 'Duration of the last attempt.';
comment on column public.webhook_deliveries.last_response is 'Start of the last response body (truncated).';
comment on column public.webhook_deliveries.created_at is 'When it was made (with the event).';
comment on column public.webhook_deliveries.delivered_at is 'When it succeeded.';

-- Every attempt, for the health figures (success rate, latency percentiles).
create table public.webhook_attempts (
  id bigint generated always as identity primary key,
  delivery_id bigint not null references public.webhook_deliveries (id) on delete cascade,
  endpoint_id uuid not null references public.webhook_endpoints (id) on delete cascade,
  tenant_id uuid references public.tenants (id) on delete cascade,
  attempt int not null,
  at timestamptz not null default now(),
  succeeded boolean not null,
  status_code int,
  latency_ms int,
  error text
);
create index webhook_attempts_delivery_idx on public.webhook_attempts (delivery_id);
create index webhook_attempts_endpoint_idx on public.webhook_attempts (endpoint_id, at);
create index webhook_attempts_tenant_idx on public.webhook_attempts (tenant_id);

alter table public.webhook_attempts enable row level security;
create policy "tenant admins and HQ read attempts" on public.webhook_attempts for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids_with_role(array['owner', 'admin'])))
         and tenant_id = any (private.my_tenant_ids_with_role_array(array['owner', 'admin']))));

create policy "HQ: tenant admins and HQ read attempts" on public.webhook_attempts for select to hq_staff
  using ((select private.has_permission('settings.read')));
revoke all on table public.webhook_attempts from public, anon, authenticated, service_role;
grant select on table public.webhook_attempts to authenticated;
grant all on table public.webhook_attempts to service_role;

comment on table public.webhook_attempts is 'Every delivery attempt with its outcome and latency.';
comment on column public.webhook_attempts.id is 'Attempt id.';
comment on column public.webhook_attempts.delivery_id is 'The delivery.';
comment on column public.webhook_attempts.endpoint_id is 'The endpoint.';
comment on column public.webhook_attempts.tenant_id is 'The endpoint''s tenant.';
comment on column public.webhook_attempts.attempt is 'Attempt number (1 first).';
comment on column public.webhook_attempts.at is 'When it ended.';
comment on column public.webhook_attempts.succeeded is 'A 2xx answer.';
comment on column public.webhook_attempts.status_code is 'HTTP status (null: no answer).';
comment on column public.webhook_attempts.latency_ms is 'Duration in milliseconds.';
comment on column public.webhook_attempts.error is 'Why it failed.';
