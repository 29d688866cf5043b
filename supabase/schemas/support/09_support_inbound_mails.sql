-- Every e-mail the support address received (the support-inbound-mail Edge Function, one row per
-- Message-ID: a provider's retry finds the row and changes nothing). The outcome says what became of
-- it: a reply on a ticket, a new ticket, ignored (auto-replies, loops) or unmatched — mail from an
-- address no tenant knows waits here, with its text, until staff file it for a tenant
-- (file_support_inbound_mail) — so nothing a customer wrote is lost. Staff only: tenants never read it.
create table public.support_inbound_mails (
  id bigint generated always as identity primary key,
  message_id text not null unique check (btrim(message_id) <> '' and length(message_id) <= 998),
  from_address text not null check (length(from_address) <= 320),
  from_name text check (length(from_name) <= 200),
  to_addresses text[] not null default '{}' check (cardinality(to_addresses) <= 50),
  subject text not null check (length(subject) <= 200),
  body text not null check (length(body) <= 10000),
  truncated boolean not null default false,
  outcome text not null check (outcome in ('reply', 'ticket', 'ignored', 'unmatched')),
  reason text check (length(reason) <= 100),
  tenant_id uuid references public.tenants (id) on delete cascade,
  ticket_id bigint references public.support_tickets (id) on delete set null,
  support_message_id bigint references public.support_messages (id) on delete set null,
  filed_by uuid,
  filed_at timestamptz,
  received_at timestamptz not null default now()
);
create index support_inbound_mails_from_idx on public.support_inbound_mails (lower(from_address), received_at desc);
create index support_inbound_mails_unmatched_idx on public.support_inbound_mails (received_at desc) where outcome = 'unmatched';
create index support_inbound_mails_tenant_id_idx on public.support_inbound_mails (tenant_id);
create index support_inbound_mails_ticket_id_idx on public.support_inbound_mails (ticket_id);
create index support_inbound_mails_support_message_id_idx on public.support_inbound_mails (support_message_id);

alter table public.support_inbound_mails enable row level security;
create policy "support readers see inbound mail" on public.support_inbound_mails for select to hq_staff
  using ((select private.has_permission('support.read')));
revoke all on table public.support_inbound_mails from public, anon, authenticated, service_role;
grant select on table public.support_inbound_mails to authenticated;
grant all on table public.support_inbound_mails to service_role;

comment on table public.support_inbound_mails is 'E-mails received at the support address, one per Message-ID, and what became of each (reply, ticket, ignored, unmatched).';
comment on column public.support_inbound_mails.id is 'Row id.';
comment on column public.support_inbound_mails.message_id is 'The mail''s Message-ID without angle brackets: a second delivery of it changes nothing.';
comment on column public.support_inbound_mails.from_address is 'Sender address (lower case).';
comment on column public.support_inbound_mails.from_name is 'Sender display name, if any.';
comment on column public.support_inbound_mails.to_addresses is 'Recipient addresses as received.';
comment on column public.support_inbound_mails.subject is 'Subject (cut to 200 characters).';
comment on column public.support_inbound_mails.body is 'Text kept (the reply without the quoted mail when the provider separated it; cut to 10,000 characters).';
comment on column public.support_inbound_mails.truncated is 'The subject or text was cut.';
comment on column public.support_inbound_mails.outcome is 'reply (added to a ticket), ticket (opened one), ignored (auto-reply, loop, bulk), unmatched (waits for staff).';
comment on column public.support_inbound_mails.reason is 'Why: e.g. subject_token, in_reply_to, sender_tenant, auto_submitted, unknown_sender, several_tenants, rate_limited, filed.';
comment on column public.support_inbound_mails.tenant_id is 'The tenant it was matched or filed to.';
comment on column public.support_inbound_mails.ticket_id is 'The ticket it became or was added to.';
comment on column public.support_inbound_mails.support_message_id is 'The ticket message it became.';
comment on column public.support_inbound_mails.filed_by is 'The staff member who filed an unmatched mail.';
comment on column public.support_inbound_mails.filed_at is 'When it was filed.';
comment on column public.support_inbound_mails.received_at is 'When it arrived (the project clock).';
