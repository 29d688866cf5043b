-- The outbox: one row per message, written in the transaction of the state change that causes it
-- (private.notify), delivered by the notifications.deliver job (Edge Function notify-deliver).
create table public.notification_outbox (
  id uuid primary key default extensions.gen_random_uuid(),
  event text not null references public.notification_events (event),
  event_key text not null check (length(event_key) between 1 and 200),
  tenant_id uuid references public.tenants (id) on delete cascade,
  recipient_kind text not null check (recipient_kind in ('tenant_contact', 'billing_contact', 'staff')),
  recipient_ref text not null,
  channel text not null check (channel in ('email', 'sms', 'whatsapp')),
  address text,
  locale text not null check (locale in ('ar', 'en')),
  template_version integer not null,
  category text not null check (category in ('transactional', 'other')),
  subject text,
  body_text text not null,
  body_html text,
  whatsapp_template text,
  whatsapp_parameters jsonb,
  variables jsonb not null default '{}',
  status text not null default 'queued'
    check (status in ('queued', 'sending', 'sent', 'delivered', 'failed', 'bounced', 'suppressed', 'dead')),
  status_reason text,
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  retries integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  provider text,
  provider_message_id text,
  last_error text,
  last_receipt jsonb,
  unsubscribe_token text unique,
  idempotency_key text not null unique,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  updated_at timestamptz not null default now(),
  -- the trace of the request that caused the message (docs/traces.md), set by private.notify
  trace_id text
);

create index notification_outbox_tenant_idx on public.notification_outbox (tenant_id, created_at desc);
create index notification_outbox_event_idx on public.notification_outbox (event, created_at desc);
create index notification_outbox_status_idx on public.notification_outbox (status, created_at desc);
create unique index notification_outbox_provider_idx on public.notification_outbox (provider, provider_message_id)
  where provider_message_id is not null;

alter table public.notification_outbox enable row level security;
-- HQ staff who read settings see every message; a tenant's users see their own tenant's messages
-- (the communication log); staff messages (no tenant) are HQ-only.
create policy "settings readers and the tenant's users see messages" on public.notification_outbox for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: settings readers and the tenant's users see messages" on public.notification_outbox for select to hq_staff
  using ((select private.has_permission('settings.read')));

revoke all on table public.notification_outbox from public, anon, authenticated, service_role;
grant select on table public.notification_outbox to authenticated;
grant all on table public.notification_outbox to service_role;

comment on table public.notification_outbox is 'Every message (e-mail, SMS, WhatsApp): written with the state change that causes it, then delivered by the notifications.deliver job; status follows delivery and receipts.';
comment on column public.notification_outbox.id is 'Message id.';
comment on column public.notification_outbox.event is 'The event (notification_events).';
comment on column public.notification_outbox.event_key is 'What happened, e.g. the dunning case and reminder number; with recipient and channel it makes the idempotency key.';
comment on column public.notification_outbox.tenant_id is 'The tenant concerned; null for staff messages.';
comment on column public.notification_outbox.recipient_kind is 'tenant_contact, billing_contact or staff.';
comment on column public.notification_outbox.recipient_ref is 'The tenant id (contacts) or the staff user id.';
comment on column public.notification_outbox.channel is 'email, sms or whatsapp.';
comment on column public.notification_outbox.address is 'E-mail address or E.164 phone number; null when the recipient has none (suppressed).';
comment on column public.notification_outbox.locale is 'Language of the message: the tenant''s locale (Arabic by default).';
comment on column public.notification_outbox.template_version is 'Version of the template rendered.';
comment on column public.notification_outbox.category is 'transactional or other.';
comment on column public.notification_outbox.subject is 'Rendered e-mail subject.';
comment on column public.notification_outbox.body_text is 'Rendered text (SMS, WhatsApp, e-mail text part).';
comment on column public.notification_outbox.body_html is 'Rendered e-mail HTML (layout included).';
comment on column public.notification_outbox.whatsapp_template is 'Approved WhatsApp template name.';
comment on column public.notification_outbox.whatsapp_parameters is 'WhatsApp template parameters, a JSON array of strings.';
comment on column public.notification_outbox.variables is 'The variables the message was rendered with.';
comment on column public.notification_outbox.status is 'queued, sending, sent, delivered, failed, bounced, suppressed or dead.';
comment on column public.notification_outbox.status_reason is 'Why suppressed (no_address, invalid_phone, muted, channel_disabled) or quiet_hours while deferred.';
comment on column public.notification_outbox.attempts is 'Delivery attempts so far.';
comment on column public.notification_outbox.max_attempts is 'Attempts before the message is dead (the job''s).';
comment on column public.notification_outbox.retries is 'Manual retries (public.retry_notification).';
comment on column public.notification_outbox.next_attempt_at is 'When delivery may start (the end of quiet hours for a deferred SMS/WhatsApp).';
comment on column public.notification_outbox.provider is 'Provider that took (or refused) the message.';
comment on column public.notification_outbox.provider_message_id is 'Provider''s message id; receipts are matched on it.';
comment on column public.notification_outbox.last_error is 'Last provider error.';
comment on column public.notification_outbox.last_receipt is 'Last delivery receipt (status, detail, at).';
comment on column public.notification_outbox.unsubscribe_token is 'Token of the unsubscribe link (non-transactional e-mail only).';
comment on column public.notification_outbox.idempotency_key is 'event:event_key:recipient:channel; a second write of the same message does nothing.';
comment on column public.notification_outbox.created_at is 'When it was written.';
comment on column public.notification_outbox.sent_at is 'When the provider accepted it.';
comment on column public.notification_outbox.delivered_at is 'When the provider reported it delivered.';
comment on column public.notification_outbox.read_at is 'When it was read (WhatsApp read receipt).';
comment on column public.notification_outbox.updated_at is 'Last change.';
comment on column public.notification_outbox.trace_id is 'Trace id (W3C trace-id) of the request that caused the message: the same id as on its audit entries and jobs (docs/traces.md).';
