-- The anonymous CSAT survey (issue 19 §7): the solved mail carries a signed, ticket-scoped,
-- expiring link; anyone holding it (anon) reads the ticket's subject and rates it; a bad,
-- tampered or expired token gets one refusal that reveals nothing; a huge comment is refused.
begin;
select plan(20);

select tests.create_tenant('al-noor') as t \gset
update public.tenants set default_locale = 'en', contact = '{"name": "Sara", "email": "sara@al-noor.test"}' where id = :'t';
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset

select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');
select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'Payments fail', 'Card payments fail.') as k \gset
select public.open_support_ticket(:'t', 'Export', 'How do I export?') as e \gset
select tests.authenticate_as(:'agent', 'aal2');
select public.save_support_group('general', '{"en": "General"}');
select public.set_support_group_member('general', :'agent');
select public.assign_support_ticket(x, 'general'), public.set_support_ticket_status(x, 'solved') from unnest(array[:k, :e]::bigint[]) x;
select tests.clear_authentication();

-- The links the solved mails carry (one per ticket: the requester's address is the owner's, not the contact's).
select substring(o.body_text from '/csat\?token=([0-9a-f.]+)') as token from public.notification_outbox o
 where o.event = 'support.ticket_solved' and o.variables ->> 'ticket_id' = :'k' and o.address = 'sara@al-noor.test' \gset
select substring(o.body_text from '/csat\?token=([0-9a-f.]+)') as token_e from public.notification_outbox o
 where o.event = 'support.ticket_solved' and o.variables ->> 'ticket_id' = :'e' and o.address = 'sara@al-noor.test' \gset
select ok(:'token' ~ ('^' || :'k' || '\.[0-9]+\.[0-9a-f]{64}$')
          and (select body_html like '%/csat?token=' || :'token' || '%' and body_text not like '%/support/tickets/%/rate%'
               from public.notification_outbox where body_text like '%' || :'token' || '%' limit 1),
  'the solved mail links to the public survey with a token naming the ticket (no sign-in page)');

-- Anyone holding the link reads the subject, and nothing else; reading changes nothing.
set local role anon;
select results_eq(format($$ select subject, rated from public.support_survey(%L) $$, :'token'),
  $$ values ('Payments fail'::text, false) $$, 'anon reads the ticket''s subject through the link');
select tests.clear_authentication();
select is((select count(*) from public.support_csat), 0::bigint, 'reading the survey records nothing');

-- Bad tokens: one refusal, whatever is wrong.
select is(tests.error_of(null::uuid, null, format($$ set local role anon; select * from public.support_survey(%L) $$, q)),
          'PT404 support.invalid_survey_link', d)
from (values ('not a token', 'a malformed token is refused'),
             (null, 'no token is refused'),
             (:'e' || substring(:'token' from '\..*$'), 'another ticket''s id under this signature is refused (tampered)'),
             (regexp_replace(:'token', '\.([0-9]+)\.', '.' || '9999999999' || '.'), 'a later expiry under this signature is refused (tampered)'),
             (left(:'token', -1) || case when right(:'token', 1) = '0' then '1' else '0' end, 'a changed signature is refused (tampered)'),
             ('999999.9999999999.' || repeat('0', 64), 'an unknown ticket is refused like any bad token')) v(q, d);
select is(tests.error_of(null::uuid, null, format($$ set local role anon; select public.rate_support_ticket_by_token(%L, 5) $$,
            left(:'token', -1) || case when right(:'token', 1) = '0' then '1' else '0' end)),
          'PT404 support.invalid_survey_link', 'rating with a tampered token is refused the same way');

-- Validation: a rating is 1–5, a comment at most 2000 characters (a huge one is refused, nothing stored).
select is(tests.error_of(null::uuid, null, format($$ set local role anon; select public.rate_support_ticket_by_token(%L, 4, %L) $$,
            :'token_e', repeat('x', 100000))), '22023 support.invalid_rating', 'a huge comment is refused');
select is(tests.error_of(null::uuid, null, format($$ set local role anon; select public.rate_support_ticket_by_token(%L, 0) $$, :'token_e')),
          '22023 support.invalid_rating', 'a rating of 0 is refused');
select is((select count(*) from public.support_csat), 0::bigint, 'refused answers store nothing');

-- A good answer: stored without a user (anonymous), with the ticket's group and agent; audited.
select is(tests.error_of(null::uuid, null, format($$ set local role anon; select public.rate_support_ticket_by_token(%L, 4, '  Quick and kind  ') $$, :'token')),
          'ok', 'anon rates the ticket through the link');
select results_eq(format($$ select rating::int, comment, rated_by, assignee_id from public.support_csat where ticket_id = %s $$, :'k'),
  format($$ values (4, 'Quick and kind'::text, null::uuid, %L::uuid) $$, :'agent'), 'the rating is stored, anonymous, with the agent');
select results_eq(format($$ select after from audit.log where action = 'support.ticket_rate' and entity_id = %L $$, :'k'),
  $$ values ('{"rating": 4, "via": "survey_link"}'::jsonb) $$, 'the rating is audited as given through the link');

-- Twice: the second answer changes the first (the limits: csat_survey_limits.test.sql).
select is(tests.error_of(null::uuid, null, format($$ set local role anon; select public.rate_support_ticket_by_token(%L, 1) $$, :'token')),
          'ok', 'a second answer through the link changes it');
select is((select rating::int from public.support_csat where ticket_id = :k), 1, 'the latest answer counts');
set local role anon;
select results_eq(format($$ select rated, rating, changes_left from public.support_survey(%L) $$, :'token'), $$ values (true, 1, 1) $$,
  'the page learns it is rated, with the rating and the changes left');
select tests.clear_authentication();

-- Expired: 30 days after the solve the link no longer works.
select tests.freeze_time('2027-01-05 10:01 Asia/Muscat');
select is(tests.error_of(null::uuid, null, format($$ set local role anon; select public.rate_support_ticket_by_token(%L, 5) $$, :'token_e')),
          'PT404 support.invalid_survey_link', 'an expired link is refused like any bad token');

select * from finish();
rollback;
