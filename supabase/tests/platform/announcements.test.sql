-- Announcements: saved with en/ar title and body, a severity, a window and targets (validated),
-- audited; send_notification writes one platform.announcement per targeted tenant to the outbox,
-- in the tenant's language, once (re-saving sends nothing twice).
begin;
select plan(9);

select tests.create_tenant('an-om') as om \gset
select tests.create_tenant('an-sa', 'active', 'GCC-SA') as sa \gset
select tests.create_tenant('an-gone', 'archived') as gone \gset
update public.tenants set default_locale = 'en' where id = :'sa';
select tests.create_staff('tech@anhq.test', 'tech_admin') as tech \gset
select tests.create_staff('auditor@anhq.test', 'auditor') as auditor \gset

select tests.authenticate_as(:'tech', 'aal2');
select public.save_announcement(null, '{"en": "New prices", "ar": "أسعار جديدة"}', '{"en": "From January", "ar": "من يناير"}',
  'warning', null, null, '{}', '{}', array[:'om', :'sa', :'gone']::uuid[], true) as a \gset
select tests.clear_authentication();
select results_eq(format($$ select tenant_id, locale, variables ->> 'title' from public.notification_outbox
                            where event = 'platform.announcement' and event_key = 'announcement:%s' and channel = 'email' order by locale $$, :'a'),
  format($$ values (%L::uuid, 'ar'::text, 'أسعار جديدة'::text), (%L::uuid, 'en', 'New prices') $$, :'om', :'sa'),
  'send_notification: one message per targeted live tenant (not the archived one), in the tenant''s language');
select count(*) as sent from public.notification_outbox where event = 'platform.announcement' \gset
select tests.authenticate_as(:'tech', 'aal2');
select public.save_announcement(:'a', '{"en": "New prices!", "ar": "أسعار جديدة!"}', '{"en": "From January", "ar": "من يناير"}',
  'warning', null, null, '{}', '{}', array[:'om', :'sa']::uuid[], true);
select tests.clear_authentication();
select is((select count(*) from public.notification_outbox where event = 'platform.announcement'), :'sent'::bigint,
  'saving it again sends nothing twice');
select is((select title ->> 'en' from public.platform_announcements where id = :'a'), 'New prices!', 'an edit changes the announcement');
select results_eq($$ select action from audit.log where entity_type = 'announcement' order by id $$,
  $$ values ('platform.announcement_create'::text), ('platform.announcement_update') $$, 'creation and edit are audited');

select tests.authenticate_as(:'tech', 'aal2');
select public.save_announcement(null, '{"en": "Quiet", "ar": "هادئ"}', '{"en": "b", "ar": "ن"}', 'info', null, null) as quiet \gset
select tests.clear_authentication();
select is((select count(*) from public.notification_outbox where event_key = 'announcement:' || :'quiet'), 0::bigint,
  'without send_notification nothing goes to the outbox');

-- ── bad input ───────────────────────────────────────────────────────────────────────────────
select is(array[
    tests.error_of(:'tech', 'aal2', $$ select public.save_announcement(null, '{"en": "t"}', '{"en": "b", "ar": "ن"}', 'info', null, null) $$),
    tests.error_of(:'tech', 'aal2', $$ select public.save_announcement(null, '{"en": "t", "ar": "ع"}', '{"en": "b", "ar": "ن"}', 'loud', null, null) $$),
    tests.error_of(:'tech', 'aal2', $$ select public.save_announcement(null, '{"en": "t", "ar": "ع"}', '{"en": "b", "ar": "ن"}', 'info', '2026-12-02', '2026-12-01') $$),
    tests.error_of(:'tech', 'aal2', $$ select public.save_announcement(null, '{"en": "t", "ar": "ع"}', '{"en": "b", "ar": "ن"}', 'info', null, null, '{platinum}') $$),
    tests.error_of(:'tech', 'aal2', $$ select public.save_announcement(null, '{"en": "t", "ar": "ع"}', '{"en": "b", "ar": "ن"}', 'info', null, null, '{}', '{MARS}') $$),
    tests.error_of(:'tech', 'aal2', $$ select public.save_announcement(null, '{"en": "t", "ar": "ع"}', '{"en": "b", "ar": "ن"}', 'info', null, null, '{}', '{}', array[gen_random_uuid()]) $$),
    tests.error_of(:'tech', 'aal2', $$ select public.save_announcement(gen_random_uuid(), '{"en": "t", "ar": "ع"}', '{"en": "b", "ar": "ن"}', 'info', null, null) $$),
    tests.error_of(:'auditor', 'aal2', $$ select public.save_announcement(null, '{"en": "t", "ar": "ع"}', '{"en": "b", "ar": "ن"}', 'info', null, null) $$)],
  array['22023 platform.invalid_announcement', '22023 platform.invalid_announcement', '22023 platform.invalid_announcement',
        '22023 platform.invalid_announcement', '22023 platform.invalid_region', '22023 platform.invalid_announcement',
        'PT404 platform.unknown_announcement', 'PT403 auth.permission_denied'],
  'no Arabic title, an unknown severity, an end before the start, an unknown plan, region or tenant, an unknown id, a read-only role');

-- ── delete ──────────────────────────────────────────────────────────────────────────────────
select is(array[tests.error_of(:'tech', 'aal2', format($$ select public.delete_announcement(%L, '') $$, :'quiet')),
                tests.error_of(:'auditor', 'aal2', format($$ select public.delete_announcement(%L, 'nope') $$, :'quiet')),
                tests.error_of(:'tech', 'aal2', $$ select public.delete_announcement(gen_random_uuid(), 'gone') $$)],
  array['22023 platform.reason_required', 'PT403 auth.permission_denied', 'PT404 platform.unknown_announcement'],
  'deleting needs a reason, settings.write and an existing announcement');
select is(tests.error_of(:'tech', 'aal2', format($$ select public.delete_announcement(%L, 'not needed') $$, :'quiet')), 'ok', 'deleted with a reason');
select is((select before -> 'title' ->> 'en' from audit.log where action = 'platform.announcement_delete'), 'Quiet',
  'the audit keeps what was deleted');

select * from finish();
rollback;
