-- Templates: declared variables validated at save (an unknown one refused with its code), broken
-- markup refused, versions, and the preview: safe rendering (HTML-escaped, never expanded twice),
-- the RTL layout for Arabic, SMS encoding and segments.
begin;
select plan(24);

select tests.create_staff('tech@ntpl.test', 'tech_admin') as tech \gset
select tests.create_staff('auditor@ntpl.test', 'auditor') as auditor \gset
-- where this stack's message links point (devstack sets cmx.public_url to its console)
select private.notification_public_url() as public_url \gset

-- ── save: who, and what is refused ───────────────────────────────────────────────────────────
select is(tests.error_of(:'auditor', 'aal2', $$ select public.save_notification_template('dunning.reminder', 'sms', 'en', null, 'Pay {{invoice_number}}') $$),
  'PT403 auth.permission_denied', 'settings.read is not enough to save');
select is(tests.error_of(:'tech', 'aal2', $$ select public.save_notification_template('dunning.reminder', 'sms', 'en', null, 'Pay {{invoice_number}} now {{password}}') $$),
  '22023 notifications.unknown_variable', 'an unknown variable is refused');
select ok(tests.last_error() like '%password%', 'the message names it');
select is(tests.error_of(:'tech', 'aal2', $$ select public.save_notification_template('dunning.reminder', 'sms', 'en', null, 'Pay {{invoice_number} now') $$),
  '22023 notifications.invalid_markup', 'a broken placeholder is refused');
select is(tests.error_of(:'tech', 'aal2', $$ select public.save_notification_template('dunning.reminder', 'email', 'en', 'Due', 'Pay', '<p>Pay <b>now</p>') $$),
  '22023 notifications.invalid_markup', 'unbalanced HTML is refused');
select is(tests.error_of(:'tech', 'aal2', $$ select public.save_notification_template('dunning.reminder', 'email', 'en', 'Due', 'Pay', '<p>1 < 2</p>') $$),
  '22023 notifications.invalid_markup', 'a bare < is refused');
select is(tests.error_of(:'tech', 'aal2', $$ select public.save_notification_template('dunning.reminder', 'email', 'en', null, 'Pay', '<p>x</p>') $$),
  '22023 notifications.invalid_template', 'an e-mail needs a subject');
select is(tests.error_of(:'tech', 'aal2', $$ select public.save_notification_template('invoice.issued', 'sms', 'en', null, 'x') $$),
  '22023 notifications.invalid_channel', 'a channel the event does not use is refused');
select is(tests.error_of(:'tech', 'aal2', $$ select public.save_notification_template('dunning.reminder', 'sms', 'fr', null, 'x') $$),
  '22023 notifications.invalid_locale', 'ar or en only');
select is(tests.error_of(:'tech', 'aal2', $$ select public.save_notification_template('nope.event', 'sms', 'en', null, 'x') $$),
  '22023 notifications.unknown_event', 'an unknown event');

-- ── save: versions ────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'tech', 'aal2');
select is(public.save_notification_template('dunning.reminder', 'sms', 'en', null, 'Pay {{ invoice_number }}: {{amount_due}} {{currency}}'),
  '{"event": "dunning.reminder", "channel": "sms", "locale": "en", "version": 2}'::jsonb, 'a save adds version 2');
select is((select created_by from public.notification_templates where event = 'dunning.reminder' and channel = 'sms' and locale = 'en' and version = 2),
  :'tech'::uuid, 'with its author');

-- ── preview ───────────────────────────────────────────────────────────────────────────────────
select is(public.preview_notification_template('dunning.reminder', 'sms', 'en', '{"invoice_number": "X-1"}') -> 'text',
  '"Pay X-1: 120.000 OMR"', 'the preview renders the latest version with the sample and the event''s defaults');
select is(public.preview_notification_template('dunning.reminder', 'sms', 'en', null) -> 'sms',
  '{"encoding": "gsm7", "characters": 32, "units": 32, "segments": 1}'::jsonb, 'SMS: GSM-7, one segment');
select is(public.preview_notification_template('dunning.reminder', 'sms', 'ar', null) #>> '{sms,encoding}', 'ucs2', 'Arabic SMS: UCS-2');
select is(public.preview_notification_template('platform.announcement', 'email', 'en', '{"title": "<script>alert(1)</script>", "body": "{{title}} & more"}',
    '{"subject": "{{title}}", "body_text": "{{body}}", "body_html": "<p>{{title}} {{body}}</p>"}') ->> 'html',
  '<!doctype html><html dir="ltr" lang="en"><head><meta charset="utf-8"></head><body style="direction:ltr;text-align:left;font-family:Tahoma,Arial,sans-serif">'
  || '<p>&lt;script&gt;alert(1)&lt;/script&gt; {{title}} &amp; more</p>'
  || '<p style="font-size:12px;color:#888"><a href="' || :'public_url' || '/unsubscribe?token=sample">Unsubscribe</a></p></body></html>',
  'HTML is escaped, a value is never expanded again, and non-transactional mail carries the unsubscribe link');
select ok(public.preview_notification_template('tenant.welcome', 'email', 'ar', null) ->> 'html' like '<!doctype html><html dir="rtl" lang="ar">%',
  'Arabic e-mail: dir="rtl" lang="ar"');
select is(public.preview_notification_template('dunning.reminder', 'sms', 'en', null, '{"body_text": "Hi {{nope}}"}') #>> '{error,code}',
  'notifications.unknown_variable', 'a draft is previewed with the error its save would raise');
select tests.clear_authentication();
select ok(exists (select from audit.log where action = 'notification.template_save' and entity_id = 'dunning.reminder:sms:en'), 'audited');
select is(tests.error_of(:'auditor', 'aal2', $$ select public.preview_notification_template('dunning.reminder', 'sms', 'en', null) $$), 'ok', 'settings.read may preview');

-- ── SMS length ────────────────────────────────────────────────────────────────────────────────
select is(private.sms_segments(repeat('a', 160)) - 'characters' - 'units', '{"encoding": "gsm7", "segments": 1}', '160 GSM-7 characters: one segment');
select is(private.sms_segments(repeat('a', 159) || '€') - 'characters', '{"encoding": "gsm7", "units": 161, "segments": 2}', 'the € counts twice: 161 units, two segments');
select is(private.sms_segments(repeat('ب', 70)) ->> 'segments', '1', '70 Arabic characters: one segment');
select is(private.sms_segments(repeat('ب', 71)) ->> 'segments', '2', '71: two segments of 67');

select * from finish();
rollback;
