-- Support reports: SLA attainment and business-minute response times per opening priority
-- (support_sla_report), the backlog per day (support_backlog_report), who may read them, and the
-- period limits. Muscat hours (08:00–17:00, Friday–Saturday weekend), Sunday 2 March 2031.
begin;
select plan(8);

select tests.create_tenant('al-noor') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset
select tests.create_staff('auditor@hq.test', 'auditor') as auditor \gset

select tests.freeze_time('2031-03-02 10:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'Urgent met', 'a', 'general', 'urgent') as a \gset
select public.open_support_ticket(:'t', 'Normal', 'b', 'general', 'normal') as b \gset
select public.open_support_ticket(:'t', 'Urgent late', 'c', 'general', 'urgent') as c \gset
select tests.authenticate_as(:'agent', 'aal2');
select tests.freeze_time('2031-03-02 10:30 Asia/Muscat');
-- 30 minutes, met (due 11:00)
select public.reply_support_ticket(:'a', 'On it') as ra \gset
select tests.freeze_time('2031-03-02 12:00 Asia/Muscat');
-- 120 minutes, breached
select public.reply_support_ticket(:'c', 'Sorry for the wait') as rc \gset
-- solved after 120 minutes, met (8 h)
select public.set_support_ticket_status(:'a', 'solved');
select tests.freeze_time('2031-03-02 13:00 Asia/Muscat');
-- 180 minutes, met (8 h)
select public.reply_support_ticket(:'b', 'Looking') as rb \gset
-- the urgent ticket escalated later still counts under the priority it opened with
select tests.clear_authentication();
update public.support_tickets set priority = 'urgent' where id = :'b';
select tests.authenticate_as(:'auditor', 'aal2');

select results_eq($$ select priority, opened, first_response_met, first_response_breached, first_response_attainment,
                            resolution_met, resolution_breached, resolution_attainment,
                            first_response_p50, first_response_p90, resolution_p50, resolution_p90
                     from public.support_sla_report('2031-03-01', '2031-03-08') $$,
  $$ values ('urgent'::text, 2::bigint, 1::bigint, 1::bigint, 0.500::numeric, 1::bigint, 0::bigint, 1.000::numeric, 75::numeric, 111::numeric, 120::numeric, 120::numeric),
            ('normal', 1, 1, 0, 1.000, 0, 0, null, 180, 180, null, null),
            (null, 3, 2, 1, 0.667, 1, 0, 1.000, 120, 168, 120, 120) $$,
  'per opening priority and overall: opened, met/breached and the share met, p50/p90 business minutes (auditor reads it)');
select is((select count(*) from public.support_sla_report('2031-04-01', '2031-04-08') where opened > 0), 0::bigint,
  'another period: nothing');

select results_eq(format($$ select day, opened, resolved, open_at_end from public.support_backlog_report('2031-03-01', '2031-03-03', %L) $$, :'t'),
  $$ values ('2031-03-01'::date, 0::bigint, 0::bigint, 0::bigint), ('2031-03-02', 3, 1, 2), ('2031-03-03', 0, 0, 2) $$,
  'the backlog per day: opened, resolved, still open at the day''s end');
select tests.authenticate_as(:'agent', 'aal2');
select tests.freeze_time('2031-03-04 09:00 Asia/Muscat');
select public.set_support_ticket_status(:'b', 'solved');
select results_eq(format($$ select day, open_at_end from public.support_backlog_report('2031-03-03', '2031-03-04', %L) $$, :'t'),
  $$ values ('2031-03-03'::date, 2::bigint), ('2031-03-04', 1) $$, 'a later solve lowers the backlog from its day on');

-- ── who, and the period limits ────────────────────────────────────────────────────────────────
select is(tests.error_of(:'owner', 'aal1', $$ select * from public.support_sla_report('2031-03-01', '2031-03-08') $$),
  'PT403 auth.not_staff', 'a tenant user cannot read support reports');
select is(tests.error_of(:'owner', 'aal1', $$ select * from public.support_backlog_report('2031-03-01', '2031-03-08') $$),
  'PT403 auth.not_staff', 'nor the backlog');
select is(tests.error_of(:'auditor', 'aal2', $$ select * from public.support_sla_report('2031-03-08', '2031-03-01') $$),
  '22023 support.invalid_period', 'a period ends after it starts');
select is(tests.error_of(:'auditor', 'aal2', $$ select * from public.support_backlog_report('2030-01-01', '2031-03-01') $$),
  '22023 support.invalid_period', 'and is at most 400 days');

select * from finish();
rollback;
