-- Inbound e-mail to tickets (docs/support.md, "Inbound e-mail"). The support-inbound-mail Edge
-- Function verifies the provider's signature and hands the mail here, normalised:
--   {message_id, in_reply_to, references[], from, from_name, to[], subject, text, stripped_text,
--    auto_submitted, precedence, auto_reply, sender_verified}
-- and this holds the whole rule:
--   1. one row per Message-ID (a provider's retry gets the first answer back, nothing changes);
--   2. auto-replies, bulk mail and system senders are ignored (no ticket, no reply: no mail loops),
--      and one address sending more than inbound_per_hour mails an hour is ignored too;
--   3. a reply to a ticket — In-Reply-To/References naming a support mail we sent or an inbound
--      mail of the ticket, else "[#<id>]" in the subject — is added to that ticket as the tenant's
--      public reply, but only when the sender is known to the ticket's tenant (its contact, one of
--      its users, or the ticket's requester): a guessed ticket number from a stranger is unmatched;
--   4. otherwise a new ticket for the one tenant whose contact or user the sender is;
--   5. everything else (unknown sender, several tenants, the tenant's hourly ticket limit, a sender
--      the provider could not verify: sender_verified false) is unmatched: kept with its text for
--      staff to file (file_support_inbound_mail). Nothing is lost.

-- The lower-cased address inside "Name <a@b>" or a bare address; null when it is not one.
create function private.support_mail_address(raw text) returns text
    language sql immutable
    set search_path to ''
    as $$
  select case when a ~ '^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$' and length(a) <= 320 then a end
  from (select lower(btrim(coalesce(substring(raw from '<([^<>]*)>'), raw))) as a) x
$$;

revoke all on function private.support_mail_address(text) from public, anon, authenticated, service_role;

-- The tenants an address belongs to: as the tenant's contact, or as the e-mail of one of its users
-- (user_id: that user, for the requester).
create function private.support_sender_tenants(address text)
    returns table (tenant_id uuid, user_id uuid)
    language sql stable security definer
    set search_path to ''
    as $$
  select t.id, (select m.user_id from public.tenant_members m join auth.users u on u.id = m.user_id
                where m.tenant_id = t.id and lower(u.email) = address order by m.created_at limit 1)
  from public.tenants t
  where lower(t.contact ->> 'email') = address
     or exists (select from public.tenant_members m join auth.users u on u.id = m.user_id
                where m.tenant_id = t.id and lower(u.email) = address)
$$;

revoke all on function private.support_sender_tenants(text) from public, anon, authenticated, service_role;

-- Opens a ticket whose first message is a customer's e-mail (not a staff message, whoever files it):
-- the SLA clock starts now, as for any ticket.
create function private.support_open_from_mail(tenant_id uuid, subject text, body text, requester_id uuid,
    from_address text, filed_by uuid default null) returns public.support_tickets
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  now_at timestamptz := private.now();
  due record;
  t public.support_tickets;
begin
  due := private.support_due_times(tenant_id, 'normal', now_at);
  insert into public.support_tickets as x (tenant_id, subject, category, priority, requester_id, requester_email, opened_by,
      opened_by_staff, first_response_due_at, resolution_due_at, created_at, updated_at)
  values (tenant_id, subject, 'general', 'normal', requester_id, from_address, filed_by, filed_by is not null,
      due.first_response_due_at, due.resolution_due_at, now_at, now_at)
  returning * into t;
  insert into public.support_messages (ticket_id, tenant_id, author_id, from_staff, internal, body, from_address, created_at)
  values (t.id, t.tenant_id, requester_id, false, false, body, from_address, now_at);
  perform private.support_sla_event(t.id, 'started', jsonb_build_object('priority', 'normal', 'via', 'email',
    'first_response_due_at', t.first_response_due_at, 'resolution_due_at', t.resolution_due_at));
  perform audit.record('support.ticket_open', 'support_ticket', t.id::text, null, to_jsonb(t), t.tenant_id, null);
  return t;
end
$$;

revoke all on function private.support_open_from_mail(uuid, text, text, uuid, text, uuid) from public, anon, authenticated, service_role;

-- The ticket a mail answers according to its In-Reply-To and References headers (null: none).
create function private.support_mail_thread(mail jsonb) returns bigint
    language sql stable security definer
    set search_path to ''
    as $$
  with ids as (
    select btrim(x, '<> ') as id
    from unnest(array[mail ->> 'in_reply_to'] || coalesce(array(select jsonb_array_elements_text(
      case when jsonb_typeof(mail -> 'references') = 'array' then mail -> 'references' else '[]' end)), '{}')) x
    where x is not null
    limit 50)
  select coalesce(
    -- our own support mails: the SMTP sender's Message-ID is <outbox id@notify.cleanmatex>
    (select (o.variables ->> 'ticket_id')::bigint from ids
     join public.notification_outbox o on o.id = case
       when ids.id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@notify\.cleanmatex$'
       then split_part(ids.id, '@', 1)::uuid end
     where o.event like 'support.%' and o.variables ->> 'ticket_id' ~ '^[0-9]{1,18}$' limit 1),
    -- the customer's own earlier mail on the ticket
    (select i.ticket_id from ids join public.support_inbound_mails i on i.message_id = ids.id
     where i.ticket_id is not null limit 1))
$$;

revoke all on function private.support_mail_thread(jsonb) from public, anon, authenticated, service_role;

create function public.ingest_support_inbound_mail(mail jsonb) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.ingest_support_inbound_mail(mail) $$;

create function private.ingest_support_inbound_mail(mail jsonb) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  now_at timestamptz := private.now();
  v_message_id text := btrim(coalesce(mail ->> 'message_id', ''), '<> ');
  v_from text := private.support_mail_address(mail ->> 'from');
  v_subject text := regexp_replace(btrim(coalesce(mail ->> 'subject', '')), '\s+', ' ', 'g');
  v_text text;
  v_truncated boolean := false;
  v_outcome text;
  v_reason text;
  v_tenant uuid;
  v_user uuid;
  v_tenants uuid[];
  v_thread bigint;
  v_via text;
  v_message bigint;
  v_recent integer;
  t public.support_tickets;
  row_ public.support_inbound_mails;
begin
  if jsonb_typeof(mail) is distinct from 'object' or v_message_id = '' or length(v_message_id) > 998 then
    perform private.fail('support.invalid_inbound_mail', 'an inbound mail needs its Message-ID');
  end if;
  if v_from is null then
    perform private.fail('support.invalid_inbound_mail', 'the sender is not an e-mail address');
  end if;
  -- one delivery at a time per Message-ID: the second waits, then finds the first's row
  perform pg_advisory_xact_lock(hashtext('support.inbound_mail'), hashtext(v_message_id));
  select * into row_ from public.support_inbound_mails i where i.message_id = v_message_id;
  if row_.id is not null then
    return jsonb_build_object('inbound_mail_id', row_.id, 'outcome', row_.outcome, 'reason', row_.reason,
      'ticket_id', row_.ticket_id, 'message_id', row_.support_message_id, 'duplicate', true);
  end if;

  -- sizes: the subject as a ticket's, the text as one message's; longer is cut, not refused
  if v_subject = '' then v_subject := '(no subject)'; end if;
  if length(v_subject) > private.support_limit('subject') then
    v_subject := left(v_subject, private.support_limit('subject'));
    v_truncated := true;
  end if;
  v_thread := private.support_mail_thread(mail);
  v_via := case when v_thread is not null then 'in_reply_to' else 'subject_token' end;
  v_thread := coalesce(v_thread, substring(v_subject from '\[#([0-9]{1,18})\]')::bigint);
  v_text := btrim(coalesce(case when v_thread is not null then nullif(btrim(mail ->> 'stripped_text'), '') end, mail ->> 'text', ''));
  if v_text = '' then v_text := '(no text)'; end if;
  if length(v_text) > private.support_limit('body') then
    v_text := left(v_text, private.support_limit('body'));
    v_truncated := true;
  end if;

  select count(*) into v_recent from public.support_inbound_mails i
  where lower(i.from_address) = v_from and i.received_at > now_at - interval '1 hour';
  if lower(btrim(coalesce(mail ->> 'auto_submitted', 'no'))) <> 'no' then
    v_outcome := 'ignored'; v_reason := 'auto_submitted';
  elsif lower(btrim(coalesce(mail ->> 'precedence', ''))) in ('bulk', 'junk', 'list', 'auto_reply') then
    v_outcome := 'ignored'; v_reason := 'precedence';
  elsif coalesce((mail ->> 'auto_reply')::boolean, false) then
    v_outcome := 'ignored'; v_reason := 'auto_reply';
  elsif split_part(v_from, '@', 1) ~ '^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)$' then
    v_outcome := 'ignored'; v_reason := 'system_sender';
  elsif v_recent >= private.support_limit('inbound_per_hour') then
    v_outcome := 'ignored'; v_reason := 'sender_rate_limited';
  end if;
  -- the provider says the From address may be forged: no ticket trusts it, staff decide
  if v_outcome is null and (mail ->> 'sender_verified') = 'false' then
    v_outcome := 'unmatched'; v_reason := 'unverified_sender';
  end if;

  if v_outcome is null then
    v_tenants := array(select s.tenant_id from private.support_sender_tenants(v_from) s);
    -- a reply: follow merges to the ticket that lives on
    if v_thread is not null then
      select * into t from public.support_tickets x where x.id = v_thread for update;
      while t.merged_into is not null loop
        select * into t from public.support_tickets x where x.id = t.merged_into for update;
      end loop;
      if t.id is not null and not (t.tenant_id = any (v_tenants) or lower(t.requester_email) = v_from) then
        t := null;   -- a stranger naming a ticket: not added to it
      end if;
    end if;
    if t.id is not null and (t.status = 'closed'
        or (t.status = 'solved' and now_at > t.solved_at + make_interval(days => private.support_limit('reopen_days')))) then
      v_tenants := array[t.tenant_id];   -- a follow-up: a new ticket for the same tenant (below)
      v_reason := 'follow_up_of_' || t.id;
      t := null;
    end if;
    if t.id is not null then
      v_user := (select s.user_id from private.support_sender_tenants(v_from) s where s.tenant_id = t.tenant_id);
      insert into public.support_messages (ticket_id, tenant_id, author_id, from_staff, internal, body, from_address, created_at)
      values (t.id, t.tenant_id, v_user, false, false, v_text, v_from, now_at)
      returning id into v_message;
      if t.status in ('pending_customer', 'solved') then
        t := private.support_move(t, 'open');
      end if;
      update public.support_tickets x set updated_at = now_at where x.id = t.id;
      perform audit.record('support.reply', 'support_ticket', t.id::text, null,
        jsonb_build_object('message_id', v_message, 'status', t.status, 'length', length(v_text), 'via', 'email'), t.tenant_id, null);
      v_outcome := 'reply';
      v_reason := v_via;
      v_tenant := t.tenant_id;
    elsif cardinality(v_tenants) = 1 then
      v_tenant := v_tenants[1];
      select count(*) into v_recent from public.support_tickets x
      where x.tenant_id = v_tenant and not x.opened_by_staff and x.created_at > now_at - interval '1 hour';
      if v_recent >= private.support_limit('tickets_per_hour') then
        v_outcome := 'unmatched'; v_reason := 'rate_limited';
      else
        v_user := (select s.user_id from private.support_sender_tenants(v_from) s where s.tenant_id = v_tenant);
        t := private.support_open_from_mail(v_tenant, v_subject, v_text, v_user, v_from);
        select m.id into v_message from public.support_messages m where m.ticket_id = t.id order by m.id limit 1;
        v_outcome := 'ticket';
        v_reason := coalesce(v_reason, 'sender_tenant');
      end if;
    else
      v_outcome := 'unmatched';
      v_reason := case when cardinality(v_tenants) = 0 then 'unknown_sender' else 'several_tenants' end;
      v_tenant := null;
    end if;
  end if;

  insert into public.support_inbound_mails (message_id, from_address, from_name, to_addresses, subject, body, truncated,
      outcome, reason, tenant_id, ticket_id, support_message_id, received_at)
  values (v_message_id, v_from, left(nullif(btrim(mail ->> 'from_name'), ''), 200),
      coalesce(array(select left(lower(btrim(x)), 320) from jsonb_array_elements_text(
        case when jsonb_typeof(mail -> 'to') = 'array' then mail -> 'to' else '[]' end) x limit 50), '{}'),
      v_subject, v_text, v_truncated, v_outcome, v_reason,
      case when v_outcome in ('reply', 'ticket') then v_tenant end, t.id, v_message, now_at)
  returning * into row_;
  return jsonb_build_object('inbound_mail_id', row_.id, 'outcome', row_.outcome, 'reason', row_.reason,
    'ticket_id', row_.ticket_id, 'message_id', row_.support_message_id, 'duplicate', false);
end
$$;

revoke all on function public.ingest_support_inbound_mail(jsonb) from public, anon, authenticated, service_role;
grant execute on function public.ingest_support_inbound_mail(jsonb) to service_role;
comment on function public.ingest_support_inbound_mail(jsonb) is
  'Stores one inbound support e-mail (service role: the support-inbound-mail Edge Function, after the provider''s signature): a reply on its ticket, a new ticket for the sender''s tenant, ignored (auto-reply, loop) or unmatched for staff; idempotent per Message-ID.';

revoke all on function private.ingest_support_inbound_mail(jsonb) from public, anon, authenticated, service_role;
grant execute on function private.ingest_support_inbound_mail(jsonb) to service_role;

-- Files an unmatched mail for a tenant (support.write): it becomes that tenant's ticket, its first
-- message the customer's text (the sender is its requester when they are one of the tenant's users).
create function public.file_support_inbound_mail(mail_id bigint, tenant_id uuid) returns bigint
    language sql
    set search_path to ''
    as $$ select private.file_support_inbound_mail(mail_id, tenant_id) $$;

create function private.file_support_inbound_mail(mail_id bigint, tenant_id uuid) returns bigint
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  m public.support_inbound_mails;
  t public.support_tickets;
begin
  perform private.assert_permission('support.write');
  select * into m from public.support_inbound_mails i where i.id = file_support_inbound_mail.mail_id for update;
  if m.id is null then
    perform private.fail('support.unknown_inbound_mail', 'no such inbound mail');
  end if;
  if m.outcome <> 'unmatched' then
    perform private.fail('support.inbound_mail_filed', format('mail %s is already %s', m.id, m.outcome),
      case when m.ticket_id is not null then format('see ticket %s', m.ticket_id) end);
  end if;
  if not exists (select from public.tenants x where x.id = file_support_inbound_mail.tenant_id) then
    perform private.fail('support.unknown_tenant', 'no such tenant');
  end if;
  t := private.support_open_from_mail(tenant_id, m.subject, m.body,
    (select s.user_id from private.support_sender_tenants(lower(m.from_address)) s where s.tenant_id = file_support_inbound_mail.tenant_id),
    m.from_address, auth.uid());
  update public.support_inbound_mails i
  set outcome = 'ticket', reason = 'filed', tenant_id = t.tenant_id, ticket_id = t.id,
      support_message_id = (select x.id from public.support_messages x where x.ticket_id = t.id order by x.id limit 1),
      filed_by = auth.uid(), filed_at = private.now()
  where i.id = m.id;
  return t.id;
end
$$;

revoke all on function public.file_support_inbound_mail(bigint, uuid) from public, anon, authenticated, service_role;
grant execute on function public.file_support_inbound_mail(bigint, uuid) to authenticated, service_role;
comment on function public.file_support_inbound_mail(bigint, uuid) is
  'Files an unmatched inbound e-mail for a tenant (support.write): it becomes the tenant''s ticket with the customer''s text as its first message.';

revoke all on function private.file_support_inbound_mail(bigint, uuid) from public, anon, authenticated, service_role;
grant execute on function private.file_support_inbound_mail(bigint, uuid) to authenticated, service_role;
