-- Internal notes are never visible to the tenant; a tenant user cannot write one; replies thread.
begin;
select plan(8);

create function tests.support_error(q text) returns text language plpgsql as $$
begin
  execute q;
  return 'no error';
exception when others then
  declare d text; begin get stacked diagnostics d = pg_exception_detail; return sqlstate || ' ' || d; end;
end $$;

select tests.create_tenant('al-noor') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.create_user('viewer@al-noor.test') as viewer \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.add_member(:'t', :'viewer', 'viewer');
select tests.create_staff('agent@hq.test', 'support') as agent \gset
select tests.create_staff('auditor@hq.test', 'auditor') as auditor \gset

select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'Order stuck', 'Order 42 is stuck in washing.') as k \gset
select is(tests.support_error(format($$ select public.reply_support_ticket(%s, 'psst', true) $$, :'k')), 'PT403 support.note_forbidden',
  'a tenant user cannot write an internal note');

select tests.authenticate_as(:'agent', 'aal2');
select public.reply_support_ticket(:'k', 'Customer sounds upset; check the washer logs.', true);
select public.reply_support_ticket(:'k', 'We are looking into it.');
select results_eq(format($$ select from_staff, internal from public.support_messages where ticket_id = %s order by id $$, :'k'),
  $$ values (false, false), (true, true), (true, false) $$, 'support sees the whole conversation, note included');

select tests.authenticate_as(:'owner', 'aal1');
select results_eq(format($$ select body from public.support_messages where ticket_id = %s order by id $$, :'k'),
  $$ values ('Order 42 is stuck in washing.'::text), ('We are looking into it.') $$, 'the owner sees the public replies only');
select is((select count(*) from public.support_messages where internal), 0::bigint, 'no internal note reaches the owner, even asked for');

select tests.authenticate_as(:'viewer', 'aal1');
select is((select count(*) from public.support_messages where internal), 0::bigint, 'nor any other user of the tenant');

select tests.authenticate_as(:'auditor', 'aal2');
select is((select count(*) from public.support_messages where internal), 1::bigint, 'support.read staff (auditor) see the note');
select is(tests.support_error(format($$ select public.reply_support_ticket(%s, 'hi') $$, :'k')), 'PT404 support.unknown_ticket',
  'but cannot write without support.write');

select tests.clear_authentication();
select is((select count(*) from audit.log where action = 'support.note' and entity_id = :'k'), 1::bigint, 'the note is audited');

select * from finish();
rollback;
