-- The outbox: written in the transaction of the state change (a rolled-back change leaves no row),
-- one row per recipient × channel in the tenant's language, idempotent per (event, key, recipient,
-- channel), one delivery job per queued row; delivery problems are suppressed rows, never errors.
begin;
select plan(19);

select tests.create_tenant('nt-ar') as ar \gset
select tests.create_tenant('nt-en') as en \gset
update public.tenants set contact = '{"name": "Sara", "email": "sara@nt-ar.test", "phone": "+968 9123 4567"}' where id = :'ar';
update public.tenants set default_locale = 'en', contact = '{"email": "ops@nt-en.test", "phone": "12345"}' where id = :'en';
insert into public.billing_profiles (tenant_id, billing_email) values (:'ar', 'billing@nt-ar.test');
select tests.freeze_time('2026-12-06 10:00+04');   -- 10:00 in Muscat: outside quiet hours

-- ── same transaction: a state change rolled back leaves no message ────────────────────────────
select count(*) as jobs_before from pgmq.q_notifications where message ->> 'job_type' = 'notifications.deliver' \gset
savepoint change;
select is(private.notify('dunning.reminder', :'ar', 'case-1:day:0', '{"invoice_number": "INV-1", "amount_due": "21.000", "currency": "OMR", "due_date": "2026-11-15", "day": "0"}'),
  3, 'the reminder writes e-mail, SMS and WhatsApp');
rollback to savepoint change;
select is((select count(*)::int from public.notification_outbox where tenant_id = :'ar'), 0, 'a rolled-back state change leaves no message');
select is((select count(*) from pgmq.q_notifications where message ->> 'job_type' = 'notifications.deliver'), :jobs_before::bigint, '… and no delivery job');

-- ── recipients, locale, rendering ─────────────────────────────────────────────────────────────
select private.notify('dunning.reminder', :'ar', 'case-1:day:0', '{"invoice_number": "INV-1", "amount_due": "21.000", "currency": "OMR", "due_date": "2026-11-15", "day": "0"}');
select results_eq($$ select channel, address, locale, status from public.notification_outbox where tenant_id = '$$ || :'ar' || $$' order by channel $$,
  $$ values ('email'::text, 'billing@nt-ar.test'::text, 'ar'::text, 'queued'::text), ('sms', '+96891234567', 'ar', 'queued'), ('whatsapp', '+96891234567', 'ar', 'queued') $$,
  'billing events go to the billing e-mail and the contact phone (E.164), in the tenant''s language');
select is((select subject from public.notification_outbox where tenant_id = :'ar' and channel = 'email'),
  'تذكير: الفاتورة INV-1 متأخرة السداد', 'the subject is rendered in Arabic');
select is((select whatsapp_parameters from public.notification_outbox where tenant_id = :'ar' and channel = 'whatsapp'),
  '["INV-1", "21.000", "OMR", "2026-11-15"]'::jsonb, 'WhatsApp carries the approved template''s parameters');
select is((select count(*)::int from pgmq.q_notifications q join public.notification_outbox o on o.id = (q.message #>> '{payload,outbox_id}')::uuid
           where o.tenant_id = :'ar'), 3, 'one delivery job per queued message');

-- ── idempotency ───────────────────────────────────────────────────────────────────────────────
select is(private.notify('dunning.reminder', :'ar', 'case-1:day:0', '{}'), 0, 'the same event key writes nothing again');
select is((select count(*)::int from public.notification_outbox where tenant_id = :'ar'), 3, 'still three messages');
select is(private.notify('dunning.reminder', :'ar', 'case-1:day:3', '{}'), 3, 'another reminder is new messages');

-- ── delivery problems are visible, never errors ──────────────────────────────────────────────
select is(private.notify('trial.ending', :'en', 'trial:7', '{"days": "7", "trial_ends_on": "2026-12-13"}'), 3, 'an English tenant with a bad phone: three rows');
select results_eq($$ select channel, status, status_reason, locale from public.notification_outbox where tenant_id = '$$ || :'en' || $$' order by channel $$,
  $$ values ('email'::text, 'queued'::text, null::text, 'en'::text), ('sms', 'suppressed', 'invalid_phone', 'en'), ('whatsapp', 'suppressed', 'invalid_phone', 'en') $$,
  'an invalid number: suppressed with its reason, in English');
update public.tenants set contact = '{"email": "ops@nt-en.test"}' where id = :'en';
select private.notify('trial.ending', :'en', 'trial:3', '{"days": "3"}');
select is((select status_reason from public.notification_outbox where tenant_id = :'en' and event_key = 'trial:3' and channel = 'sms'),
  'no_address', 'no phone: suppressed, no_address');
select is((select count(*)::int from pgmq.q_notifications q join public.notification_outbox o on o.id = (q.message #>> '{payload,outbox_id}')::uuid
           where o.status = 'suppressed'), 0, 'a suppressed message has no delivery job');
select is(tests.error_of($$ select private.notify('no.such_event', null, 'x') $$), '22023 notifications.unknown_event', 'an unknown event is a programming error');

-- ── quiet hours (SMS and WhatsApp, the tenant's timezone) ────────────────────────────────────
select tests.freeze_time('2026-12-06 23:30+04');
select private.notify('dunning.reminder', :'ar', 'case-1:day:7', '{}');
select results_eq($$ select channel, status, status_reason, next_attempt_at from public.notification_outbox
                    where tenant_id = '$$ || :'ar' || $$' and event_key = 'case-1:day:7' order by channel $$,
  $$ values ('email'::text, 'queued'::text, null::text, '2026-12-06 23:30+04'::timestamptz),
            ('sms', 'queued', 'quiet_hours', '2026-12-07 08:00+04'), ('whatsapp', 'queued', 'quiet_hours', '2026-12-07 08:00+04') $$,
  'at night SMS and WhatsApp wait for 08:00 in Muscat; e-mail goes now');
select is((select status_reason from public.notification_outbox where tenant_id = :'ar' and event_key = 'case-1:day:7' and channel = 'sms'),
  'quiet_hours', 'the deferral is visible');
select is(private.notification_quiet_until('21:00', '08:00', 'Asia/Riyadh', '2026-12-07 03:00+03'), '2026-12-07 08:00+03'::timestamptz,
  'after midnight the quiet hours end the same morning');
select is(private.notification_quiet_until('21:00', '08:00', 'Asia/Riyadh', '2026-12-07 12:00+03'), null, 'at noon: not quiet');

select * from finish();
rollback;
