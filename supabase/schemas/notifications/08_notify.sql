-- Where links in messages point (the HQ console / tenant app); cmx.public_url overrides it per database.
create function private.notification_public_url() returns text
    language sql stable
    set search_path to ''
    as $$ select rtrim(coalesce(nullif(current_setting('cmx.public_url', true), ''), 'https://hq.cleanmatex.com'), '/') $$;

revoke all on function private.notification_public_url() from public, anon, authenticated, service_role;

-- Writes the messages of one event in the caller's transaction: one outbox row per recipient and
-- channel (rendered in the recipient's locale), and one notifications.deliver job per row to send.
-- A delivery problem (no address, invalid phone, muted, channel off, an address on the suppression
-- list) is a 'suppressed' row with its
-- reason, never an error: the state change that caused the message stands. Writing the same
-- (event, event_key, recipient, channel) again does nothing. Returns the number of rows written.
-- to_email: a tenant event's e-mail goes to this address instead of the tenant's contact (a support
-- ticket's requester), through the same checks; the event's other channels are left out.
create function private.notify(event text, tenant_id uuid, event_key text, variables jsonb default '{}', staff_user_id uuid default null,
                               to_email text default null) returns integer
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  ev public.notification_events;
  t public.tenants;
  ch public.notification_channels;
  tpl public.notification_templates;
  r record;
  v_channel text;
  v_locale text;
  v_tz text;
  v_vars jsonb;
  v_address text;
  v_status text;
  v_reason text;
  v_next timestamptz;
  v_quiet timestamptz;
  v_token text;
  v_id uuid;
  v_max int;
  v_now timestamptz := private.now();
  n int := 0;
begin
  select * into ev from public.notification_events e where e.event = notify.event;
  if ev.event is null then
    perform private.fail('notifications.unknown_event', format('unknown notification event: %s', coalesce(notify.event, 'null')));
  end if;
  v_vars := coalesce(notify.variables, '{}');
  if ev.audience = 'staff' then
    select 'staff' as kind, s.user_id::text as ref, s.email, null::text as phone, s.display_name, s.locale into r
    from public.platform_staff s where s.user_id = notify.staff_user_id;
    if r.ref is null then
      return 0;
    end if;
    -- the caller's explicit locale, else the staff member's own (public.set_staff_locale)
    v_locale := case when v_vars ->> 'locale' in ('ar', 'en') then v_vars ->> 'locale' else r.locale end;
    v_vars := jsonb_build_object('display_name', coalesce(r.display_name, r.email)) || v_vars;
  else
    select * into t from public.tenants x where x.id = notify.tenant_id;
    if t.id is null then
      return 0;
    end if;
    v_locale := t.default_locale;
    v_tz := t.timezone;
    select ev.audience as kind, t.id::text as ref,
           case when ev.audience = 'billing_contact'
                then coalesce((select b.billing_email from public.billing_profiles b where b.tenant_id = t.id), t.contact ->> 'email')
                else t.contact ->> 'email' end as email,
           t.contact ->> 'phone' as phone, null::text as display_name into r;
    if notify.to_email is not null then
      r.email := lower(btrim(notify.to_email));
      r.phone := null;
    end if;
    v_vars := jsonb_build_object('tenant_name', coalesce(t.name ->> v_locale, t.name ->> 'en'),
      'contact_name', case when notify.to_email is not null then split_part(r.email, '@', 1)
                           else coalesce(nullif(t.contact ->> 'name', ''), coalesce(t.name ->> v_locale, t.name ->> 'en')) end,
      'console_url', private.notification_public_url()) || v_vars;
  end if;
  select coalesce(h.max_attempts, q.max_attempts, 5) into v_max
  from private.job_queues q left join private.job_handlers h on h.job_type = 'notifications.deliver'
  where q.queue_name = 'notifications';

  foreach v_channel in array ev.channels loop
    ch := null;
    select * into ch from public.notification_channels c where c.channel = v_channel;
    continue when ch.channel is null or (notify.to_email is not null and ch.channel <> 'email');
    tpl := null;
    select * into tpl from public.notification_templates x
    where x.event = ev.event and x.channel = ch.channel and x.locale = v_locale order by x.version desc limit 1;
    continue when tpl.event is null;   -- no template for this channel: the event does not use it

    v_status := 'queued';
    v_reason := null;
    v_next := v_now;
    v_address := case when ch.channel = 'email' then nullif(btrim(r.email), '') else private.e164(r.phone) end;
    if not ch.enabled then
      v_reason := 'channel_disabled';
    elsif ch.channel = 'email' and v_address is null then
      v_reason := 'no_address';
    elsif ch.channel <> 'email' and nullif(btrim(coalesce(r.phone, '')), '') is null then
      v_reason := 'no_address';
    elsif ch.channel <> 'email' and v_address is null then
      v_reason := 'invalid_phone';
    elsif ev.category = 'other' and exists (select from public.notification_preferences p
        where p.recipient_kind = r.kind and p.recipient_ref = r.ref and p.category = 'other'
          and p.channel = ch.channel and not p.enabled) then
      v_reason := 'muted';
    else
      v_reason := private.notification_suppressed_reason(ch.channel, v_address);   -- bounced or complained before
    end if;
    if v_reason is not null then
      v_status := 'suppressed';
      v_address := coalesce(v_address, case when ch.channel = 'email' then r.email else r.phone end);
    elsif ch.channel <> 'email' then
      v_quiet := private.notification_quiet_until(ch.quiet_start, ch.quiet_end, v_tz, v_now);
      if v_quiet is not null then
        v_next := v_quiet;
        v_reason := 'quiet_hours';
      end if;
    end if;
    v_token := case when ev.category = 'other' and ch.channel = 'email'
                    then encode(extensions.gen_random_bytes(18), 'hex') end;

    insert into public.notification_outbox as o (event, event_key, tenant_id, recipient_kind, recipient_ref, channel, address,
      locale, template_version, category, subject, body_text, body_html, whatsapp_template, whatsapp_parameters, variables,
      status, status_reason, max_attempts, next_attempt_at, unsubscribe_token, idempotency_key, created_at, updated_at, trace_id)
    values (ev.event, notify.event_key, t.id, r.kind, r.ref, ch.channel, v_address, v_locale, tpl.version, ev.category,
      private.notification_render(tpl.subject, v_vars),
      private.notification_render(tpl.body_text, v_vars),
      case when tpl.body_html is not null then private.notification_email_layout(private.notification_render(tpl.body_html, v_vars, true),
        v_locale, case when v_token is not null then private.notification_public_url() || '/unsubscribe?token=' || v_token end) end,
      tpl.whatsapp_template,
      case when tpl.whatsapp_template is not null
           then (select coalesce(jsonb_agg(coalesce(v_vars ->> p, '') order by o2), '[]') from unnest(tpl.whatsapp_parameters) with ordinality u(p, o2)) end,
      v_vars, v_status, v_reason, coalesce(v_max, 5), v_next, v_token,
      case when notify.to_email is null then format('%s:%s:%s:%s:%s', ev.event, notify.event_key, r.kind, r.ref, ch.channel)
           else format('%s:%s:address:%s:%s', ev.event, notify.event_key, r.email, ch.channel) end,
      v_now, v_now, private.current_trace_id())
    on conflict (idempotency_key) do nothing
    returning o.id into v_id;
    continue when v_id is null;
    n := n + 1;
    if v_status = 'queued' then
      perform private.enqueue('notifications', 'notifications.deliver', jsonb_build_object('outbox_id', v_id),
        'notify:' || v_id, greatest(v_next, now()));
    end if;
  end loop;
  return n;
end
$$;

revoke all on function private.notify(text, uuid, text, jsonb, uuid, text) from public, anon, authenticated, service_role;

comment on function private.notify(text, uuid, text, jsonb, uuid, text) is
  'Writes the outbox rows of one event (recipients, channels, locale, consent, quiet hours, rendering) in the caller''s transaction and enqueues their delivery; idempotent per (event, event_key, recipient, channel).';

-- notify-deliver sends one outbox row per job (see public.notification_claim).
insert into private.job_handlers (job_type, sql_handler, edge_function, max_attempts, description) values
  ('notifications.deliver', null, 'notify-deliver', null, 'sends one outbox message through its channel''s provider (Edge Function notify-deliver)');
