-- Bounces and complaints: a hard bounce or a complaint puts the message's address on the
-- suppression list; the next message to it is written 'suppressed' (reason address_bounced /
-- address_complained) and nothing is sent; a message queued before the bounce is not sent either
-- (the claim suppresses it); a soft bounce suppresses nothing; staff with settings.write lift an
-- entry with a reason (audited).
begin;
select plan(16);

select tests.create_tenant('ns-a') as t \gset
update public.tenants set contact = '{"email": "Owner@NS.test", "phone": "+96890000021"}' where id = :'t';
select tests.create_tenant('ns-b') as u \gset
update public.tenants set contact = '{"email": "soft@ns.test"}' where id = :'u';
select tests.create_staff('tech@ns.test', 'tech_admin') as tech \gset
select tests.create_staff('support@ns.test', 'support') as support \gset
select tests.freeze_time('2026-12-06 10:00+04');
select private.notify('tenant.suspended', :'t', 'case-1', '{}');
select private.notify('tenant.suspended', :'t', 'case-2', '{}');
select id as first from public.notification_outbox where tenant_id = :'t' and event_key = 'case-1' and channel = 'email' \gset
select id as queued from public.notification_outbox where tenant_id = :'t' and event_key = 'case-2' and channel = 'email' \gset

select tests.authenticate_as_service_role();
select public.notification_claim(:'first');
select public.notification_sent(:'first', 'smtp', '<b1@notify.test>');
select is(public.ingest_notification_receipt('smtp', '<b1@notify.test>', 'bounced', '{"error": "550 5.1.1 user unknown", "permanent": true}') - 'id',
  '{"ok": true, "status": "bounced", "changed": true, "suppressed": "bounced"}', 'a hard bounce: the message is bounced and the address suppressed');
select results_eq($$ select channel, address, reason, detail, provider from public.notification_suppressions where address = 'owner@ns.test' $$,
  $$ values ('email'::text, 'owner@ns.test'::text, 'bounced'::text, '550 5.1.1 user unknown'::text, 'smtp'::text) $$,
  'the suppression list holds the address (lower-cased), the provider''s words and who reported it');
select is(public.ingest_notification_receipt('smtp', '<b1@notify.test>', 'bounced', '{"error": "550 5.1.1 user unknown", "permanent": true}') - 'id',
  '{"ok": true, "status": "bounced", "changed": false}', 'the same bounce again changes nothing');
select is(public.notification_claim(:'queued'), null, 'a message queued before the bounce is not sent');
select results_eq(format($$ select status, status_reason, attempts from public.notification_outbox where id = %L $$, :'queued'),
  $$ values ('suppressed'::text, 'address_bounced'::text, 0) $$, 'it is suppressed with the reason, no attempt made');
select tests.clear_authentication();

select private.notify('tenant.suspended', :'t', 'case-3', '{}');
select results_eq(format($$ select channel, status, status_reason from public.notification_outbox where tenant_id = %L and event_key = 'case-3' order by channel $$, :'t'),
  $$ values ('email'::text, 'suppressed'::text, 'address_bounced'::text), ('sms', 'queued', null), ('whatsapp', 'queued', null) $$,
  'the next message to the address is written suppressed; the other channels still go out');
select is((select count(*)::int from pgmq.q_notifications where message #>> '{payload,outbox_id}' =
  (select id::text from public.notification_outbox where tenant_id = :'t' and event_key = 'case-3' and channel = 'email')), 0,
  'and no delivery job is enqueued for it');

-- ── a soft bounce, a complaint ──────────────────────────────────────────────────────────────
select private.notify('tenant.suspended', :'u', 'case-1', '{}');
select id as soft from public.notification_outbox where tenant_id = :'u' and channel = 'email' \gset
select tests.authenticate_as_service_role();
select public.notification_claim(:'soft');
select public.notification_sent(:'soft', 'http_email', 're_soft');
select is(public.ingest_notification_receipt('http_email', 're_soft', 'bounced', '{"error": "mailbox full", "permanent": false}') ->> 'suppressed', null,
  'a soft bounce marks the message bounced but suppresses nothing');
select is(public.ingest_notification_receipt('http_email', 're_soft', 'delivered', '{}') ->> 'status', 'bounced', 'a late delivered does not undo the bounce');
select is(public.ingest_notification_receipt('http_email', 're_soft', 'complained', '{"error": "email.complained"}') - 'id',
  '{"ok": true, "status": "bounced", "changed": true, "suppressed": "complained"}', 'a complaint keeps the message''s status and suppresses the address');
select tests.clear_authentication();
select private.notify('tenant.suspended', :'u', 'case-2', '{}');
select is((select status_reason from public.notification_outbox where tenant_id = :'u' and event_key = 'case-2' and channel = 'email'),
  'address_complained', 'a complained address gets nothing more');

-- ── lifting ─────────────────────────────────────────────────────────────────────────────────
select is(tests.error_of(:'support', 'aal2', $$ select public.lift_notification_suppression('email', 'owner@ns.test', 'fixed mailbox') $$),
  'PT403 auth.permission_denied', 'support staff may not lift a suppression');
select is(tests.error_of(:'tech', 'aal2', $$ select public.lift_notification_suppression('email', 'owner@ns.test', '') $$),
  '22023 platform.reason_required', 'a reason is required');
select is(tests.error_of(:'tech', 'aal2', $$ select public.lift_notification_suppression('email', 'OWNER@ns.test ', 'fixed mailbox') $$), 'ok',
  'settings.write staff lift it (any spelling of the address)');
select is(tests.error_of(:'tech', 'aal2', $$ select public.lift_notification_suppression('email', 'owner@ns.test', 'again') $$),
  'PT404 notifications.not_found', 'an address not suppressed: not found');
select private.notify('tenant.suspended', :'t', 'case-4', '{}');
select results_eq(format($$ select (select status from public.notification_outbox where tenant_id = %L and event_key = 'case-4' and channel = 'email'),
                                   (select reason from audit.log where action = 'notification.suppression_lift') $$, :'t'),
  $$ values ('queued'::text, 'fixed mailbox'::text) $$, 'lifted: messages go out again, and the lift is audited with its reason');

select * from finish();
rollback;
