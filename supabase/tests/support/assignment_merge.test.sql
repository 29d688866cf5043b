-- Assignment (round-robin within a group, manual reassignment), tags, and merging duplicates.
begin;
select plan(11);

create function tests.support_error(q text) returns text language plpgsql as $$
begin
  execute q;
  return 'no error';
exception when others then
  declare d text; begin get stacked diagnostics d = pg_exception_detail; return sqlstate || ' ' || d; end;
end $$;

select tests.create_tenant('al-noor') as t \gset
select tests.create_tenant('al-bahar') as u \gset
select tests.create_staff('lead@hq.test', 'support') as lead \gset
select tests.create_staff('a1@hq.test', 'support') as a1 \gset
select tests.create_staff('a2@hq.test', 'support') as a2 \gset
select tests.create_staff('aud@hq.test', 'auditor') as aud \gset

select tests.authenticate_as(:'lead', 'aal2');
select public.save_support_group('billing', '{"en": "Billing", "ar": "الفوترة"}');
select public.set_support_group_member('billing', :'a1'), public.set_support_group_member('billing', :'a2');
select is(tests.support_error(format($$ select public.set_support_group_member('billing', %L) $$, :'aud')),
  '22023 support.invalid_member', 'staff who cannot work tickets cannot join a group');
select public.open_support_ticket(:'t', 'ticket ' || n, 'body') from generate_series(1, 4) n;
select array_agg(id order by id) as ids from public.support_tickets where tenant_id = :'t' \gset

select is(array_agg(public.assign_support_ticket(k, 'billing') = (case when :'a1' < :'a2' then :'a1' else :'a2' end)::uuid order by o),
  array[true, false, true, false], 'round-robin alternates between the two members')
from unnest(:'ids'::bigint[]) with ordinality x(k, o);
select is(public.assign_support_ticket((:'ids'::bigint[])[1], 'billing', :'a2'), :'a2'::uuid, 'manual reassignment to a member');
select is(tests.support_error(format($$ select public.assign_support_ticket(%s, 'billing', %L) $$, (:'ids'::bigint[])[1], :'lead')),
  '22023 support.not_in_group', 'reassignment to someone outside the group is refused');
select is(tests.support_error(format($$ select public.assign_support_ticket(%s, 'nope') $$, (:'ids'::bigint[])[1])),
  'PT404 support.unknown_group', 'an unknown group');
select public.save_support_group('empty', '{"en": "Empty"}');
select is(tests.support_error(format($$ select public.assign_support_ticket(%s, 'empty') $$, (:'ids'::bigint[])[1])),
  'PT409 support.group_empty', 'a group with no members cannot take tickets');

-- tags
select public.set_support_ticket_tags((:'ids'::bigint[])[1], array['VIP', 'printer', 'vip']);
select is((select tags from public.support_tickets where id = (:'ids'::bigint[])[1]), array['printer', 'vip'],
  'tags are lower-cased and deduplicated');
select is(tests.support_error(format($$ select public.set_support_ticket_tags(%s, array['no spaces']) $$, (:'ids'::bigint[])[1])),
  '22023 support.invalid_tag', 'a tag with a space is refused');

-- merge
select public.set_support_ticket_tags((:'ids'::bigint[])[2], array['zatca']);
select public.merge_support_tickets((:'ids'::bigint[])[2], (:'ids'::bigint[])[1], 'same printer problem');
select results_eq(format($$ select status, merged_into, (select tags from public.support_tickets where id = %s)
                            from public.support_tickets where id = %s $$, (:'ids'::bigint[])[1], (:'ids'::bigint[])[2]),
  format($$ values ('closed'::text, %s::bigint, array['printer', 'vip', 'zatca']) $$, (:'ids'::bigint[])[1]),
  'the duplicate is closed and points at the target, which takes its tags');
select public.open_support_ticket(:'u', 'other tenant', 'body') as other \gset
select is(tests.support_error(format($$ select public.merge_support_tickets(%s, %s) $$, (:'ids'::bigint[])[3], :'other')),
  '22023 support.invalid_merge', 'tickets of different tenants are not merged');
select is(tests.support_error(format($$ select public.set_support_ticket_status(%s, 'open') $$, (:'ids'::bigint[])[2])),
  'PT409 support.ticket_merged', 'a merged duplicate cannot be reopened');
select tests.clear_authentication();

select * from finish();
rollback;
