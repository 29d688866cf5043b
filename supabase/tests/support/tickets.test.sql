-- Tickets: tenant users open them for their own tenant (rate-limited), staff on a tenant's behalf;
-- bad input and other tenants get clear codes; statuses move only along the allowed moves.
begin;
select plan(16);

create function tests.support_error(q text) returns text language plpgsql as $$
begin
  execute q;
  return 'no error';
exception when others then
  declare d text; begin get stacked diagnostics d = pg_exception_detail; return sqlstate || ' ' || d; end;
end $$;

select tests.create_tenant('al-noor') as t \gset
select tests.create_tenant('al-bahar') as u \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.create_user('owner@al-bahar.test') as other \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.add_member(:'u', :'other', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset
select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset

select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'Printer does not print receipts', 'Since this morning the receipts are blank.',
  'technical', 'high') as k \gset
select results_eq(format($$ select status, priority, opened_by_staff, requester_id = %L, first_response_due_at < resolution_due_at
                            from public.support_tickets where id = %s $$, :'owner', :'k'),
  $$ values ('new'::text, 'high'::text, false, true, true) $$, 'a tenant owner opens a ticket: new, with both SLA due times');
select is(tests.support_error(format($$ select public.open_support_ticket(%L, 'x', 'y') $$, :'u')), 'PT403 support.forbidden',
  'a tenant user may not open a ticket for another tenant');
select is(tests.support_error(format($$ select public.open_support_ticket(%L, '  ', 'y') $$, :'t')), '22023 support.invalid_subject',
  'an empty subject is refused');
select is(tests.support_error(format($$ select public.open_support_ticket(%L, 's', repeat('x', 10001)) $$, :'t')), '22023 support.invalid_body',
  'an over-long message is refused');
select is(tests.support_error(format($$ select public.open_support_ticket(%L, 's', 'b', 'gossip') $$, :'t')), '22023 support.invalid_category',
  'an unknown category is refused');
select is(tests.support_error(format($$ select public.open_support_ticket(%L, 's', 'b', 'general', 'asap') $$, :'t')), '22023 support.invalid_priority',
  'an unknown priority is refused');

select tests.authenticate_as(:'other', 'aal1');
select is((select count(*) from public.support_tickets), 0::bigint, 'another tenant''s users do not see the ticket');
select is(tests.support_error(format($$ select public.reply_support_ticket(%s, 'hello') $$, :'k')), 'PT404 support.unknown_ticket',
  'nor can they reply to it: the same answer as an unknown ticket');
select is(tests.support_error($$ select public.reply_support_ticket(999999999, 'hello') $$), 'PT404 support.unknown_ticket',
  'an unknown ticket');

select tests.authenticate_as(:'biz', 'aal2');
select is(tests.support_error(format($$ select public.open_support_ticket(%L, 's', 'b') $$, :'t')), 'PT403 support.forbidden',
  'staff without support.write may not open tickets');

select tests.authenticate_as(:'agent', 'aal2');
select public.open_support_ticket(:'t', 'Follow-up on your invoice', 'We noticed a failed payment.', 'billing', 'normal', :'owner') as s \gset
select results_eq(format($$ select opened_by_staff, requester_id = %L from public.support_tickets where id = %s $$, :'owner', :'s'),
  $$ values (true, true) $$, 'support staff open a ticket on the tenant''s behalf for one of its users');
select is(tests.support_error(format($$ select public.open_support_ticket(%L, 's', 'b', 'general', 'normal', %L) $$, :'t', :'other')),
  '22023 support.invalid_requester', 'the requester must be a user of the tenant');

-- statuses
select is(tests.support_error(format($$ select public.set_support_ticket_status(%s, 'limbo') $$, :'k')), '22023 support.invalid_status',
  'an unknown status is refused');
select public.set_support_ticket_status(:'k', 'closed', 'duplicate of a phone call');
select is(tests.support_error(format($$ select public.set_support_ticket_status(%s, 'solved') $$, :'k')), 'PT409 support.invalid_transition',
  'a closed ticket cannot be solved');
select is(tests.support_error(format($$ select public.set_support_ticket_status(%s, 'on_hold') $$, :'k')), 'PT409 support.invalid_transition',
  'nor put on hold');

-- rate limit: tickets opened by the tenant's users in the last hour
select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'ticket ' || n, 'body') from generate_series(2, 20) n;
select is(tests.support_error(format($$ select public.open_support_ticket(%L, 'one more', 'b') $$, :'t')), 'PT429 support.rate_limited',
  'the 21st ticket in an hour is refused (staff-opened tickets do not count)');

select tests.clear_authentication();
select * from finish();
rollback;
