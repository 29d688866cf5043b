-- CSAT: only solved tickets, once, by the tenant's users; reported per group and agent.
begin;
select plan(6);

create function tests.support_error(q text) returns text language plpgsql as $$
begin
  execute q;
  return 'no error';
exception when others then
  declare d text; begin get stacked diagnostics d = pg_exception_detail; return sqlstate || ' ' || d; end;
end $$;

select tests.create_tenant('al-noor') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset

select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'ticket ' || n, 'body') from generate_series(1, 3) n;
select array_agg(id order by id) as ids from public.support_tickets \gset
select is(tests.support_error(format($$ select public.rate_support_ticket(%s, 5) $$, (:'ids'::bigint[])[1])), 'PT409 support.not_solved',
  'an open ticket cannot be rated');

select tests.authenticate_as(:'agent', 'aal2');
select public.save_support_group('general', '{"en": "General"}');
select public.set_support_group_member('general', :'agent');
select public.assign_support_ticket(k, 'general'), public.set_support_ticket_status(k, 'solved') from unnest(:'ids'::bigint[]) k;
select is(tests.support_error(format($$ select public.rate_support_ticket(%s, 5) $$, (:'ids'::bigint[])[1])), 'PT404 support.unknown_ticket',
  'staff do not rate for the customer');

select tests.authenticate_as(:'owner', 'aal1');
select public.rate_support_ticket((:'ids'::bigint[])[1], 5, 'quick and kind'), public.rate_support_ticket((:'ids'::bigint[])[2], 2);
select is(tests.support_error(format($$ select public.rate_support_ticket(%s, 4) $$, (:'ids'::bigint[])[1])), 'PT409 support.already_rated',
  'a ticket is rated once');
select is(tests.support_error(format($$ select public.rate_support_ticket(%s, 6) $$, (:'ids'::bigint[])[3])), '22023 support.invalid_rating',
  'ratings are 1 to 5');
select throws_ok($$ select * from public.support_csat_report(now() - interval '1 day', now() + interval '1 day') $$, 'PT403', null,
  'tenant users do not read the report');

select tests.authenticate_as(:'agent', 'aal2');
select results_eq($$ select group_code, ratings, average, satisfied_share from public.support_csat_report(now() - interval '1 day', now() + interval '1 day')
                     where assignee_id is not null $$,
  $$ values ('general'::text, 2::bigint, 3.50::numeric, 0.500::numeric) $$, 'CSAT per group and agent');
select tests.clear_authentication();

select * from finish();
rollback;
