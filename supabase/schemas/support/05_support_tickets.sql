-- Support tickets. A tenant's users see their own tenant's tickets; support.read staff see all.
-- Nobody writes the table directly: open/reply/status/assign/merge functions do, with audit.
-- SLA columns: the due times are business-time instants (support_business_due); while the ticket is
-- pending on the customer, solved or closed, sla_paused_at is set and the clock does not run.
create table public.support_tickets (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  subject text not null check (btrim(subject) <> '' and length(subject) <= 200),
  category text not null default 'general' check (category in ('general', 'billing', 'orders', 'technical', 'account')),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  status text not null default 'new' check (status in ('new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed')),
  requester_id uuid,
  opened_by uuid,
  opened_by_staff boolean not null default false,
  group_id bigint references public.support_groups (id) on delete set null,
  assignee_id uuid,
  tags text[] not null default '{}' check (cardinality(tags) <= 20),
  merged_into bigint references public.support_tickets (id),
  first_response_due_at timestamptz,
  resolution_due_at timestamptz,
  first_responded_at timestamptz,
  sla_paused_at timestamptz,
  warned_at timestamptz,
  escalated_at timestamptz,
  solved_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  requester_email text check (length(requester_email) <= 320),
  customer_wait_minutes integer not null default 0 check (customer_wait_minutes >= 0),
  check (merged_into is null or merged_into <> id)
);
create index support_tickets_tenant_id_created_at_idx on public.support_tickets (tenant_id, created_at desc);
create index support_tickets_group_id_idx on public.support_tickets (group_id);
create index support_tickets_merged_into_idx on public.support_tickets (merged_into);
create index support_tickets_resolution_due_at_idx on public.support_tickets (resolution_due_at)
  where status in ('new', 'open', 'on_hold');
-- The inbox's order (private.support_ticket_sla.next_due_at, most urgent first) over unsolved
-- tickets: the default views read their first page from it instead of sorting every open ticket.
-- The expression is the view's, word for word, or the planner does not match it.
create index support_tickets_next_due_idx on public.support_tickets
  ((case when first_responded_at is null then least(first_response_due_at, resolution_due_at) else resolution_due_at end) nulls last, id desc)
  where status not in ('solved', 'closed');
-- The same order per assignee: "mine" (assignee_id = me) and "unassigned" (assignee_id is null) read
-- their first page straight from it (an agent with 1,600 open tickets no longer fetches and sorts
-- them all), and an agent's workload count is one range of it.
create index support_tickets_assignee_next_due_idx on public.support_tickets
  (assignee_id, (case when first_responded_at is null then least(first_response_due_at, resolution_due_at) else resolution_due_at end) nulls last, id desc)
  where status not in ('solved', 'closed');
-- Status and assignee are correlated (agents hold unsolved tickets): without this the planner
-- multiplies the two selectivities, guesses a few dozen rows for "mine" and sorts them all instead
-- of reading the first page from the index above. Not seen by `devstack diff`: its migration is
-- hand-written (20261209160500_support_tickets_status_assignee_stx.sql).
create statistics public.support_tickets_status_assignee_stx (mcv) on status, assignee_id from public.support_tickets;

alter table public.support_tickets enable row level security;
create policy "tenant users and support readers see tickets" on public.support_tickets for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant users and support readers see tickets" on public.support_tickets for select to hq_staff
  using ((select private.has_permission('support.read')) or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
revoke all on table public.support_tickets from public, anon, authenticated, service_role;
grant select on table public.support_tickets to authenticated;
grant all on table public.support_tickets to service_role;

comment on table public.support_tickets is 'Support tickets opened by tenant users or by HQ staff on a tenant''s behalf, with their SLA clock.';
comment on column public.support_tickets.id is 'Ticket number.';
comment on column public.support_tickets.tenant_id is 'The tenant the ticket is about.';
comment on column public.support_tickets.subject is 'Subject line (1–200 characters).';
comment on column public.support_tickets.category is 'general, billing, orders, technical or account.';
comment on column public.support_tickets.priority is 'low, normal, high or urgent: picks the SLA targets; the escalation job raises it.';
comment on column public.support_tickets.status is 'new, open, pending_customer, on_hold, solved, closed (docs/support.md: allowed moves).';
comment on column public.support_tickets.requester_id is 'The tenant user the ticket is for (null when staff opened it without one).';
comment on column public.support_tickets.requester_email is 'The requester''s e-mail address when the ticket opened (the user''s sign-in address, or the sender of an e-mailed ticket): replies are mailed there.';
comment on column public.support_tickets.customer_wait_minutes is 'Business minutes (the tenant''s calendar) the ticket spent pending on the customer, added each time it leaves pending_customer: the SLA clock''s pauses for the customer (support_customer_wait_report).';
comment on column public.support_tickets.opened_by is 'Who opened it.';
comment on column public.support_tickets.opened_by_staff is 'Opened by HQ staff on the tenant''s behalf (not counted by the tenant rate limit).';
comment on column public.support_tickets.group_id is 'The support group working it.';
comment on column public.support_tickets.assignee_id is 'The staff member working it.';
comment on column public.support_tickets.tags is 'Lower-case tags (at most 20).';
comment on column public.support_tickets.merged_into is 'The ticket this duplicate was merged into (this one is then closed).';
comment on column public.support_tickets.first_response_due_at is 'When the first public staff reply is due (business time).';
comment on column public.support_tickets.resolution_due_at is 'When solving is due (business time; moved on when the clock resumes).';
comment on column public.support_tickets.first_responded_at is 'When staff first replied publicly.';
comment on column public.support_tickets.sla_paused_at is 'Since when the SLA clock is paused (pending_customer, solved, closed); null while it runs.';
comment on column public.support_tickets.warned_at is 'When the escalation job warned that a target is close.';
comment on column public.support_tickets.escalated_at is 'When the escalation job raised the priority of a breached ticket.';
comment on column public.support_tickets.solved_at is 'When it was last solved (the reopen window counts from here).';
comment on column public.support_tickets.closed_at is 'When it was closed.';
comment on column public.support_tickets.created_at is 'When it was opened.';
comment on column public.support_tickets.updated_at is 'Last change.';

-- The conversation: public replies (tenant and staff) and internal notes (staff only, never shown
-- to the tenant: the policy filters them for everyone without support.read).
create table public.support_messages (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references public.support_tickets (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  author_id uuid,
  from_staff boolean not null,
  internal boolean not null default false,
  body text not null check (btrim(body) <> '' and length(body) <= 10000),
  created_at timestamptz not null default now(),
  from_address text check (length(from_address) <= 320),
  check (from_staff or not internal)
);
create index support_messages_ticket_id_idx on public.support_messages (ticket_id, id);
create index support_messages_tenant_id_idx on public.support_messages (tenant_id);

alter table public.support_messages enable row level security;
create policy "tenant users see public replies, support readers everything" on public.support_messages for select to authenticated
  using (not internal and (tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant users see public replies, support readers everything" on public.support_messages for select to hq_staff
  using ((select private.has_permission('support.read'))
         or (not internal and tenant_id = any (array(select private.impersonated_tenant_ids(false)))));
revoke all on table public.support_messages from public, anon, authenticated, service_role;
grant select on table public.support_messages to authenticated;
grant all on table public.support_messages to service_role;

comment on table public.support_messages is 'Ticket conversation: public replies and internal staff notes (never visible to the tenant).';
comment on column public.support_messages.id is 'Message id (order of the conversation).';
comment on column public.support_messages.ticket_id is 'The ticket.';
comment on column public.support_messages.tenant_id is 'The ticket''s tenant (copied for the row policy).';
comment on column public.support_messages.author_id is 'Who wrote it (null: the system, e.g. a merge).';
comment on column public.support_messages.from_staff is 'Written by HQ staff.';
comment on column public.support_messages.internal is 'Internal note: staff only, never shown to the tenant.';
comment on column public.support_messages.body is 'Text (1–10000 characters).';
comment on column public.support_messages.from_address is 'The sender''s address when the message arrived by e-mail (null: written in an app).';
comment on column public.support_messages.created_at is 'When it was written.';

-- Every SLA event of a ticket (started, paused, resumed, met, breached, warned, escalated).
create table public.support_sla_events (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references public.support_tickets (id) on delete cascade,
  kind text not null check (kind in ('started', 'paused', 'resumed', 'first_response_met', 'first_response_breached',
                                     'resolution_met', 'resolution_breached', 'warned', 'escalated')),
  at timestamptz not null,
  detail jsonb not null default '{}' check (jsonb_typeof(detail) = 'object')
);
create index support_sla_events_ticket_id_idx on public.support_sla_events (ticket_id, id);

alter table public.support_sla_events enable row level security;
create policy "support readers see SLA events" on public.support_sla_events for select to hq_staff
  using ((select private.has_permission('support.read')));
revoke all on table public.support_sla_events from public, anon, authenticated, service_role;
grant select on table public.support_sla_events to authenticated;
grant all on table public.support_sla_events to service_role;

comment on table public.support_sla_events is 'Every SLA event of every ticket, for timers and SLA reports.';
comment on column public.support_sla_events.id is 'Event id.';
comment on column public.support_sla_events.ticket_id is 'The ticket.';
comment on column public.support_sla_events.kind is 'started, paused, resumed, first_response_met/_breached, resolution_met/_breached, warned, escalated.';
comment on column public.support_sla_events.at is 'When it happened (the project clock).';
comment on column public.support_sla_events.detail is 'Due times and priorities involved.';
