-- What one valid survey link can do, capped: 3 answers in all (the first and 2 changes), then
-- support.survey_answer_limit with its catalogue title; a refused call writes nothing (no audit
-- entry, no rating change); a rating given by a signed-in tenant user is never changed through the
-- link; another ticket's survey keeps its own budget.
begin;
select plan(11);

select tests.create_tenant('csat-lim') as t \gset
update public.tenants set default_locale = 'en', contact = '{"name": "Sara", "email": "sara@csat-lim.test"}' where id = :'t';
select tests.create_user('owner@csat-lim.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('agent@csat-lim.test', 'support') as agent \gset
select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'One', 'First.') as k1 \gset
select public.open_support_ticket(:'t', 'Two', 'Second.') as k2 \gset
select public.open_support_ticket(:'t', 'Three', 'Third.') as k3 \gset
select tests.authenticate_as(:'agent', 'aal2');
select public.set_support_ticket_status(x, 'solved') from unnest(array[:k1, :k2, :k3]::bigint[]) x;
select tests.clear_authentication();
create function pg_temp.token(ticket bigint) returns text language sql as $$
  select substring(o.body_text from '/csat\?token=([0-9a-f.]+)') from public.notification_outbox o
  where o.event = 'support.ticket_solved' and o.variables ->> 'ticket_id' = ticket::text limit 1
$$;
create function pg_temp.rate(token text, rating int) returns text language sql as $$
  select tests.error_of(null::uuid, null, format($q$ set local role anon; select public.rate_support_ticket_by_token(%L, %s) $q$, token, rating))
$$;
select pg_temp.token(:k1) as tok1 \gset
select pg_temp.token(:k2) as tok2 \gset
select pg_temp.token(:k3) as tok3 \gset

select results_eq(format($$ select pg_temp.rate(%L, r) from unnest(array[2, 3, 4]) r $$, :'tok1'),
  $$ values ('ok'), ('ok'), ('ok') $$, 'the first answer and two changes are taken');
select is(pg_temp.rate(:'tok1', 5), 'PT429 support.survey_answer_limit', 'a fourth answer is refused');
select is(tests.last_error('{message}'), 'this survey took 3 answers already', 'saying how many it took');
select is((select title_en || ' / ' || title_ar from private.error_codes where code = 'support.survey_answer_limit'),
  'This survey''s answer cannot be changed again / لا يمكن تغيير إجابة هذا الاستبيان مرة أخرى', 'the code has an en/ar title');
select results_eq(format($$ select rating::int, answers::int from public.support_csat where ticket_id = %s $$, :k1),
  $$ values (4, 3) $$, 'the third answer stands; the refused one changed nothing');
select is((select count(*)::int from audit.log where action = 'support.ticket_rate' and entity_id = :'k1'), 3,
  'three answers, three audit entries: a refused call writes none');
select is((select after from audit.log where action = 'support.ticket_rate' and entity_id = :'k1' order by id desc limit 1),
  '{"rating": 4, "via": "survey_link", "answer": 3}'::jsonb, 'a change is audited with its number');
set local role anon;
select results_eq(format($$ select rated, rating, changes_left from public.support_survey(%L) $$, :'tok1'), $$ values (true, 4, 0) $$,
  'the page learns no change is left');
select tests.clear_authentication();

select is(pg_temp.rate(:'tok2', 5), 'ok', 'another ticket''s survey has its own budget');

-- a signed-in tenant user's rating is never changed through the link
select tests.authenticate_as(:'owner', 'aal1');
select public.rate_support_ticket(:k3, 2);
select tests.clear_authentication();
select is(pg_temp.rate(:'tok3', 5), 'PT409 support.already_rated', 'a user''s rating is not overwritten through the link');
select is((select rating::int from public.support_csat where ticket_id = :k3), 2, 'it stays');

select * from finish();
rollback;
