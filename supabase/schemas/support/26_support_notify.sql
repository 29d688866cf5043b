-- A ticket's mail (docs/support.md, "Messages"): the tenant's contact, as every tenant message
-- (private.notify), and the ticket's requester at their own address (support_tickets.requester_email:
-- the user's sign-in address when the ticket opened, or the sender of an e-mailed ticket) when it is
-- another address. private.notify resolves tenant contacts only, so the requester's copy is written
-- here into the same outbox, rendered from the same template in the tenant's language, delivered by
-- the same notifications.deliver job: a tenant_contact-kind row of the tenant whose address is the
-- requester's, idempotent per (event, event key, address).
create function private.support_notify(event text, t public.support_tickets, event_key text, variables jsonb) returns integer
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  ten public.tenants;
  tpl public.notification_templates;
  ch public.notification_channels;
  v_vars jsonb;
  v_status text := 'queued';
  v_reason text;
  v_max integer;
  v_id uuid;
  v_now timestamptz := private.now();
  n integer;
begin
  n := private.notify(event, t.tenant_id, event_key, variables);
  select * into ten from public.tenants x where x.id = t.tenant_id;
  if t.requester_email is null or lower(t.requester_email) = lower(coalesce(ten.contact ->> 'email', '')) then
    return n;   -- no address of its own, or the contact's: the contact's mail is theirs
  end if;
  select * into tpl from public.notification_templates x
  where x.event = support_notify.event and x.channel = 'email' and x.locale = ten.default_locale order by x.version desc limit 1;
  if tpl.event is null then
    return n;
  end if;
  select * into ch from public.notification_channels c where c.channel = 'email';
  if ch.channel is null or not ch.enabled then
    v_status := 'suppressed';
    v_reason := 'channel_disabled';
  end if;
  v_vars := jsonb_build_object('tenant_name', coalesce(ten.name ->> ten.default_locale, ten.name ->> 'en'),
    'contact_name', coalesce((select nullif(coalesce(u.raw_user_meta_data ->> 'full_name', u.raw_user_meta_data ->> 'name'), '')
                              from auth.users u where u.id = t.requester_id), split_part(t.requester_email, '@', 1)),
    'console_url', private.notification_public_url()) || coalesce(variables, '{}');
  select coalesce(h.max_attempts, q.max_attempts, 5) into v_max
  from private.job_queues q left join private.job_handlers h on h.job_type = 'notifications.deliver'
  where q.queue_name = 'notifications';
  insert into public.notification_outbox as o (event, event_key, tenant_id, recipient_kind, recipient_ref, channel, address,
      locale, template_version, category, subject, body_text, body_html, variables, status, status_reason, max_attempts,
      next_attempt_at, idempotency_key, created_at, updated_at, trace_id)
  select tpl.event, support_notify.event_key, ten.id, 'tenant_contact', ten.id::text, 'email', lower(t.requester_email),
      ten.default_locale, tpl.version, e.category,
      private.notification_render(tpl.subject, v_vars), private.notification_render(tpl.body_text, v_vars),
      case when tpl.body_html is not null
           then private.notification_email_layout(private.notification_render(tpl.body_html, v_vars, true), ten.default_locale) end,
      v_vars, v_status, v_reason, coalesce(v_max, 5), v_now,
      format('%s:%s:requester:%s:email', tpl.event, support_notify.event_key, lower(t.requester_email)), v_now, v_now, private.current_trace_id()
  from public.notification_events e where e.event = tpl.event
  on conflict (idempotency_key) do nothing
  returning o.id into v_id;
  if v_id is null then
    return n;
  end if;
  if v_status = 'queued' then
    perform private.enqueue('notifications', 'notifications.deliver', jsonb_build_object('outbox_id', v_id), 'notify:' || v_id, now());
  end if;
  return n + 1;
end
$$;

revoke all on function private.support_notify(text, public.support_tickets, text, jsonb) from public, anon, authenticated, service_role;
