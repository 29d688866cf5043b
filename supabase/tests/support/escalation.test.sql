-- The escalation job: warns once when a target is close, then raises the priority once when it
-- has passed; paused tickets are left alone; it is registered and scheduled.
begin;
select plan(7);

select tests.create_tenant('al-noor') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');

-- Sunday 10:00 Muscat, high priority: first response due 14:00
select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'Payments fail', 'Card payments fail.', 'billing', 'high') as k \gset
select public.open_support_ticket(:'t', 'Question', 'How do I export?', 'general', 'high') as p \gset
select tests.clear_authentication();
update public.support_tickets set status = 'pending_customer', sla_paused_at = '2026-12-06 10:30 Asia/Muscat' where id = :'p';

select tests.freeze_time('2026-12-06 12:00 Asia/Muscat');
select private.job_support_escalate('{}', '{}');
select is((select warned_at from public.support_tickets where id = :'k'), null, 'two hours before the target: nothing');

select tests.freeze_time('2026-12-06 13:30 Asia/Muscat');
select private.job_support_escalate('{}', '{}');
select results_eq(format($$ select priority, warned_at is not null, escalated_at from public.support_tickets where id = %s $$, :'k'),
  $$ values ('high'::text, true, null::timestamptz) $$, 'half an hour before: warned, priority unchanged');

select tests.freeze_time('2026-12-06 14:30 Asia/Muscat');
select private.job_support_escalate('{}', '{}');
select private.job_support_escalate('{}', '{}');
select results_eq(format($$ select priority, escalated_at from public.support_tickets where id = %s $$, :'k'),
  $$ values ('urgent'::text, '2026-12-06 14:30 Asia/Muscat'::timestamptz) $$, 'past the target: raised one step, once');
select results_eq(format($$ select kind from public.support_sla_events where ticket_id = %s order by id $$, :'k'),
  $$ values ('started'::text), ('warned'), ('escalated') $$, 'the warning and the escalation are SLA events');
select results_eq(format($$ select priority, warned_at from public.support_tickets where id = %s $$, :'p'),
  $$ values ('high'::text, null::timestamptz) $$, 'a ticket pending on the customer is not escalated');
select is((select count(*) from audit.log where action = 'support.ticket_escalate' and entity_id = :'k'), 1::bigint,
  'the escalation is audited');
select ok(exists (select from private.job_handlers where job_type = 'support.escalate')
          and exists (select from cron.job where jobname = 'support.escalate'), 'the job is registered and scheduled');

select * from finish();
rollback;
