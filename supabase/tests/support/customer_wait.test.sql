-- Customer wait (support_customer_wait_report): the business minutes solved tickets spent pending on
-- the customer (counted when a ticket leaves pending_customer, to open by the customer's reply or
-- straight to solved), p50/p90 per opening priority and the wait's share of the resolution time;
-- and the one period rule of every support report. Muscat hours (08:00–17:00, Friday–Saturday
-- weekend), Sunday 2 March 2031.
begin;
select plan(10);

select tests.create_tenant('al-noor') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset
select tests.create_staff('auditor@hq.test', 'auditor') as auditor \gset

select tests.freeze_time('2031-03-02 09:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'Two waits', 'a', 'general', 'normal') as a \gset
select public.open_support_ticket(:'t', 'Overnight wait', 'b', 'general', 'urgent') as b \gset
select public.open_support_ticket(:'t', 'No wait', 'c', 'general', 'normal') as c \gset
select public.open_support_ticket(:'t', 'Still waiting', 'd', 'general', 'low') as d \gset
select tests.authenticate_as(:'agent', 'aal2');
select tests.freeze_time('2031-03-02 09:15 Asia/Muscat');
select public.set_support_ticket_status(:'d', 'pending_customer');
select tests.freeze_time('2031-03-02 09:30 Asia/Muscat');
select public.reply_support_ticket(:'a', 'Which printer?') as r1 \gset
select public.set_support_ticket_status(:'b', 'pending_customer');
select tests.freeze_time('2031-03-02 10:00 Asia/Muscat');
select public.set_support_ticket_status(:'a', 'pending_customer');
-- 11:00 the customer answers (A opens again: 60 minutes waited); C is solved without waiting
select tests.freeze_time('2031-03-02 11:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.reply_support_ticket(:'a', 'The kitchen one') as r2 \gset
select tests.authenticate_as(:'agent', 'aal2');
select public.set_support_ticket_status(:'c', 'solved');
select tests.freeze_time('2031-03-02 12:00 Asia/Muscat');
select public.set_support_ticket_status(:'a', 'pending_customer');
-- 13:00 solved straight from pending_customer (no 'resumed' event): 60 more minutes
select tests.freeze_time('2031-03-02 13:00 Asia/Muscat');
select public.set_support_ticket_status(:'a', 'solved');
-- B waited from Sunday 09:30 to Monday 09:00: 450 + 60 business minutes; solved Monday 10:00
select tests.freeze_time('2031-03-03 09:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.reply_support_ticket(:'b', 'Here is the receipt') as r3 \gset
select tests.authenticate_as(:'agent', 'aal2');
select tests.freeze_time('2031-03-03 10:00 Asia/Muscat');
select public.set_support_ticket_status(:'b', 'solved');

select results_eq(format($$ select id, customer_wait_minutes from public.support_tickets where id in (%s, %s, %s, %s) order by id $$, :'a', :'b', :'c', :'d'),
  format($$ values (%s::bigint, 120), (%s, 510), (%s, 0), (%s, 0) $$, :'a', :'b', :'c', :'d'),
  'each ticket''s wait: summed when it leaves pending_customer, in business minutes (D still waits: not counted yet)');

select tests.authenticate_as(:'auditor', 'aal2');
select results_eq($$ select priority, solved, waited, wait_p50, wait_p90, wait_minutes, resolution_minutes, wait_share
                     from public.support_customer_wait_report('2031-03-01', '2031-03-08') $$,
  $$ values ('urgent'::text, 1::bigint, 1::bigint, 510::numeric, 510::numeric, 510::bigint, 600::bigint, 0.850::numeric),
            ('normal', 2, 1, 60, 108, 120, 360, 0.333),
            (null, 3, 2, 120, 432, 630, 960, 0.656) $$,
  'per opening priority and overall: solved, waited, p50/p90 wait, wait / resolution minutes (auditor reads it)');
select results_eq($$ select priority, solved, wait_p50, wait_share from public.support_customer_wait_report('2031-04-01', '2031-04-08') $$,
  $$ values (null::text, 0::bigint, null::numeric, null::numeric) $$, 'another period: nothing solved');

-- ── who, and the one period rule ──────────────────────────────────────────────────────────────
select is(tests.error_of(:'owner', 'aal1', $$ select * from public.support_customer_wait_report('2031-03-01', '2031-03-08') $$),
  'PT403 auth.not_staff', 'a tenant user cannot read it');
select is(tests.error_of(:'auditor', 'aal2', $$ select * from public.support_customer_wait_report('2031-03-08', '2031-03-01') $$),
  '22023 support.invalid_period', 'a period ends after it starts');
select is(tests.error_of(:'auditor', 'aal2', $$ select * from public.support_customer_wait_report('2031-03-01', null) $$),
  '22023 support.invalid_period', 'and has both ends');
select is((select count(*) from public.support_backlog_report('2030-01-01', '2030-01-01'::date + 399)), 400::bigint,
  'the backlog of 400 days (the console''s longest range)');
select is(tests.error_of(:'auditor', 'aal2', $$ select * from public.support_backlog_report('2030-01-01', '2030-01-01'::date + 400) $$),
  '22023 support.invalid_period', 'one day more is refused, as for the period reports of the same range');
select is(tests.error_of(:'auditor', 'aal2', $$ select * from public.support_sla_report('2030-01-01', '2030-01-01'::date + 401) $$),
  '22023 support.invalid_period', 'the SLA report: the same rule');
select is(tests.error_of(:'auditor', 'aal2', $$ select * from public.support_csat_report('2031-03-08', '2031-03-01') $$),
  '22023 support.invalid_period', 'the CSAT report: the same rule');

select * from finish();
rollback;
