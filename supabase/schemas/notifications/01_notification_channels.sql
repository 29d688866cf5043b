-- The delivery channels and the provider each one uses. Credentials are not here: the Edge Function
-- notify-deliver reads them (Vault / environment) for the provider named on the row.
create table public.notification_channels (
  channel text primary key check (channel in ('email', 'sms', 'whatsapp')),
  provider text not null check (provider in ('smtp', 'http_email', 'twilio', 'unifonic', 'whatsapp_cloud')),
  enabled boolean not null default true,
  sender text not null check (btrim(sender) <> '' and length(sender) <= 200),
  -- SMS and WhatsApp wait for the end of these hours in the tenant's timezone (null: never quiet).
  quiet_start time,
  quiet_end time,
  check ((quiet_start is null) = (quiet_end is null))
);

alter table public.notification_channels enable row level security;
create policy "settings readers see channels" on public.notification_channels for select to hq_staff
  using ((select private.has_permission('settings.read')));

revoke all on table public.notification_channels from public, anon, authenticated, service_role;
grant select on table public.notification_channels to authenticated;
grant all on table public.notification_channels to service_role;

comment on table public.notification_channels is 'Delivery channels (email, sms, whatsapp): the provider each uses, whether it is on, the sender and its quiet hours. Credentials live with the Edge Function, not here.';
comment on column public.notification_channels.channel is 'email, sms or whatsapp.';
comment on column public.notification_channels.provider is 'The adapter notify-deliver uses: smtp, http_email, twilio, unifonic or whatsapp_cloud.';
comment on column public.notification_channels.enabled is 'Off: messages for this channel are not written.';
comment on column public.notification_channels.sender is 'From address, sender id or WhatsApp phone number id.';
comment on column public.notification_channels.quiet_start is 'Start of the quiet hours in the tenant''s timezone (SMS, WhatsApp).';
comment on column public.notification_channels.quiet_end is 'End of the quiet hours: a message written during them waits until then.';

insert into public.notification_channels (channel, provider, enabled, sender, quiet_start, quiet_end) values
  ('email', 'smtp', true, 'CleanMateX <no-reply@cleanmatex.local>', null, null),
  ('sms', 'unifonic', true, 'CleanMateX', '21:00', '08:00'),
  ('whatsapp', 'whatsapp_cloud', true, 'cleanmatex', '21:00', '08:00');
