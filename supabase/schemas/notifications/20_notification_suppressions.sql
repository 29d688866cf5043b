-- The suppression list: addresses the platform must not write to again, because the provider
-- reported a hard bounce (the mailbox does not exist) or a complaint (the reader marked the message
-- as spam). Filled by private.ingest_notification_receipt; consulted by private.notify (new messages
-- are written 'suppressed' with reason address_bounced / address_complained) and by
-- private.notification_claim (a message queued before the bounce is not sent either). Staff lift an
-- entry with public.lift_notification_suppression once the address is fixed.
create table public.notification_suppressions (
  channel text not null check (channel in ('email', 'sms', 'whatsapp')),
  address text not null check (length(address) between 1 and 320),
  reason text not null check (reason in ('bounced', 'complained')),
  detail text check (length(detail) <= 2000),
  provider text,
  outbox_id uuid references public.notification_outbox (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (channel, address)
);

create index notification_suppressions_outbox_idx on public.notification_suppressions (outbox_id);

alter table public.notification_suppressions enable row level security;
create policy "settings readers see suppressions" on public.notification_suppressions for select to hq_staff
  using ((select private.has_permission('settings.read')));

revoke all on table public.notification_suppressions from public, anon, authenticated, service_role;
grant select on table public.notification_suppressions to authenticated;
grant all on table public.notification_suppressions to service_role;

comment on table public.notification_suppressions is 'Addresses not written to again after a hard bounce or a complaint (per channel); written by receipts, lifted by public.lift_notification_suppression.';
comment on column public.notification_suppressions.channel is 'email, sms or whatsapp.';
comment on column public.notification_suppressions.address is 'The address as private.notification_address_key normalises it (e-mail lower-cased).';
comment on column public.notification_suppressions.reason is 'bounced (a permanent bounce) or complained (marked as spam).';
comment on column public.notification_suppressions.detail is 'What the provider said (e.g. the DSN''s 550 5.1.1 line).';
comment on column public.notification_suppressions.provider is 'The provider that reported it.';
comment on column public.notification_suppressions.outbox_id is 'The message whose receipt suppressed the address.';
comment on column public.notification_suppressions.created_at is 'When it was suppressed.';

-- One spelling per address: e-mail is compared without case (local parts are case-insensitive in
-- practice at every mailbox provider); phone numbers are E.164 already.
create function private.notification_address_key(p_channel text, p_address text) returns text
    language sql immutable
    set search_path to ''
    as $$ select case when p_channel = 'email' then lower(btrim(p_address)) else btrim(p_address) end $$;

revoke all on function private.notification_address_key(text, text) from public, anon, authenticated, service_role;
comment on function private.notification_address_key(text, text) is 'The suppression list''s key for an address: e-mail lower-cased and trimmed, phones as they are.';

-- The reason an address is suppressed on a channel (address_bounced / address_complained), or null.
create function private.notification_suppressed_reason(p_channel text, p_address text) returns text
    language sql stable security definer
    set search_path to ''
    as $$
  select 'address_' || s.reason from public.notification_suppressions s
  where s.channel = p_channel and s.address = private.notification_address_key(p_channel, p_address)
$$;

revoke all on function private.notification_suppressed_reason(text, text) from public, anon, authenticated, service_role;
comment on function private.notification_suppressed_reason(text, text) is 'address_bounced or address_complained when the address is on the suppression list for the channel, else null.';

-- Console: lifts a suppression (the mailbox was fixed, the complaint withdrawn); audited.
create function public.lift_notification_suppression(p_channel text, p_address text, p_reason text) returns void
    language sql
    set search_path to ''
    as $$ select private.lift_notification_suppression(p_channel, p_address, p_reason) $$;

create function private.lift_notification_suppression(p_channel text, p_address text, p_reason text) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  s public.notification_suppressions;
begin
  perform private.assert_permission('settings.write');
  perform private.assert_text_size(p_reason, 'the reason', 'reason');
  if length(btrim(coalesce(p_reason, ''))) < 3 then
    perform private.fail('platform.reason_required', 'a reason is required');
  end if;
  delete from public.notification_suppressions x
  where x.channel = p_channel and x.address = private.notification_address_key(p_channel, p_address)
  returning * into s;
  if s.address is null then
    perform private.fail('notifications.not_found', 'this address is not suppressed');
  end if;
  perform audit.record('notification.suppression_lift', 'notification_suppression', s.channel || ':' || s.address,
    jsonb_build_object('reason', s.reason, 'detail', s.detail, 'since', s.created_at), null, null, btrim(p_reason));
end
$$;

revoke all on function public.lift_notification_suppression(text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.lift_notification_suppression(text, text, text) to authenticated, service_role;
comment on function public.lift_notification_suppression(text, text, text) is
  'Console (settings.write): removes an address from the suppression list with a reason; audited.';
revoke all on function private.lift_notification_suppression(text, text, text) from public, anon, authenticated, service_role;
grant execute on function private.lift_notification_suppression(text, text, text) to authenticated, service_role;
