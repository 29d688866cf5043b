-- The SLA clock: due times from the tenant's calendar and plan, paused while pending on the
-- customer (due times move on by the paused business time), first response and resolution
-- recorded as met or breached, every event kept.
begin;
select plan(9);

select tests.create_tenant('al-noor') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset

-- Sunday 2026-12-06 10:00 Muscat, normal priority: first response 480 business minutes, resolution 2700
select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'Receipt printer', 'Blank receipts.') as k \gset
select results_eq(format($$ select first_response_due_at, resolution_due_at from public.support_tickets where id = %s $$, :'k'),
  $$ values ('2026-12-07 09:00 Asia/Muscat'::timestamptz, '2026-12-13 10:00 Asia/Muscat'::timestamptz) $$,
  'due times counted in business hours (Sunday 10:00 + 8h = Monday 09:00; + 45h = next Sunday 10:00, Friday–Saturday off)');

select tests.freeze_time('2026-12-06 11:00 Asia/Muscat');
select tests.authenticate_as(:'agent', 'aal2');
select public.reply_support_ticket(:'k', 'Which printer model?');
select public.set_support_ticket_status(:'k', 'pending_customer');
select is((select sla_paused_at from public.support_tickets where id = :'k'), '2026-12-06 11:00 Asia/Muscat'::timestamptz,
  'waiting on the customer pauses the clock');

-- the customer answers three business days later (Wednesday 11:00): 27 business hours paused
select tests.freeze_time('2026-12-09 11:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.reply_support_ticket(:'k', 'It is the TM-T20.');
select results_eq(format($$ select status, sla_paused_at, resolution_due_at from public.support_tickets where id = %s $$, :'k'),
  $$ values ('open'::text, null::timestamptz, '2026-12-16 10:00 Asia/Muscat'::timestamptz) $$,
  'the customer''s reply reopens it and the resolution due time moves on by the paused business time');

select tests.freeze_time('2026-12-10 09:00 Asia/Muscat');
select tests.authenticate_as(:'agent', 'aal2');
select public.set_support_ticket_status(:'k', 'solved');
select tests.clear_authentication();
select results_eq(format($$ select kind from public.support_sla_events where ticket_id = %s order by id $$, :'k'),
  $$ values ('started'::text), ('first_response_met'), ('paused'), ('resumed'), ('resolution_met'), ('paused') $$,
  'every SLA event is recorded, in order');

-- a late first response is recorded as breached
select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'Login', 'Cannot log in.', 'account', 'urgent') as late \gset
select tests.freeze_time('2026-12-06 12:00 Asia/Muscat');
select tests.authenticate_as(:'agent', 'aal2');
select public.reply_support_ticket(:'late', 'Sorry for the wait.');
select tests.clear_authentication();
select is((select kind from public.support_sla_events where ticket_id = :'late' and kind like 'first_response%'),
  'first_response_breached', 'an urgent ticket answered after its hour is breached');
select is((select status from public.support_tickets where id = :'late'), 'open', 'the first staff reply opens a new ticket');

-- reopen window: 7 days from solving
select tests.freeze_time('2026-12-16 09:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.set_support_ticket_status(:'k', 'open');
select is((select status from public.support_tickets where id = :'k'), 'open', 'the customer reopens a solved ticket within the window');
select public.set_support_ticket_status(:'k', 'solved');
select tests.freeze_time('2026-12-24 09:00 Asia/Muscat');
select throws_ok(format($$ select public.reply_support_ticket(%s, 'still broken') $$, :'k'), 'PT409', null,
  'after the window a reply cannot reopen the ticket');
select tests.authenticate_as(:'agent', 'aal2');
select public.set_support_ticket_status(:'k', 'closed');
select throws_ok(format($$ select public.reply_support_ticket(%s, 'one more thing') $$, :'k'), 'PT409',
  format('ticket %s is closed', :'k'), 'a reply to a closed ticket is refused (support.ticket_closed)');
select tests.clear_authentication();

select * from finish();
rollback;
