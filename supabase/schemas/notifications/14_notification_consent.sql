-- Console: mutes or unmutes non-transactional messages of one recipient on one channel.
create function public.set_notification_preference(p_recipient_kind text, p_recipient_ref text, p_channel text, p_enabled boolean) returns void
    language sql
    set search_path to ''
    as $$ select private.set_notification_preference(p_recipient_kind, p_recipient_ref, p_channel, p_enabled) $$;

create function private.set_notification_preference(p_recipient_kind text, p_recipient_ref text, p_channel text, p_enabled boolean) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
begin
  perform private.assert_permission('settings.write');
  if p_channel is null or p_channel not in ('email', 'sms', 'whatsapp') then
    perform private.fail('notifications.invalid_channel', 'the channel is email, sms or whatsapp');
  end if;
  if p_recipient_kind is null or p_recipient_kind not in ('tenant_contact', 'billing_contact', 'staff')
     or p_recipient_ref is null or p_recipient_ref !~ '^[0-9a-f-]{36}$' or p_enabled is null then
    perform private.fail('notifications.invalid_recipient', 'the recipient is tenant_contact, billing_contact or staff with its id, and enabled is true or false');
  end if;
  insert into public.notification_preferences as p (recipient_kind, recipient_ref, category, channel, enabled, updated_at, source)
  values (p_recipient_kind, p_recipient_ref, 'other', p_channel, p_enabled, now(), 'console')
  on conflict (recipient_kind, recipient_ref, category, channel) do update set enabled = excluded.enabled, updated_at = now(), source = 'console';
  perform audit.record('notification.preference', 'notification_preference', format('%s:%s:%s', p_recipient_kind, p_recipient_ref, p_channel),
    null, jsonb_build_object('enabled', p_enabled),
    case when p_recipient_kind <> 'staff' then p_recipient_ref::uuid end);
end
$$;

revoke all on function public.set_notification_preference(text, text, text, boolean) from public, anon, authenticated, service_role;
grant execute on function public.set_notification_preference(text, text, text, boolean) to authenticated, service_role;
comment on function public.set_notification_preference(text, text, text, boolean) is
  'Console (settings.write): mutes (false) or unmutes non-transactional messages for a recipient on a channel; transactional messages cannot be muted; audited.';
revoke all on function private.set_notification_preference(text, text, text, boolean) from public, anon, authenticated, service_role;
grant execute on function private.set_notification_preference(text, text, text, boolean) to authenticated, service_role;

-- The unsubscribe link of a non-transactional e-mail: mutes that recipient's non-transactional
-- e-mail. Answers nothing either way, so a token reveals nothing. Anyone holding the link may call
-- it (anon: the console's public /unsubscribe page), as the link in the mail is the credential.
create function public.unsubscribe_notifications(p_token text) returns void
    language sql
    set search_path to ''
    as $$ select private.unsubscribe_notifications(p_token) $$;

create function private.unsubscribe_notifications(p_token text) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  o public.notification_outbox;
begin
  if p_token is null or p_token !~ '^[0-9a-f]{36}$' then
    return;
  end if;
  select * into o from public.notification_outbox x where x.unsubscribe_token = p_token;
  if o.id is null then
    return;
  end if;
  insert into public.notification_preferences as p (recipient_kind, recipient_ref, category, channel, enabled, updated_at, source)
  values (o.recipient_kind, o.recipient_ref, 'other', 'email', false, now(), 'unsubscribe_link')
  on conflict (recipient_kind, recipient_ref, category, channel) do update set enabled = false, updated_at = now(), source = 'unsubscribe_link'
  where p.enabled;
end
$$;

revoke all on function public.unsubscribe_notifications(text) from public, anon, authenticated, service_role;
grant execute on function public.unsubscribe_notifications(text) to anon, authenticated, service_role;
comment on function public.unsubscribe_notifications(text) is
  'Unsubscribe link (anyone holding the token, e.g. the console''s public /unsubscribe page): mutes the recipient''s non-transactional e-mail; returns nothing whether or not the token is known.';
revoke all on function private.unsubscribe_notifications(text) from public, anon, authenticated, service_role;
grant execute on function private.unsubscribe_notifications(text) to anon, authenticated, service_role;
