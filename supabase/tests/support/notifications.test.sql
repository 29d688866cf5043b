-- Support messages through the outbox: HQ's public reply mails the tenant in its language (once per
-- reply), internal notes and rolled-back replies send nothing, solving mails the CSAT survey link,
-- the SLA warning reaches the assignee and the escalation the group's members, each once.
begin;
select plan(12);

-- The shipped templates: e-mail in both languages for each support event, valid as a save would require.
select results_eq($$ select e.event, count(x.*) filter (where (private.notification_template_error(e, x.channel, x.subject, x.body_text,
                         x.body_html, x.whatsapp_parameters)).code is null)
                     from public.notification_events e join public.notification_templates x on x.event = e.event
                     where e.event like 'support.%' and x.channel = 'email' and x.locale in ('ar', 'en') group by 1 order by 1 $$,
  $$ values ('support.sla_escalated'::text, 2::bigint), ('support.sla_warning', 2), ('support.ticket_replied', 2), ('support.ticket_solved', 2) $$,
  'each support event has valid en and ar e-mail templates');

select tests.create_tenant('al-noor') as t \gset
update public.tenants set default_locale = 'en', contact = '{"name": "Sara", "email": "sara@al-noor.test"}' where id = :'t';
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset

-- Sunday 10:00 Muscat, high priority: first response due 14:00
select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'Payments fail', 'Card payments fail.', 'billing', 'high') as k \gset
select public.open_support_ticket(:'t', 'Export', 'How do I export?', 'general', 'high') as e \gset

select tests.authenticate_as(:'agent', 'aal2');
select public.save_support_group('general', '{"en": "General"}');
select public.set_support_group_member('general', :'agent');
select public.assign_support_ticket(:'e', 'general');

-- ── replies ───────────────────────────────────────────────────────────────────────────────────
select public.reply_support_ticket(:'k', 'We fixed the gateway; please try again.') as r \gset
select public.reply_support_ticket(:'k', 'Customer seems confused; check the gateway logs.', true) as n \gset
savepoint before_reply;
select public.reply_support_ticket(:'k', 'A reply that is rolled back.') as rb \gset
rollback to savepoint before_reply;
select tests.clear_authentication();   -- the checks read the outbox as the test's superuser
select results_eq(format($$ select channel, locale, address, recipient_kind, subject, status from public.notification_outbox
                           where event = 'support.ticket_replied' and event_key = %L order by address $$, :'r'),
  format($$ values ('email'::text, 'en'::text, 'owner@al-noor.test'::text, 'tenant_contact'::text, 'Re: [#%s] Payments fail'::text, 'queued'::text),
                   ('email', 'en', 'sara@al-noor.test', 'tenant_contact', 'Re: [#%s] Payments fail', 'queued') $$, :'k', :'k'),
  'a public reply: one e-mail to the tenant contact and one to the requester''s own address, in the tenant''s language');
select ok((select body_text like '%We fixed the gateway; please try again.%' and body_text like '%/support/tickets/' || :'k' || '%'
           from public.notification_outbox where event = 'support.ticket_replied' and event_key = :'r' and address = 'sara@al-noor.test'),
  'the mail carries the reply and the ticket''s link');

select is((select count(*) from public.notification_outbox where body_text like '%gateway logs%' or event_key = :'n'), 0::bigint,
  'an internal note writes no message');

select is((select count(*) from public.notification_outbox where event_key = :'rb' or body_text like '%rolled back%'), 0::bigint,
  'a rolled-back reply leaves no message');

select tests.authenticate_as(:'owner', 'aal1');
select public.reply_support_ticket(:'k', 'Thanks, trying now.');
select tests.clear_authentication();
select is((select count(*) from public.notification_outbox where event = 'support.ticket_replied'), 2::bigint,
  'the tenant''s own reply sends no mail to itself (the two are the staff reply''s: contact and requester)');

-- ── solved: the CSAT survey ───────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'agent', 'aal2');
select public.set_support_ticket_status(:'k', 'solved');
select tests.clear_authentication();
select results_eq($$ select channel, locale, subject, address from public.notification_outbox where event = 'support.ticket_solved' order by address $$,
  format($$ values ('email'::text, 'en'::text, 'Solved: [#%s] Payments fail'::text, 'owner@al-noor.test'::text),
                   ('email', 'en', 'Solved: [#%s] Payments fail', 'sara@al-noor.test') $$, :'k', :'k'),
  'solving writes one CSAT mail to the contact and one to the requester');
select ok((select body_text like '%/csat?token=' || :'k' || '.%' and body_html like '%/csat?token=' || :'k' || '.%'
           from public.notification_outbox where event = 'support.ticket_solved' and address = 'sara@al-noor.test'), 'the CSAT mail carries the survey link');
select tests.clear_authentication();

-- ── the escalation job ────────────────────────────────────────────────────────────────────────
select tests.freeze_time('2026-12-06 13:30 Asia/Muscat');
select private.job_support_escalate('{}', '{}');
select private.job_support_escalate('{}', '{}');
select results_eq($$ select recipient_kind, recipient_ref, address, tenant_id from public.notification_outbox where event = 'support.sla_warning' $$,
  format($$ values ('staff'::text, %L::text, 'agent@hq.test'::text, null::uuid) $$, :'agent'),
  'the SLA warning reaches the assignee once, as a staff message the tenant cannot read');
select is((select subject from public.notification_outbox where event = 'support.sla_warning'),
  format('تنبيه اتفاقية الخدمة: [#%s] Export', :'e'), 'staff messages default to Arabic');

select tests.freeze_time('2026-12-06 14:30 Asia/Muscat');
select private.job_support_escalate('{}', '{}');
select private.job_support_escalate('{}', '{}');
select results_eq($$ select recipient_ref from public.notification_outbox where event = 'support.sla_escalated' $$,
  format($$ values (%L::text) $$, :'agent'), 'the escalation mails the group''s members once');
select is((select count(*) from public.notification_outbox where event like 'support.sla%'), 2::bigint,
  're-running the job sends nothing twice');

select * from finish();
rollback;
