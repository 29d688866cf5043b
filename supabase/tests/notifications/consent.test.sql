-- Consent: non-transactional messages can be muted per recipient and channel (the console, or the
-- unsubscribe link anyone holding it may follow, answering nothing); transactional ones cannot.
begin;
select plan(16);

select tests.create_tenant('nc-a') as t \gset
update public.tenants set contact = '{"email": "a@nc.test", "phone": "+96890000021"}' where id = :'t';
select tests.create_staff('tech@nc.test', 'tech_admin') as tech \gset
select tests.create_staff('auditor@nc.test', 'auditor') as auditor \gset
select tests.freeze_time('2026-12-06 10:00+04');

-- ── the unsubscribe link (non-transactional e-mail only) ────────────────────────────────────
select private.notify('platform.announcement', :'t', 'ann-1', '{"title": "Maintenance", "body": "Friday 02:00"}');
select unsubscribe_token as token from public.notification_outbox where tenant_id = :'t' and event_key = 'ann-1' and channel = 'email' \gset
select ok(:'token' ~ '^[0-9a-f]{36}$', 'a non-transactional e-mail has an unsubscribe token');
select ok((select body_html from public.notification_outbox where unsubscribe_token = :'token') like '%/unsubscribe?token=' || :'token' || '%',
  'and its link in the body');
select private.notify('tenant.welcome', :'t', 'activate', '{}');
select is((select count(*)::int from public.notification_outbox where tenant_id = :'t' and event = 'tenant.welcome' and unsubscribe_token is not null), 0,
  'transactional messages have no unsubscribe link');

-- Whoever holds the link calls it signed out (anon), from the console's public /unsubscribe page.
select is(tests.error_of(null::uuid, null, $$ set local role anon; select public.unsubscribe_notifications('0123456789abcdef0123456789abcdef0123') $$),
  'ok', 'an unknown token: the same silent answer');
select is(tests.error_of(null::uuid, null, 'set local role anon; select public.unsubscribe_notifications(''not a token'')'),
  'ok', 'a malformed token: the same silent answer');
select is((select count(*)::int from public.notification_preferences where recipient_ref = :'t'), 0, 'neither muted anything');
select is(tests.error_of(null::uuid, null, format('set local role anon; select public.unsubscribe_notifications(%L)', :'token')),
  'ok', 'a known token: the same answer, nothing revealed');
select results_eq(format($$ select recipient_kind, recipient_ref, category, channel, enabled, source from public.notification_preferences where recipient_ref = %L $$, :'t'),
  format($$ values ('tenant_contact'::text, %L::text, 'other'::text, 'email'::text, false, 'unsubscribe_link'::text) $$, :'t'),
  'the recipient''s non-transactional e-mail is muted');

-- ── muted: suppressed; transactional: sent anyway ───────────────────────────────────────────
select private.notify('platform.announcement', :'t', 'ann-2', '{"title": "Maintenance", "body": "Saturday"}');
select results_eq(format($$ select channel, status, status_reason from public.notification_outbox where tenant_id = %L and event_key = 'ann-2' order by channel $$, :'t'),
  $$ values ('email'::text, 'suppressed'::text, 'muted'::text), ('sms', 'queued', null), ('whatsapp', 'queued', null) $$,
  'the next announcement is not e-mailed (SMS and WhatsApp were not muted)');
select private.notify('tenant.suspended', :'t', 'case-1', '{}');
select is((select status from public.notification_outbox where tenant_id = :'t' and event = 'tenant.suspended' and channel = 'email'), 'queued',
  'transactional mail ignores the preference');

-- ── the console's preference ─────────────────────────────────────────────────────────────────
select is(tests.error_of(:'auditor', 'aal2', format('select public.set_notification_preference(%L, %L, %L, false)', 'tenant_contact', :'t', 'sms')),
  'PT403 auth.permission_denied', 'settings.read may not change a preference');
select is(tests.error_of(:'tech', 'aal2', format('select public.set_notification_preference(%L, %L, %L, false)', 'tenant_contact', :'t', 'sms')),
  'ok', 'settings.write mutes SMS');
select is(tests.error_of(:'tech', 'aal2', format('select public.set_notification_preference(%L, %L, %L, false)', 'tenant_contact', :'t', 'fax')),
  '22023 notifications.invalid_channel', 'an unknown channel');
select is(tests.error_of(:'tech', 'aal2', format('select public.set_notification_preference(%L, %L, %L, false)', 'someone', :'t', 'sms')),
  '22023 notifications.invalid_recipient', 'an unknown recipient kind');
select is(tests.error_of(:'tech', 'aal2', format('select public.set_notification_preference(%L, %L, %L, true)', 'tenant_contact', :'t', 'email')),
  'ok', 'and unmutes e-mail');
select private.notify('platform.announcement', :'t', 'ann-3', '{"title": "T", "body": "B"}');
select results_eq(format($$ select channel, status from public.notification_outbox where tenant_id = %L and event_key = 'ann-3' order by channel $$, :'t'),
  $$ values ('email'::text, 'queued'::text), ('sms', 'suppressed'), ('whatsapp', 'queued') $$, 'the preferences apply to the next message');

select * from finish();
rollback;
