-- The inbox views' rows AND order, pinned on a fixture written straight into the table (due times
-- around a frozen now): the speed work on support_inbox (indexes, query shape) must not change what
-- any default view answers. Ties on the due time go newest first; tickets without a due time last.
begin;
select plan(10);

select tests.create_tenant('al-noor') as t \gset
select tests.create_staff('a1@hq.test', 'support') as a1 \gset
select tests.create_staff('a2@hq.test', 'support') as a2 \gset
select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');
insert into public.support_groups (code, name) values ('billing', '{"en": "Billing"}');

-- subject, status, assignee, group, first response due, resolution due, first responded, paused
-- (minutes from now; null: none)
insert into public.support_tickets (tenant_id, subject, status, assignee_id, group_id, first_response_due_at,
                                    resolution_due_at, first_responded_at, sla_paused_at, created_at)
select :'t', f.subject, f.status, f.assignee, (select id from public.support_groups where code = f.grp),
       n + f.fr * interval '1 minute', n + f.rd * interval '1 minute',
       case when f.responded then n - interval '1 hour' end,
       case when f.status in ('pending_customer', 'solved', 'closed') then n - interval '2 hours' end,
       n - f.ord * interval '1 minute'
from (values
  (1, 'a new breached', 'new', null::uuid, null, -10, 480, false),
  (2, 'b responded soon', 'open', :'a1'::uuid, null, -60, 30, true),
  (3, 'c least of both, 60 min', 'open', :'a1'::uuid, null, 120, 60, false),
  (4, 'd pending customer', 'pending_customer', :'a2'::uuid, null, 5, 480, false),
  (5, 'e no due time', 'on_hold', null, null, null, null, false),
  (6, 'f on track', 'new', null, null, 180, 540, false),
  (7, 'g same due as f', 'new', null, null, 180, 540, false),
  (8, 'h solved', 'solved', :'a1'::uuid, null, -300, 100, true),
  (9, 'i closed', 'closed', null, null, null, null, false),
  (10, 'j billing breached', 'open', :'a1'::uuid, 'billing', 100, -120, true),
  (11, 'k billing 61 min', 'new', :'a2'::uuid, 'billing', 61, 600, false)
) f(ord, subject, status, assignee, grp, fr, rd, responded)
cross join (select '2026-12-06 10:00 Asia/Muscat'::timestamptz as n) now_at
order by f.ord;

select tests.authenticate_as(:'a1', 'aal2');
select results_eq($$ select subject, sla_state, next_due_at, tenant_slug, group_code from public.support_inbox('open') $$,
  $$ values ('j billing breached'::text, 'breached'::text, '2026-12-06 08:00 Asia/Muscat'::timestamptz, 'al-noor'::text, 'billing'::text),
            ('a new breached', 'breached', '2026-12-06 09:50 Asia/Muscat', 'al-noor', null),
            ('d pending customer', 'paused', '2026-12-06 10:05 Asia/Muscat', 'al-noor', null),
            ('b responded soon', 'breaching_soon', '2026-12-06 10:30 Asia/Muscat', 'al-noor', null),
            ('c least of both, 60 min', 'breaching_soon', '2026-12-06 11:00 Asia/Muscat', 'al-noor', null),
            ('k billing 61 min', 'on_track', '2026-12-06 11:01 Asia/Muscat', 'al-noor', 'billing'),
            ('g same due as f', 'on_track', '2026-12-06 13:00 Asia/Muscat', 'al-noor', null),
            ('f on track', 'on_track', '2026-12-06 13:00 Asia/Muscat', 'al-noor', null),
            ('e no due time', 'on_track', null, 'al-noor', null) $$,
  'open: every unsolved ticket, most urgent first, ties newest first, no due time last');
select results_eq($$ select subject from public.support_inbox('mine') $$,
  $$ values ('j billing breached'::text), ('b responded soon'), ('c least of both, 60 min') $$, 'mine: my unsolved tickets in due order');
select results_eq($$ select subject from public.support_inbox('unassigned') $$,
  $$ values ('a new breached'::text), ('g same due as f'), ('f on track'), ('e no due time') $$, 'unassigned, in due order');
select results_eq($$ select subject, sla_state from public.support_inbox('breaching') $$,
  $$ values ('j billing breached'::text, 'breached'::text), ('a new breached', 'breached'),
            ('b responded soon', 'breaching_soon'), ('c least of both, 60 min', 'breaching_soon') $$,
  'breaching: breached then due within the hour (60 minutes included), paused tickets left out');
select results_eq($$ select subject, sla_state from public.support_inbox('all') $$,
  $$ values ('k billing 61 min'::text, 'on_track'::text), ('j billing breached', 'breached'), ('i closed', 'done'),
            ('h solved', 'done'), ('g same due as f', 'on_track'), ('f on track', 'on_track'), ('e no due time', 'on_track'),
            ('d pending customer', 'paused'), ('c least of both, 60 min', 'breaching_soon'), ('b responded soon', 'breaching_soon'),
            ('a new breached', 'breached') $$,
  'all: every ticket, the newest first');
select results_eq($$ select subject from public.support_inbox('group', group_code => 'billing') $$,
  $$ values ('j billing breached'::text), ('k billing 61 min') $$, 'by group');
select results_eq($$ select subject from public.support_inbox('open', statuses => array['solved', 'closed']) $$,
  $$ values ('h solved'::text), ('i closed') $$, 'given statuses replace the unsolved filter');
select results_eq($$ select subject from public.support_inbox('mine', max_results => 2) $$,
  $$ values ('j billing breached'::text), ('b responded soon') $$, 'the first page only');
select is(public.support_inbox_counts() -> 'views', '{"mine": 3, "unassigned": 4, "breaching": 4, "open": 9}'::jsonb,
  'counts per view');
select is((select jsonb_agg(jsonb_build_object(g ->> 'code', g -> 'open')) from jsonb_array_elements(public.support_inbox_counts() -> 'groups') g),
  '[{"billing": 2}]'::jsonb, 'counts per group');

select * from finish();
rollback;
