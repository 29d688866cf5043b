-- Delivery (the notify-deliver contract): claim → sent → receipts; failures (retryable, not
-- retryable, the last attempt → dead); receipts idempotent, unknown ids answered with a code;
-- the console's retry; who may call what.
begin;
select plan(25);

select tests.create_tenant('nd-a') as t \gset
update public.tenants set contact = '{"email": "a@nd.test", "phone": "+96890000011"}' where id = :'t';
select tests.create_staff('tech@nd.test', 'tech_admin') as tech \gset
select tests.create_staff('support@nd.test', 'support') as support \gset
select tests.freeze_time('2026-12-06 10:00+04');
select private.notify('tenant.suspended', :'t', 'case-x', '{"invoice_number": "INV-9", "amount_due": "5.000", "currency": "OMR"}');
select id as email from public.notification_outbox where tenant_id = :'t' and channel = 'email' \gset
select id as sms from public.notification_outbox where tenant_id = :'t' and channel = 'sms' \gset
select id as wa from public.notification_outbox where tenant_id = :'t' and channel = 'whatsapp' \gset

-- ── only the service role drives delivery ─────────────────────────────────────────────────────
select is(tests.error_of(:'tech', 'aal2', format('select public.notification_claim(%L)', :'email')), '42501 ', 'staff cannot claim a message');
select is(tests.error_of(format('set local role anon; select public.notification_sent(%L, %L, %L)', :'email', 'smtp', 'x')), '42501 ', 'anon cannot mark one sent');

-- ── claim ─────────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as_service_role();
select public.notification_claim(:'email') as claim \gset
select is((:'claim'::jsonb) - 'id' - 'html' - 'idempotency_key',
  '{"to": "a@nd.test", "text": "تم إيقاف خدمة مغسلة: الفاتورة INV-9 (5.000 OMR) غير مدفوعة. سدّدها لاستعادة الخدمة.", "locale": "ar", "sender": "CleanMateX <no-reply@cleanmatex.local>", "attempt": 1, "channel": "email", "subject": "تم إيقاف مغسلة", "provider": "smtp", "whatsapp": null, "max_attempts": 5}'::jsonb,
  'the claim answers what the adapter needs');
select ok((:'claim'::jsonb ->> 'html') like '<!doctype html><html dir="rtl" lang="ar">%', 'Arabic e-mail is laid out right to left');
select is((select status from public.notification_outbox where id = :'email'), 'sending', 'claimed: sending');
select is(public.notification_claim(:'wa') -> 'whatsapp', '{"template": "tenant_suspended", "language": "ar", "parameters": ["مغسلة", "INV-9"]}'::jsonb,
  'a WhatsApp claim names the approved template and its parameters');

-- ── sent, then receipts ───────────────────────────────────────────────────────────────────────
select public.notification_sent(:'email', 'smtp', 'smtp-1');
select is(public.notification_claim(:'email'), null, 'a sent message is not claimed again (nothing is sent twice)');
select is(public.ingest_notification_receipt('smtp', 'smtp-1', 'delivered', '{}') - 'id', '{"ok": true, "status": "delivered", "changed": true}', 'delivered');
select is(public.ingest_notification_receipt('smtp', 'smtp-1', 'delivered', '{}') - 'id', '{"ok": true, "status": "delivered", "changed": false}', 'the same receipt again changes nothing');
select is(public.ingest_notification_receipt('smtp', 'nope', 'delivered', '{}'), '{"ok": false, "code": "notifications.unknown_message"}', 'an unknown id answers a clear code');
select is(public.ingest_notification_receipt('twilio', 'smtp-1', 'delivered', '{}') ->> 'code', 'notifications.unknown_message', 'ids are per provider');
select is(tests.error_of($$ select public.ingest_notification_receipt('smtp', 'smtp-1', 'opened', '{}') $$), '22023 notifications.invalid_receipt', 'an unknown receipt status is refused');
select is(public.ingest_notification_receipt('smtp', 'smtp-1', 'bounced', '{"reason": "mailbox full", "permanent": false}') ->> 'status', 'bounced', 'a later (soft) bounce is kept');
select results_eq(format($$ select status, last_error, delivered_at is not null from public.notification_outbox where id = %L $$, :'email'),
  $$ values ('bounced'::text, 'mailbox full'::text, true) $$, 'the bounce and its reason are visible');

-- ── failures ──────────────────────────────────────────────────────────────────────────────────
select public.notification_claim(:'sms');
select public.notification_failed(:'sms', 'unifonic', 'HTTP 503', true);
select results_eq(format($$ select status, attempts, last_error from public.notification_outbox where id = %L $$, :'sms'),
  $$ values ('queued'::text, 1, 'HTTP 503'::text) $$, 'a retryable failure waits for the job''s retry');
update public.notification_outbox set attempts = 4 where id = :'sms';
select public.notification_claim(:'sms');
select public.notification_failed(:'sms', 'unifonic', 'timeout', true);
select is((select status from public.notification_outbox where id = :'sms'), 'dead', 'the last attempt failing: dead');
select public.notification_failed(:'wa', 'whatsapp_cloud', 'template not approved', false);
select is((select status from public.notification_outbox where id = :'wa'), 'failed', 'not retryable: failed at once');
select is(public.notification_claim(:'wa'), null, 'a failed message is not claimed');
select tests.clear_authentication();

-- ── the console's retry ───────────────────────────────────────────────────────────────────────
select is(tests.error_of(:'support', 'aal2', format('select public.retry_notification(%L)', :'sms')), 'PT403 auth.permission_denied', 'support staff may not retry');
select is(tests.error_of(:'tech', 'aal2', format('select public.retry_notification(%L)', :'sms')), 'ok', 'settings.write staff retry a dead message');
select results_eq(format($$ select status, attempts, retries from public.notification_outbox where id = %L $$, :'sms'),
  $$ values ('queued'::text, 0, 1) $$, 'queued again, attempts from zero');
select is((select count(*)::int from pgmq.q_notifications where message ->> 'idempotency_key' = 'notify:' || :'sms' || ':retry:1'), 1, 'with a new delivery job');
select is(tests.error_of(:'tech', 'aal2', format('select public.retry_notification(%L)', :'sms')), 'PT409 notifications.not_retryable', 'a queued message is not retried');

-- ── a delivery job dead-lettered without an answer: the row follows ─────────────────────────
select private.notify('tenant.suspended', :'t', 'case-y', '{}');
select id as lost from public.notification_outbox where tenant_id = :'t' and event_key = 'case-y' and channel = 'email' \gset
select msg_id, message from pgmq.q_notifications where message #>> '{payload,outbox_id}' = :'lost' \gset
select private.dead_letter_job((select q from private.job_queues q where q.queue_name = 'notifications'), :msg_id, :'message'::jsonb, 5,
  '{"message": "no acknowledgement within 300 s"}');
select results_eq(format($$ select status, last_error from public.notification_outbox where id = %L $$, :'lost'),
  $$ values ('dead'::text, 'no acknowledgement within 300 s'::text) $$, 'a job that dies unanswered leaves its message dead, with the job''s error');
select private.notify('tenant.suspended', :'t', 'case-z', '{}');
select id as done from public.notification_outbox where tenant_id = :'t' and event_key = 'case-z' and channel = 'email' \gset
select public.notification_failed(:'done', 'smtp', '550 no such user', false);
select msg_id as msg2, message as message2 from pgmq.q_notifications where message #>> '{payload,outbox_id}' = :'done' \gset
select private.dead_letter_job((select q from private.job_queues q where q.queue_name = 'notifications'), :msg2, :'message2'::jsonb, 1,
  '{"message": "permanent"}');
select results_eq(format($$ select status, last_error from public.notification_outbox where id = %L $$, :'done'),
  $$ values ('failed'::text, '550 no such user'::text) $$, 'a message already failed for good keeps its status and the provider''s answer');

select * from finish();
rollback;
