-- Errors tenant apps saw (console errors, failed calls), so support sees what the customer saw.
-- Reported through report_client_error: rate-limited per tenant, cut to size, PII scrubbed before
-- it is stored (nothing unscrubbed ever reaches the table).
create table public.support_client_errors (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  user_id uuid,
  app text not null check (app ~ '^[a-z][a-z0-9_-]{1,39}$'),
  message text not null check (length(message) <= 1000),
  stack text check (length(stack) <= 8000),
  url text check (length(url) <= 1000),
  context jsonb not null default '{}' check (jsonb_typeof(context) = 'object'),
  truncated boolean not null default false,
  ticket_id bigint references public.support_tickets (id) on delete set null,
  occurred_at timestamptz not null default now()
);
create index support_client_errors_tenant_id_occurred_at_idx on public.support_client_errors (tenant_id, occurred_at desc);
create index support_client_errors_ticket_id_idx on public.support_client_errors (ticket_id);

alter table public.support_client_errors enable row level security;
create policy "tenant users see their errors, support readers all" on public.support_client_errors for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant users see their errors, support readers all" on public.support_client_errors for select to hq_staff
  using ((select private.has_permission('support.read')) or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
revoke all on table public.support_client_errors from public, anon, authenticated, service_role;
grant select on table public.support_client_errors to authenticated;
grant all on table public.support_client_errors to service_role;

comment on table public.support_client_errors is 'Errors tenant apps reported (scrubbed of PII, size-capped), linkable to a ticket.';
comment on column public.support_client_errors.id is 'Error id.';
comment on column public.support_client_errors.tenant_id is 'The tenant whose app saw it.';
comment on column public.support_client_errors.user_id is 'The signed-in user who saw it.';
comment on column public.support_client_errors.app is 'Which app, e.g. pos, customer-app.';
comment on column public.support_client_errors.message is 'Error message (scrubbed, at most 1000 characters).';
comment on column public.support_client_errors.stack is 'Stack trace (scrubbed, at most 8000 characters).';
comment on column public.support_client_errors.url is 'Page address without its query string or fragment (scrubbed).';
comment on column public.support_client_errors.context is 'Extra facts the app sent (scrubbed, at most 4 KB).';
comment on column public.support_client_errors.truncated is 'Something was cut to fit the size caps.';
comment on column public.support_client_errors.ticket_id is 'The ticket it was linked to.';
comment on column public.support_client_errors.occurred_at is 'When it was reported.';
