-- The foundation migration: schemas, extensions and the project's clock.
begin;
select plan(13);

select has_schema('private');
select has_schema('audit');
select has_extension('pg_cron');
select has_extension('pgcrypto');
select has_schema('pgmq', 'pgmq is available (extension or devstack stand-in)');

-- private and audit are not reachable by the API roles
-- (anon may use private only to reach the bodies of anon-callable RPCs: it executes exactly those, reads nothing)
select is(array(select p.oid::regprocedure::text from pg_proc p where p.pronamespace = 'private'::regnamespace
                and has_function_privilege('anon', p.oid, 'execute') order by 1),
          array['private.platform_status(text)', 'private.rate_support_ticket_by_token(text,integer,text)',
                'private.support_survey(text)', 'private.unsubscribe_notifications(text)'],
          'anon executes no private function but the bodies of public.platform_status, the CSAT survey link''s two and public.unsubscribe_notifications');
select is(array(select c.oid::regclass::text from pg_class c where c.relnamespace = 'private'::regnamespace
                and has_table_privilege('anon', c.oid, 'select,insert,update,delete') order by 1),
          '{}'::text[], 'anon reads and writes no private table, view or sequence');
select ok(not has_schema_privilege('anon', 'audit', 'usage'), 'anon cannot use the audit schema');

-- The clock follows now() unless a test freezes it
select is(private.now(), now(), 'private.now() is now() by default');
select tests.freeze_time('2026-02-28 21:30:00+00');
select is(private.now(), '2026-02-28 21:30:00+00'::timestamptz, 'tests.freeze_time freezes private.now()');
select tests.unfreeze_time();
select is(private.now(), now(), 'tests.unfreeze_time restores it');
select throws_ok($$ select tests.freeze_time(null) $$, '22004', 'tests.freeze_time: time must not be null',
                 'freezing to null is refused');
select ok(not has_function_privilege('anon', 'private.now()', 'execute'), 'anon cannot call private functions');

select * from finish();
rollback;
