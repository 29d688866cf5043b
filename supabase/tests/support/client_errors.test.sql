-- Client error capture: PII never stored, fields capped, rate-limited per tenant, only for one's
-- own tenant, linkable to a ticket and shown in the context panel.
begin;
select plan(9);

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
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset

select tests.authenticate_as(:'owner', 'aal1');
select public.report_client_error(:'t', 'pos',
  'Payment failed for sara.h@example.com, phone +968 9123 4567, card 4111 1111 1111 1111',
  'at pay (pos.js:10) Authorization: Bearer abc.def-123',
  'https://pos.example.test/pay?email=sara@example.com#step2',
  '{"user": "sara@example.com", "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "note": "call 99887766"}') as e \gset
select tests.clear_authentication();
select results_eq(format($$ select message, stack, url, context from public.support_client_errors where id = %s $$, :'e'),
  $$ values ('Payment failed for [email], phone [phone], card [card]'::text, 'at pay (pos.js:10) Authorization: Bearer [secret]'::text,
             'https://pos.example.test/pay'::text, '{"user": "[email]", "jwt": "[token]", "note": "call [phone]"}'::jsonb) $$,
  'e-mails, phones, card numbers, tokens and the query string never reach the table');

select tests.authenticate_as(:'owner', 'aal1');
select public.report_client_error(:'t', 'pos', repeat('x', 5000), repeat('y', 20000)) as big \gset
select results_eq(format($$ select length(message), length(stack), truncated from public.support_client_errors where id = %s $$, :'big'),
  $$ values (1000, 8000, true) $$, 'over-long fields are cut to their caps and marked truncated');
select is(tests.support_error(format($$ select public.report_client_error(%L, 'pos', 'x') $$, :'u')), 'PT403 support.forbidden',
  'a user cannot report errors for another tenant');
select is(tests.support_error(format($$ select public.report_client_error(%L, 'POS!', 'x') $$, :'t')), '22023 support.invalid_error_report',
  'an invalid app code is refused');
select count(public.report_client_error(:'t', 'pos', 'loop ' || n)) from generate_series(3, 30) n;
select is(tests.support_error(format($$ select public.report_client_error(%L, 'pos', 'one more') $$, :'t')), 'PT429 support.error_rate_limited',
  'the 31st report in a minute is refused');
select is((select count(*) from public.support_client_errors), 30::bigint, 'the tenant''s users see their own reports');
select public.open_support_ticket(:'t', 'POS payments', 'Payments fail') as k \gset

select tests.authenticate_as(:'agent', 'aal2');
select public.link_client_error(:'e', :'k');
select is((select ticket_id from public.support_client_errors where id = :'e'), :'k'::bigint, 'support links the error to the ticket');
select is(jsonb_array_length(public.support_tenant_context(:'t') -> 'recent_client_errors'), 10, 'the context panel shows the latest errors');
select public.open_support_ticket(:'u', 'other', 'other tenant') as other \gset
select is(tests.support_error(format($$ select public.link_client_error(%s, %s) $$, :'e', :'other')), 'PT404 support.unknown_error_report',
  'an error cannot be linked to another tenant''s ticket');
select tests.clear_authentication();

select * from finish();
rollback;
