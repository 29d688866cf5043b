-- The API changelog: HQ with settings.write writes and corrects entries and retracts them (never
-- deletes); the permission is checked before anything else; bad input has its code; every change is
-- audited; signed-in users read published entries only, settings readers every entry.
begin;
select plan(31);

select tests.create_staff('log-tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('log-auditor@hq.test', 'auditor') as aud \gset
select tests.create_tenant('log-tenant') as t \gset
select tests.create_user('log-member@tenant.test') as member \gset
select tests.add_member(:'t', :'member', 'owner');
select tests.freeze_time('2026-12-10 09:00:00+00');

-- the reference entries describe the API's real changes so far
select results_eq($$ select version, kind from public.api_changelog_entries where created_by is null order by published_on, version, title ->> 'en' $$,
  $$ values ('2026-12.1', 'added'), ('2026-12.1', 'added'), ('2026-12.2', 'added'), ('2026-12.3', 'changed'), ('2026-12.4', 'added') $$,
  'five reference entries: events, webhook signing, API keys, key rotation, sandbox tenants');

-- permission first: the same refusal whether the entry exists or not, and before any validation
select is(tests.error_of(:'aud', 'aal2', $$ select public.save_api_changelog_entry(null, '2026-12-10', '2026-12.5', 'added',
  '{"en": "X", "ar": "س"}', '{"en": "Y", "ar": "ص"}') $$), 'PT403 auth.permission_denied', 'a settings reader cannot write an entry');
select is(tests.error_of(:'aud', 'aal2', $$ select public.save_api_changelog_entry(gen_random_uuid(), null, 'bad version', 'nope', null, null) $$),
  'PT403 auth.permission_denied', 'refused before the entry is looked up or the input checked');
select is(tests.error_of(:'aud', 'aal2', $$ select public.retract_api_changelog_entry('6c1a0e52-18a1-4c8e-9f10-000000000001', 'wrong') $$),
  'PT403 auth.permission_denied', 'nor retract one');
select is(tests.error_of(:'member', 'aal1', $$ select public.retract_api_changelog_entry(gen_random_uuid(), 'wrong') $$),
  'PT403 auth.not_staff', 'a tenant owner cannot either (not staff)');

-- bad input
create temp table bad (args text, why text);
insert into bad values
  ($$ null, '2026-12.5', 'added', '{"en": "T", "ar": "ع"}', '{"en": "B", "ar": "ب"}' $$, 'a date is needed'),
  ($$ '2026-12-10', 'has space', 'added', '{"en": "T", "ar": "ع"}', '{"en": "B", "ar": "ب"}' $$, 'a version is letters, digits, . _ -'),
  ($$ '2026-12-10', repeat('v', 41), 'added', '{"en": "T", "ar": "ع"}', '{"en": "B", "ar": "ب"}' $$, 'a version is up to 40 characters'),
  ($$ '2026-12-10', '2026-12.5', 'fixed', '{"en": "T", "ar": "ع"}', '{"en": "B", "ar": "ب"}' $$, 'the kind is added, changed, deprecated or removed'),
  ($$ '2026-12-10', '2026-12.5', 'added', '{"en": "T"}', '{"en": "B", "ar": "ب"}' $$, 'the title is needed in Arabic'),
  ($$ '2026-12-10', '2026-12.5', 'added', '{"en": "T", "ar": "  "}', '{"en": "B", "ar": "ب"}' $$, 'a blank title is none'),
  ($$ '2026-12-10', '2026-12.5', 'added', format('{"en": "%s", "ar": "ع"}', repeat('t', private.input_limit('name') + 1))::jsonb, '{"en": "B", "ar": "ب"}' $$, 'a title is at most input_limit(name)'),
  ($$ '2026-12-10', '2026-12.5', 'added', '{"en": "T", "ar": "ع"}', format('{"en": "B", "ar": "%s"}', repeat('ب', private.input_limit('note') + 1))::jsonb $$, 'a body is at most input_limit(note)'),
  ($$ '2026-12-10', '2026-12.5', 'added', '{"en": "T", "ar": "ع", "fr": "T"}', '{"en": "B", "ar": "ب"}' $$, 'English and Arabic only'),
  ($$ '2026-12-10', '2026-12.5', 'added', '{"en": 1, "ar": "ع"}', '{"en": "B", "ar": "ب"}' $$, 'texts are strings');
select is(tests.error_of(:'tech', 'aal2', format('select public.save_api_changelog_entry(null, %s)', b.args)),
  '22023 integrations.invalid_changelog_entry', b.why)
from bad b;

-- writing: trimmed, audited with the row
select tests.authenticate_as(:'tech', 'aal2');
select public.save_api_changelog_entry(null, '2026-12-10', '2026-12.5', 'deprecated',
  '{"en": " Old order route ", "ar": "مسار الطلبات القديم"}', '{"en": "GET /v1/orders?all is going away.", "ar": "سيزول المسار."}') as e \gset
select public.save_api_changelog_entry(null, '2027-01-15', '2027-01.1', 'removed',
  '{"en": "Scheduled", "ar": "مجدول"}', '{"en": "Not yet.", "ar": "ليس بعد."}') as future \gset
select tests.clear_authentication();
select results_eq(format($$ select kind, title ->> 'en', created_by, retracted_at from public.api_changelog_entries where id = %L $$, :'e'),
  format($$ values ('deprecated'::text, 'Old order route'::text, %L::uuid, null::timestamptz) $$, :'tech'), 'the entry is written, its texts trimmed');
select results_eq(format($$ select actor_id, before is null, after ->> 'version' from audit.log where action = 'api_changelog.create' and entity_id = %L $$, :'e'),
  format($$ values (%L::uuid, true, '2026-12.5'::text) $$, :'tech'), 'writing is audited api_changelog.create');

-- correcting
select is(tests.error_of(:'tech', 'aal2', $$ select public.save_api_changelog_entry(gen_random_uuid(), '2026-12-10', '2026-12.5', 'added',
  '{"en": "T", "ar": "ع"}', '{"en": "B", "ar": "ب"}') $$), 'PT404 integrations.unknown_changelog_entry', 'an unknown entry cannot be corrected');
select is(tests.error_of(:'tech', 'aal2', format($$ select public.save_api_changelog_entry(%L, '2026-12-10', '2026-12.5', 'changed',
  '{"en": "Old order route", "ar": "مسار الطلبات القديم"}', '{"en": "GET /v1/orders?all goes away on 2027-03-01.", "ar": "يزول المسار في 2027-03-01."}') $$, :'e')),
  'ok', 'an entry is corrected');
select results_eq(format($$ select before ->> 'kind', after ->> 'kind' from audit.log where action = 'api_changelog.update' and entity_id = %L $$, :'e'),
  $$ values ('deprecated'::text, 'changed'::text) $$, 'the correction is audited with before and after');

-- reading: signed-in users see published entries; settings readers every entry
select tests.authenticate_as(:'member', 'aal1');
select is((select count(*)::int from public.api_changelog_entries where id in (:'e', :'future')), 1, 'a tenant user reads a published entry, not a scheduled one');
select tests.authenticate_as(:'aud', 'aal2');
select is((select count(*)::int from public.api_changelog_entries where id in (:'e', :'future')), 2, 'a settings reader reads both');
select tests.authenticate_as_anon();
select is(tests.error_of('select count(*) from public.api_changelog_entries'), '42501 ', 'anon reads nothing');
select tests.clear_authentication();

-- retracting: a reason, a flag, the row kept
select is(tests.error_of(:'tech', 'aal2', format($$ select public.retract_api_changelog_entry(%L, ' x ') $$, :'e')),
  '22023 integrations.reason_required', 'a retraction needs a reason');
select is(tests.error_of(:'tech', 'aal2', format($$ select public.retract_api_changelog_entry(%L, %L) $$, :'e', repeat('r', private.input_limit('reason') + 1))),
  '22023 input.too_long', 'a reason is at most input_limit(reason)');
select is(tests.error_of(:'tech', 'aal2', format($$ select public.retract_api_changelog_entry(%L, 'announced too early') $$, :'e')), 'ok', 'an entry is retracted');
select results_eq(format($$ select retracted_by, retract_reason from public.api_changelog_entries where id = %L $$, :'e'),
  format($$ values (%L::uuid, 'announced too early'::text) $$, :'tech'), 'the row stays, flagged, with who and why');
select results_eq(format($$ select reason, after ->> 'retract_reason' from audit.log where action = 'api_changelog.retract' and entity_id = %L $$, :'e'),
  $$ values ('announced too early'::text, 'announced too early'::text) $$, 'retracting is audited api_changelog.retract');
select is(tests.error_of(:'tech', 'aal2', format($$ select public.retract_api_changelog_entry(%L, 'again') $$, :'e')),
  'PT409 integrations.changelog_retracted', 'an entry is retracted once');
select is(tests.error_of(:'tech', 'aal2', format($$ select public.save_api_changelog_entry(%L, '2026-12-10', '2026-12.5', 'added',
  '{"en": "T", "ar": "ع"}', '{"en": "B", "ar": "ب"}') $$, :'e')), 'PT409 integrations.changelog_retracted', 'a retracted entry is not changed');
select tests.authenticate_as(:'member', 'aal1');
select is((select count(*)::int from public.api_changelog_entries where id = :'e'), 0, 'readers no longer see a retracted entry');
select tests.clear_authentication();

select * from finish();
rollback;
