-- Inbound e-mail threading (ingest_support_inbound_mail, the rule the support-inbound-mail Edge
-- Function calls): a known sender's mail opens a ticket; a reply (In-Reply-To naming our mail, or
-- "[#id]" in the subject) is added to its ticket and reopens it; a stranger naming a ticket, an
-- unknown sender and a sender of two tenants are unmatched; each Message-ID counts once.
begin;
select plan(17);

create function tests.mail(id text, sender text, subject text, body text, extra jsonb default '{}') returns jsonb
language sql as $$
  select public.ingest_support_inbound_mail(jsonb_build_object('message_id', '<' || id || '>', 'from', sender,
    'to', jsonb_build_array('support@cleanmatex.local'), 'subject', subject, 'text', body) || extra)
$$;

select tests.create_tenant('al-noor') as t \gset
select tests.create_tenant('bay-wash') as b \gset
update public.tenants set contact = '{"name": "Sara", "email": "Sara@Al-Noor.test"}' where id = :'t';
update public.tenants set contact = '{"name": "Ali", "email": "ali@bay-wash.test"}' where id = :'b';
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_user('both@shared.test') as both_ \gset
select tests.add_member(:'t', :'both_', 'viewer');
select tests.add_member(:'b', :'both_', 'viewer');
select tests.create_staff('agent@hq.test', 'support') as agent \gset
select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');

-- ── a new ticket from a tenant's user ─────────────────────────────────────────────────────────
select tests.mail('m1@mail.test', 'Owner <OWNER@al-noor.test>', 'Printer prints blank receipts', 'Since this morning.') as r1 \gset
select is((:'r1'::jsonb) - 'ticket_id' - 'message_id' - 'inbound_mail_id',
  '{"outcome": "ticket", "reason": "sender_tenant", "duplicate": false}', 'a tenant user''s mail opens a ticket');
select (:'r1'::jsonb ->> 'ticket_id')::bigint as k \gset
select results_eq(format($$ select x.tenant_id, x.requester_id, x.requester_email, x.status, x.opened_by_staff, x.first_response_due_at is not null,
                                   m.from_staff, m.from_address, m.body
                            from public.support_tickets x join public.support_messages m on m.ticket_id = x.id where x.id = %s $$, :'k'),
  format($$ values (%L::uuid, %L::uuid, 'owner@al-noor.test'::text, 'new'::text, false, true, false, 'owner@al-noor.test'::text, 'Since this morning.'::text) $$, :'t', :'owner'),
  'the ticket: the tenant, the user as requester with their address, the SLA clock running, the mail as the customer''s message');

select is(tests.mail('m1@mail.test', 'owner@al-noor.test', 'Printer prints blank receipts', 'Since this morning.'),
  (:'r1'::jsonb) || '{"duplicate": true}', 'the same Message-ID again: the first answer, nothing added');
select is((select count(*) from public.support_tickets where tenant_id = :'t'), 1::bigint, 'still one ticket');

-- ── replies: staff answer (the outbox mail), the customer replies to that mail ────────────────
select tests.authenticate_as(:'agent', 'aal2');
select public.reply_support_ticket(:'k', 'Please restart the printer.') as staff_reply \gset
select public.set_support_ticket_status(:'k', 'pending_customer');
select tests.clear_authentication();
select id as outbox from public.notification_outbox
where event = 'support.ticket_replied' and variables ->> 'ticket_id' = :'k' and lower(address) = 'sara@al-noor.test' \gset

select is(tests.mail('m2@mail.test', 'sara@al-noor.test', 'Re: something', E'Restarted, still blank.\n\n> Please restart',
    jsonb_build_object('in_reply_to', '<' || :'outbox' || '@notify.cleanmatex>', 'stripped_text', 'Restarted, still blank.')) ->> 'reason',
  'in_reply_to', 'the tenant contact''s answer to our mail is threaded by In-Reply-To');
select results_eq(format($$ select body, from_staff, author_id from public.support_messages where ticket_id = %s order by id desc limit 1 $$, :'k'),
  $$ values ('Restarted, still blank.'::text, false, null::uuid) $$, 'the reply without the quoted mail, as the tenant''s public message');
select is((select status from public.support_tickets where id = :'k'), 'open', 'a reply to a ticket pending on the customer opens it');

select is(tests.mail('m3@mail.test', 'owner@al-noor.test', 'Re: [#' || :'k' || '] Printer', 'A photo follows.') ->> 'reason',
  'subject_token', 'the ticket number in the subject threads too');
select is(tests.mail('m4@mail.test', 'owner@al-noor.test', 'More', 'later', '{"references": ["<x@y>", "<m3@mail.test>"]}') ->> 'ticket_id',
  :'k', 'References naming an earlier mail of the ticket thread it');

-- ── strangers, unknown senders, two tenants ───────────────────────────────────────────────────
select is(tests.mail('m5@mail.test', 'ali@bay-wash.test', 'Re: [#' || :'k' || '] Printer', 'Let me in') - 'ticket_id' - 'message_id' - 'inbound_mail_id',
  '{"outcome": "ticket", "reason": "sender_tenant", "duplicate": false}', 'another tenant naming the ticket: its own new ticket, not a reply on ours');
select is((select count(*) from public.support_messages where ticket_id = :'k' and body = 'Let me in'), 0::bigint, 'nothing added to the named ticket');
select is(tests.mail('m6@mail.test', 'someone@gmail.test', 'Re: [#' || :'k' || '] hello', 'Who am I') ->> 'reason',
  'unknown_sender', 'an unknown sender is unmatched, even naming a ticket');
select is(tests.mail('m7@mail.test', 'both@shared.test', 'Question', 'Which?') ->> 'reason',
  'several_tenants', 'a user of two tenants is unmatched (staff choose)');
select results_eq($$ select outcome, tenant_id, ticket_id, body from public.support_inbound_mails where message_id = 'm6@mail.test' $$,
  $$ values ('unmatched'::text, null::uuid, null::bigint, 'Who am I'::text) $$, 'an unmatched mail keeps its text for staff');

-- ── only the service role ingests ────────────────────────────────────────────────────────────
select ok(has_function_privilege('service_role', 'public.ingest_support_inbound_mail(jsonb)', 'execute'), 'the service role ingests');
select ok(not has_function_privilege('authenticated', 'public.ingest_support_inbound_mail(jsonb)', 'execute')
      and not has_function_privilege('anon', 'public.ingest_support_inbound_mail(jsonb)', 'execute'), 'signed-in users and anon cannot post inbound mail');
select is(tests.error_of($$ select public.ingest_support_inbound_mail('{"from": "a@b.test"}') $$),
  '22023 support.invalid_inbound_mail', 'a mail without a Message-ID is refused');

select * from finish();
rollback;
