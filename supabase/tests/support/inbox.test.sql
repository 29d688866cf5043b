-- The console inbox: views, filters, the SLA state computed in SQL (breached, breaching soon,
-- paused, on track, done), counts per view, group and agent; support.read only.
begin;
select plan(16);

select tests.create_tenant('al-noor') as t \gset
select tests.create_tenant('al-bahar') as u \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('a1@hq.test', 'support') as a1 \gset
select tests.create_staff('a2@hq.test', 'support') as a2 \gset
select tests.create_staff('aud@hq.test', 'auditor') as aud \gset
select tests.create_staff('ops@hq.test', 'biz_admin') as ops \gset

-- Sunday 10:00 Muscat: urgent (first response in 60 business minutes), normal (480), low (1080)
select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');
select tests.authenticate_as(:'a1', 'aal2');
select public.save_support_group('billing', '{"en": "Billing", "ar": "الفوترة"}');
select public.set_support_group_member('billing', :'a1'), public.set_support_group_member('billing', :'a2');
select public.open_support_ticket(:'t', 'urgent one', 'x', 'billing', 'urgent') as urgent \gset
select public.open_support_ticket(:'t', 'normal one', 'x', 'orders', 'normal') as normal \gset
select public.open_support_ticket(:'u', 'low one', 'x', 'general', 'low') as low \gset
select public.open_support_ticket(:'u', 'solved one', 'x') as solved \gset
select public.assign_support_ticket(:'normal', 'billing', :'a1');
select public.assign_support_ticket(:'low', 'billing', :'a2');
select public.set_support_ticket_tags(:'low', array['vip']);
select public.reply_support_ticket(:'solved', 'done');
select public.set_support_ticket_status(:'solved', 'solved');

select results_eq($$ select id, sla_state from public.support_inbox('open') $$,
  format($$ values (%s::bigint, 'breaching_soon'::text), (%s, 'on_track'), (%s, 'on_track') $$, :'urgent', :'normal', :'low'),
  'open: unsolved tickets, the most urgent due first (urgent: first response due within the hour)');
select is((select sla_state from public.support_inbox('all') where id = :'solved'), 'done', 'all includes solved tickets (done)');
select is((select array_agg(id) from public.support_inbox('all', ticket_id => :'normal')), array[:'normal'::bigint], 'one ticket (the ticket page)');

-- 10:30: the urgent ticket is due at 11:00, within the warning hour; 11:30 it has breached
select tests.freeze_time('2026-12-06 10:30 Asia/Muscat');
select results_eq($$ select id, sla_state from public.support_inbox('breaching') $$,
  format($$ values (%s::bigint, 'breaching_soon'::text) $$, :'urgent'), 'breaching: due within the hour');
select tests.freeze_time('2026-12-06 11:30 Asia/Muscat');
select is((select sla_state from public.support_inbox('breaching') where id = :'urgent'), 'breached', 'breached once due');
select is((select next_due_at from public.support_inbox('open') where id = :'urgent'), '2026-12-06 11:00 Asia/Muscat'::timestamptz,
  'the next due time is the first response until staff reply');

select set_eq($$ select id from public.support_inbox('mine') $$, array[:'normal'::bigint], 'mine: assigned to me');
select set_eq($$ select id from public.support_inbox('unassigned') $$, array[:'urgent'::bigint], 'unassigned: open and nobody on it');
select set_eq($$ select id from public.support_inbox('group', group_code => 'billing') $$, array[:'normal'::bigint, :'low'], 'by group');
select set_eq(format($$ select id from public.support_inbox('open', tenant_id => %L, category => 'orders') $$, :'t'), array[:'normal'::bigint],
  'filters by tenant and category');
select set_eq($$ select id from public.support_inbox('open', tag => 'VIP', priority => 'low') $$, array[:'low'::bigint], 'filters by tag and priority');

select public.set_support_ticket_status(:'low', 'pending_customer');
select is((select sla_state from public.support_inbox('open') where id = :'low'), 'paused', 'waiting on the customer: paused');

select is(public.support_inbox_counts() -> 'views',
  '{"mine": 1, "unassigned": 1, "breaching": 1, "open": 3}'::jsonb, 'counts per view');
select is((select jsonb_agg(a ->> 'open' order by a ->> 'email') from jsonb_array_elements(public.support_inbox_counts() -> 'agents') a),
  '["1", "1"]'::jsonb, 'the workload of each group member');

select is(tests.error_of($$ select * from public.support_inbox('group') $$) || ' / ' || tests.error_of($$ select * from public.support_inbox('open', tag => repeat('x', 41)) $$),
  '22023 support.invalid_view / 22023 support.invalid_view', 'a group view needs its group; filters are short codes');

select tests.authenticate_as(:'ops', 'aal2');
select throws_ok($$ select * from public.support_inbox('open') $$, 'PT403', null, 'staff without support.read are refused');
select tests.clear_authentication();

select * from finish();
rollback;
