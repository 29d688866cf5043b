-- Adds a public reply or (staff only) an internal note. A staff member's first public reply is
-- the first response (met or breached is recorded) and opens a new ticket; a tenant's reply to a
-- ticket pending on them or solved (within the reopen window) reopens it. Closed tickets take no
-- replies.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.reply_support_ticket, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.reply_support_ticket(ticket_id bigint, body text, internal boolean default false) returns bigint
    language sql
    set search_path to ''
    as $$ select private.reply_support_ticket(ticket_id, body, internal) $$;

create function private.reply_support_ticket(ticket_id bigint, body text, internal boolean default false) returns bigint
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  staff boolean := private.has_permission('support.write');
  now_at timestamptz := private.now();
  t public.support_tickets;
  message_id bigint;
begin
  t := private.support_lock_ticket(ticket_id, staff);
  perform private.assert_not_in_maintenance(t.tenant_id);
  internal := coalesce(internal, false);
  if internal and not staff then
    perform private.fail('support.note_forbidden', 'only support staff write internal notes');
  end if;
  if body is null or btrim(body) = '' or length(body) > private.support_limit('body') then
    perform private.fail('support.invalid_body', format('a message is 1–%s characters', private.support_limit('body')));
  end if;
  if t.status = 'closed' then
    perform private.fail('support.ticket_closed', format('ticket %s is closed', t.id),
      format('reopen it within %s days of solving, or open a new ticket', private.support_limit('reopen_days')));
  end if;
  insert into public.support_messages (ticket_id, tenant_id, author_id, from_staff, internal, body, created_at)
  values (t.id, t.tenant_id, auth.uid(), staff, internal, body, now_at)
  returning id into message_id;
  if not internal and staff then
    if t.first_responded_at is null then
      update public.support_tickets x set first_responded_at = now_at where x.id = t.id;
      perform private.support_sla_event(t.id,
        case when coalesce(t.sla_paused_at, now_at) <= t.first_response_due_at then 'first_response_met' else 'first_response_breached' end,
        jsonb_build_object('due_at', t.first_response_due_at));
      t.first_responded_at := now_at;
    end if;
    if t.status = 'new' then
      t := private.support_move(t, 'open');
    end if;
  elsif not internal and t.status in ('pending_customer', 'solved') then
    if t.status = 'solved' then
      perform private.support_assert_reopenable(t);
    end if;
    t := private.support_move(t, 'open');
  end if;
  update public.support_tickets x set updated_at = now_at where x.id = t.id;
  -- HQ's public reply reaches the tenant by mail (one message per reply; the contact and the
  -- requester's own address, private.support_notify); notes never notify.
  if staff and not internal then
    perform private.support_notify('support.ticket_replied', t, message_id::text,
      jsonb_build_object('ticket_id', t.id::text, 'subject', t.subject, 'reply', body, 'ticket_url', private.support_ticket_url(t.id)));
  end if;
  perform audit.record(case when internal then 'support.note' else 'support.reply' end, 'support_ticket', t.id::text, null,
    jsonb_build_object('message_id', message_id, 'status', t.status, 'length', length(body)), t.tenant_id, null);
  return message_id;
end
$$;

revoke all on function public.reply_support_ticket(bigint, text, boolean) from public, anon, authenticated, service_role;
grant execute on function public.reply_support_ticket(bigint, text, boolean) to authenticated, service_role;
comment on function public.reply_support_ticket(bigint, text, boolean) is
  'Adds a public reply (tenant users or support.write staff) or an internal note (staff only, never shown to the tenant) to a ticket; closed tickets refuse replies.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.reply_support_ticket(bigint, text, boolean) from public, anon, authenticated, service_role;
grant execute on function private.reply_support_ticket(bigint, text, boolean) to authenticated, service_role;
