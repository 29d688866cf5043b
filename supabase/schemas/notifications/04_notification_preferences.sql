-- Per-recipient consent by category and channel. Only category 'other' can be muted: transactional
-- messages (invoices, dunning, lock-outs) always go out. No row: subscribed.
create table public.notification_preferences (
  recipient_kind text not null check (recipient_kind in ('tenant_contact', 'billing_contact', 'staff')),
  recipient_ref text not null check (length(recipient_ref) between 1 and 100),
  category text not null check (category = 'other'),
  channel text not null check (channel in ('email', 'sms', 'whatsapp')),
  enabled boolean not null,
  updated_at timestamptz not null default now(),
  source text not null default 'console' check (source in ('console', 'unsubscribe_link')),
  primary key (recipient_kind, recipient_ref, category, channel)
);

alter table public.notification_preferences enable row level security;
create policy "settings readers see preferences" on public.notification_preferences for select to hq_staff
  using ((select private.has_permission('settings.read')));

revoke all on table public.notification_preferences from public, anon, authenticated, service_role;
grant select on table public.notification_preferences to authenticated;
grant all on table public.notification_preferences to service_role;

comment on table public.notification_preferences is 'Per-recipient consent for non-transactional (other) messages per channel; no row means subscribed. Written by public.set_notification_preference and public.unsubscribe_notifications.';
comment on column public.notification_preferences.recipient_kind is 'tenant_contact, billing_contact or staff.';
comment on column public.notification_preferences.recipient_ref is 'The tenant id (contacts) or the staff user id.';
comment on column public.notification_preferences.category is 'Only other: transactional messages cannot be muted.';
comment on column public.notification_preferences.channel is 'email, sms or whatsapp.';
comment on column public.notification_preferences.enabled is 'False: these messages are written as suppressed (reason muted).';
comment on column public.notification_preferences.updated_at is 'Last change.';
comment on column public.notification_preferences.source is 'console or unsubscribe_link.';
