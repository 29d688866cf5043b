-- Inbound e-mail: what is ignored (auto-replies, bulk, system senders, a sender in a loop), sizes
-- (cut, not refused), replies to merged, closed and long-solved tickets (nothing lost), the tenant's
-- hourly limit, and staff filing an unmatched mail for a tenant.
begin;
select plan(17);

create function tests.mail(id text, sender text, subject text, body text, extra jsonb default '{}') returns jsonb
language sql as $$
  select public.ingest_support_inbound_mail(jsonb_build_object('message_id', id, 'from', sender, 'subject', subject, 'text', body) || extra)
$$;

select tests.create_tenant('al-noor') as t \gset
update public.tenants set contact = '{"name": "Sara", "email": "sara@al-noor.test"}' where id = :'t';
select tests.create_staff('agent@hq.test', 'support') as agent \gset
select tests.create_staff('auditor@hq.test', 'auditor') as auditor \gset
select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');

-- ── loops and auto-replies: stored as ignored, no ticket ──────────────────────────────────────
select is(array[tests.mail('a1', 'sara@al-noor.test', 'Out of office', 'Away', '{"auto_submitted": "auto-replied"}') ->> 'reason',
                tests.mail('a2', 'sara@al-noor.test', 'News', 'Sale!', '{"precedence": "bulk"}') ->> 'reason',
                tests.mail('a3', 'sara@al-noor.test', 'Away', 'Away', '{"auto_reply": true}') ->> 'reason',
                tests.mail('a4', 'MAILER-DAEMON@mx.test', 'Undelivered', 'bounce') ->> 'reason',
                tests.mail('a5', 'sara@al-noor.test', 'Hi', 'Real mail', '{"auto_submitted": "no"}') ->> 'reason'],
  array['auto_submitted', 'precedence', 'auto_reply', 'system_sender', 'sender_tenant'],
  'Auto-Submitted (but "no"), Precedence bulk, X-Autoreply and daemon senders are ignored; Auto-Submitted: no is a mail');
select is((select count(*) from public.support_tickets where tenant_id = :'t'), 1::bigint, 'only the real mail opened a ticket');

select is(tests.mail('v1', 'sara@al-noor.test', 'Re: [#1] Pay me', 'Forged?', '{"sender_verified": false}') - 'inbound_mail_id',
  '{"outcome": "unmatched", "reason": "unverified_sender", "ticket_id": null, "message_id": null, "duplicate": false}',
  'a sender the provider could not verify (SPF fail, no DKIM) opens and joins nothing: staff decide');

-- ── sizes: the subject and text are cut, the mail kept ────────────────────────────────────────
select (tests.mail('s1', 'sara@al-noor.test', repeat('s', 300), repeat('b', 12000)) ->> 'ticket_id')::bigint as big \gset
select results_eq(format($$ select length(x.subject), length(m.body) from public.support_tickets x join public.support_messages m on m.ticket_id = x.id where x.id = %s $$, :'big'),
  $$ values (200, 10000) $$, 'a long subject and text are cut to the ticket''s limits');
select is((select truncated from public.support_inbound_mails where message_id = 's1'), true, 'and the mail says so');
select is(tests.mail('s2', 'sara@al-noor.test', '', '') ->> 'outcome', 'ticket', 'an empty subject and text still make a ticket');

-- ── merged, closed and long-solved tickets ────────────────────────────────────────────────────
select (tests.mail('c1', 'sara@al-noor.test', 'Dup', 'one') ->> 'ticket_id')::bigint as dup \gset
select (tests.mail('c2', 'sara@al-noor.test', 'Main', 'two') ->> 'ticket_id')::bigint as main \gset
select tests.authenticate_as(:'agent', 'aal2');
select public.merge_support_tickets(:'dup', :'main');
select tests.clear_authentication();
select is(tests.mail('c3', 'sara@al-noor.test', 'Re: [#' || :'dup' || '] Dup', 'more') ->> 'ticket_id', :'main',
  'a reply to a merged duplicate goes to the ticket it was merged into');

select tests.authenticate_as(:'agent', 'aal2');
select public.set_support_ticket_status(:'main', 'solved');
select public.set_support_ticket_status(:'main', 'closed');
select tests.clear_authentication();
select tests.mail('c4', 'sara@al-noor.test', 'Re: [#' || :'main' || '] Main', 'It broke again') as c4 \gset
select is((:'c4'::jsonb) ->> 'reason', 'follow_up_of_' || :'main', 'a reply to a closed ticket opens a follow-up ticket (nothing lost)');
select isnt((:'c4'::jsonb) ->> 'ticket_id', :'main', 'not on the closed ticket');

select (tests.mail('c5', 'sara@al-noor.test', 'Solved one', 'x') ->> 'ticket_id')::bigint as solved \gset
select tests.authenticate_as(:'agent', 'aal2');
select public.set_support_ticket_status(:'solved', 'solved');
select tests.clear_authentication();
select is(tests.mail('c6', 'sara@al-noor.test', 'Re: [#' || :'solved' || ']', 'still broken') ->> 'ticket_id', :'solved',
  'within the reopen window a reply reopens the solved ticket');
select is((select status from public.support_tickets where id = :'solved'), 'open', 'reopened');

-- ── a sender in a loop; the tenant's hourly limit ─────────────────────────────────────────────
select count(tests.mail('loop' || i, 'loop@al-noor.test', 'x', 'x')) as loops from generate_series(1, 30) i \gset
select is(tests.mail('loop31', 'loop@al-noor.test', 'x', 'x') ->> 'reason', 'sender_rate_limited', 'the 31st mail of an hour from one address is ignored');
update public.tenants set contact = contact || '{"email": "many@al-noor.test"}' where id = :'t';
select count(tests.mail('n' || i, 'many@al-noor.test', 'x' || i, 'x')) as fill
from generate_series(1, 20 - (select count(*)::int from public.support_tickets where tenant_id = :'t')) i \gset
select is(tests.mail('n21', 'many@al-noor.test', 'x', 'x') ->> 'reason', 'rate_limited',
  'past the tenant''s hourly ticket limit a mail waits as unmatched (nothing lost)');

-- ── staff file an unmatched mail ──────────────────────────────────────────────────────────────
select id as um from public.support_inbound_mails where message_id = 'n21' \gset
select is(tests.error_of(:'auditor', 'aal2', format('select public.file_support_inbound_mail(%s, %L)', :'um', :'t')),
  'PT403 auth.permission_denied', 'filing needs support.write');
select tests.authenticate_as(:'agent', 'aal2');
select public.file_support_inbound_mail(:'um', :'t') as filed \gset
select tests.clear_authentication();
select results_eq(format($$ select x.tenant_id, x.opened_by_staff, x.requester_email, m.from_staff, m.body, i.outcome, i.ticket_id
                            from public.support_tickets x join public.support_messages m on m.ticket_id = x.id
                            join public.support_inbound_mails i on i.ticket_id = x.id where x.id = %s $$, :'filed'),
  format($$ values (%L::uuid, true, 'many@al-noor.test'::text, false, 'x'::text, 'ticket'::text, %s::bigint) $$, :'t', :'filed'),
  'the filed mail is the tenant''s ticket, its text the customer''s message, the mail marked');
select is(tests.error_of(:'agent', 'aal2', format('select public.file_support_inbound_mail(%s, %L)', :'um', :'t')),
  'PT409 support.inbound_mail_filed', 'a mail is filed once');
select is(tests.error_of(:'agent', 'aal2', format('select public.file_support_inbound_mail(%s, %L)', 0, :'t')),
  'PT404 support.unknown_inbound_mail', 'an unknown mail');

select * from finish();
rollback;
