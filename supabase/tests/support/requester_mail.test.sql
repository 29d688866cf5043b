-- Mail to the requester's own address: a ticket remembers who opened it and their address (the
-- user's sign-in address, or the sender of an e-mailed ticket); HQ's public replies and the solved
-- survey go there as well as to the tenant's contact, once each, in the tenant's language, and the
-- requester's answer to that mail threads back to the ticket.
begin;
select plan(10);

select tests.create_tenant('al-noor') as t \gset
update public.tenants set default_locale = 'ar', contact = '{"name": "Sara", "email": "sara@al-noor.test"}' where id = :'t';
select tests.create_user('Cashier@Al-Noor.test', '{"full_name": "Huda"}') as cashier \gset
select tests.add_member(:'t', :'cashier', 'operator');
select tests.create_user('sara@al-noor.test') as sara \gset
select tests.add_member(:'t', :'sara', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset
select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');

-- ── the ticket remembers its requester's address ─────────────────────────────────────────────
select tests.authenticate_as(:'cashier', 'aal1');
select public.open_support_ticket(:'t', 'Drawer does not open', 'The cash drawer is stuck.') as k \gset
select tests.authenticate_as(:'sara', 'aal1');
select public.open_support_ticket(:'t', 'Owner question', 'How do I add a branch?') as own \gset
select tests.authenticate_as(:'agent', 'aal2');
select public.open_support_ticket(:'t', 'For the cashier', 'Opened by HQ', 'general', 'normal', :'cashier') as hq \gset
select public.open_support_ticket(:'t', 'No requester', 'Opened by HQ') as none \gset
select tests.clear_authentication();
select results_eq(format($$ select id, requester_email from public.support_tickets where id in (%s, %s, %s, %s) order by id $$, :'k', :'own', :'hq', :'none'),
  format($$ values (%s::bigint, 'cashier@al-noor.test'::text), (%s, 'sara@al-noor.test'), (%s, 'cashier@al-noor.test'), (%s, null) $$, :'k', :'own', :'hq', :'none'),
  'the requester''s sign-in address is kept (a user who opens it, or the user HQ opens it for; none without a requester)');

-- ── a reply reaches the requester and the contact ────────────────────────────────────────────
select tests.authenticate_as(:'agent', 'aal2');
select public.reply_support_ticket(:'k', 'Press the release lever under the drawer.') as r \gset
select public.reply_support_ticket(:'own', 'Settings → Branches.') as r_own \gset
select public.reply_support_ticket(:'none', 'Noted.') as r_none \gset
select public.reply_support_ticket(:'k', 'Internal: known hardware issue.', true) as note \gset
select tests.clear_authentication();
select results_eq(format($$ select address, locale, subject, status from public.notification_outbox where event_key = %L order by address $$, :'r'),
  format($$ values ('cashier@al-noor.test'::text, 'ar'::text, 'رد: [#%s] Drawer does not open'::text, 'queued'::text),
                   ('sara@al-noor.test', 'ar', 'رد: [#%s] Drawer does not open', 'queued') $$, :'k', :'k'),
  'a public reply: the requester''s own address and the contact, in the tenant''s language');
select ok((select body_text like 'مرحباً Huda،%' and body_text like '%Press the release lever%' and body_html is not null
           from public.notification_outbox where event_key = :'r' and address = 'cashier@al-noor.test'),
  'the requester''s mail greets them by name and carries the reply');
select is((select count(*) from pgmq.q_notifications m
           where m.message #>> '{payload,outbox_id}' in (select id::text from public.notification_outbox where event_key = :'r')), 2::bigint,
  'each is queued for delivery');
select is((select count(*) from public.notification_outbox where event_key = :'r_own'), 1::bigint,
  'the contact''s own ticket: one mail (the requester is the contact)');
select is((select count(*) from public.notification_outbox where event_key = :'r_none'), 1::bigint, 'no requester: the contact only');
select is((select count(*) from public.notification_outbox where event_key = :'note' or body_text like '%known hardware%'), 0::bigint,
  'an internal note mails nobody');

-- ── once per event, and the solved survey too ────────────────────────────────────────────────
select private.support_notify('support.ticket_replied', x, :'r', jsonb_build_object('ticket_id', x.id::text, 'subject', x.subject, 'reply', 'again')) as again
from public.support_tickets x where x.id = :'k' \gset
select is((select count(*) from public.notification_outbox where event_key = :'r'), 2::bigint, 'writing the same event again sends nothing twice');
select tests.authenticate_as(:'agent', 'aal2');
select public.set_support_ticket_status(:'k', 'solved');
select tests.clear_authentication();
select is(array(select address from public.notification_outbox where event = 'support.ticket_solved' order by address),
  array['cashier@al-noor.test', 'sara@al-noor.test'], 'the survey reaches the requester too');

-- ── an e-mailed ticket: its sender is the requester; answering our mail threads back ─────────
select (public.ingest_support_inbound_mail('{"message_id": "<w1@mail.test>", "from": "Walk-In <walkin@gmail.test>", "subject": "Hi", "text": "x"}') ->> 'inbound_mail_id')::bigint as walkin \gset
select tests.authenticate_as(:'agent', 'aal2');
select public.file_support_inbound_mail(:'walkin', :'t') as w \gset
select public.reply_support_ticket(:'w', 'Hello, how can we help?') as rw \gset
select tests.clear_authentication();
select id as to_walkin from public.notification_outbox where event_key = :'rw' and address = 'walkin@gmail.test' \gset
select is(public.ingest_support_inbound_mail(jsonb_build_object('message_id', '<w2@mail.test>', 'from', 'walkin@gmail.test',
    'subject', 'Re: Hello', 'text', 'My order is late', 'in_reply_to', '<' || :'to_walkin' || '@notify.cleanmatex>')) ->> 'ticket_id',
  :'w', 'the requester''s answer to our mail joins the ticket (they are its requester, though no tenant knows them)');

select * from finish();
rollback;
