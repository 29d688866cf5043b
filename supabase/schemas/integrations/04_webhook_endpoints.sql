-- Webhook endpoints: a tenant's (managed by its owners and admins, and HQ with settings.write) or
-- HQ's own (tenant_id null). Their signing secrets live in private.webhook_endpoint_secrets.
create table public.webhook_endpoints (
  id uuid primary key default extensions.gen_random_uuid(),
  tenant_id uuid references public.tenants (id) on delete cascade,
  url text not null check (length(url) <= 2000),
  event_types text[] not null check (cardinality(event_types) between 1 and 100),
  description text not null default '' check (length(description) <= 500),
  enabled boolean not null default true,
  disabled_reason text,
  max_in_flight int not null default 4 check (max_in_flight between 1 and 64),
  consecutive_failures int not null default 0,
  last_success_at timestamptz,
  last_error_at timestamptz,
  last_error text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  failing_alerted_at timestamptz
);
create index webhook_endpoints_tenant_idx on public.webhook_endpoints (tenant_id);

alter table public.webhook_endpoints enable row level security;
create policy "tenant admins and HQ read endpoints" on public.webhook_endpoints for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids_with_role(array['owner', 'admin'])))
         and tenant_id = any (private.my_tenant_ids_with_role_array(array['owner', 'admin']))));

create policy "HQ: tenant admins and HQ read endpoints" on public.webhook_endpoints for select to hq_staff
  using ((select private.has_permission('settings.read')));
revoke all on table public.webhook_endpoints from public, anon, authenticated, service_role;
grant select on table public.webhook_endpoints to authenticated;
grant all on table public.webhook_endpoints to service_role;

comment on table public.webhook_endpoints is 'Outgoing webhook endpoints of a tenant (or of HQ when tenant_id is null); written through create/update/delete_webhook_endpoint.';
comment on column public.webhook_endpoints.id is 'Endpoint id.';
comment on column public.webhook_endpoints.tenant_id is 'The owning tenant; null: an HQ endpoint (receives every tenant''s events).';
comment on column public.webhook_endpoints.url is 'Target URL (https, public address; checked again at each delivery).';
comment on column public.webhook_endpoints.event_types is 'Subscribed event types: exact types or a prefix wildcard like invoice.* or *.';
comment on column public.webhook_endpoints.description is 'What the endpoint is for.';
comment on column public.webhook_endpoints.enabled is 'False: nothing is delivered (disabled by its owner or after a run of failures).';
comment on column public.webhook_endpoints.disabled_reason is 'Why it was disabled automatically.';
comment on column public.webhook_endpoints.max_in_flight is 'Concurrency cap: deliveries in flight to this endpoint at once.';
comment on column public.webhook_endpoints.consecutive_failures is 'Failed attempts since the last success.';
comment on column public.webhook_endpoints.last_success_at is 'Last successful delivery.';
comment on column public.webhook_endpoints.last_error_at is 'Last failed attempt.';
comment on column public.webhook_endpoints.last_error is 'Last failure (status or error).';
comment on column public.webhook_endpoints.failing_alerted_at is 'When its owner was told it started failing (the current failing streak); null: healthy. A success clears it with a recovered notice.';
comment on column public.webhook_endpoints.created_by is 'Who created it.';
comment on column public.webhook_endpoints.created_at is 'When it was created.';
comment on column public.webhook_endpoints.updated_at is 'Last change.';

-- Signing secrets (whsec_…): the current one (expires_at null) and, after a rotation, the previous
-- one until its overlap ends; deliveries are signed with every unexpired secret.
create table private.webhook_endpoint_secrets (
  id bigint generated always as identity primary key,
  endpoint_id uuid not null references public.webhook_endpoints (id) on delete cascade,
  secret text not null check (secret ~ '^whsec_[A-Za-z0-9+/=]+$'),
  created_at timestamptz not null default now(),
  expires_at timestamptz
);
create index webhook_endpoint_secrets_endpoint_idx on private.webhook_endpoint_secrets (endpoint_id);
alter table private.webhook_endpoint_secrets enable row level security;
revoke all on table private.webhook_endpoint_secrets from public, anon, authenticated, service_role;
comment on table private.webhook_endpoint_secrets is 'Webhook signing secrets; never readable by clients (shown once when made).';
