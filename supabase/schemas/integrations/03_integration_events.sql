-- Events: written by private.emit_event in the transaction of the state change that causes them
-- (a rolled-back change leaves no event). tenant_id null: an HQ-wide event (catalog releases).
create table public.integration_events (
  id uuid primary key default extensions.gen_random_uuid(),
  type text not null,
  version int not null default 1,
  tenant_id uuid references public.tenants (id) on delete cascade,
  payload jsonb not null,
  occurred_at timestamptz not null default now(),
  foreign key (type, version) references public.integration_event_types (type, version)
);
create index integration_events_tenant_idx on public.integration_events (tenant_id, occurred_at);
create index integration_events_type_idx on public.integration_events (type, version);

alter table public.integration_events enable row level security;
create policy "tenant admins and HQ read events" on public.integration_events for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids_with_role(array['owner', 'admin'])))
         and tenant_id = any (private.my_tenant_ids_with_role_array(array['owner', 'admin']))));

create policy "HQ: tenant admins and HQ read events" on public.integration_events for select to hq_staff
  using ((select private.has_permission('settings.read')));
revoke all on table public.integration_events from public, anon, authenticated, service_role;
grant select on table public.integration_events to authenticated;
grant all on table public.integration_events to service_role;

comment on table public.integration_events is 'Events for integrations (the event log), written in the transaction of the change that caused them.';
comment on column public.integration_events.id is 'Event id; the webhook-id of its deliveries.';
comment on column public.integration_events.type is 'Event type (integration_event_types).';
comment on column public.integration_events.version is 'Payload version.';
comment on column public.integration_events.tenant_id is 'The tenant it concerns; null for HQ-wide events.';
comment on column public.integration_events.payload is 'The payload, valid against its type''s schema.';
comment on column public.integration_events.occurred_at is 'When it happened (the transaction time).';
