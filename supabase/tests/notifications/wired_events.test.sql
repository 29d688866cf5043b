-- The wired events write their messages with the state change, in the tenant's language: the
-- dunning reminder (Arabic tenant → Arabic message) and the suspension notice, trial ending,
-- welcome on activation, invoice issued, payment failed, plan changed, staff lock-out.
begin;
select plan(15);

select tests.create_tenant('nw-ar') as ar \gset
update public.tenants set contact = '{"name": "Sara", "email": "sara@nw.test", "phone": "+96890000031"}' where id = :'ar';
insert into public.subscriptions (tenant_id, plan_id, billing_interval, currency, status, current_period_start, current_period_end)
values (:'ar', (select id from public.plans where code = 'starter' and is_current), 'month', 'OMR', 'active', '2026-11-01', '2026-12-01')
returning id as sub \gset
insert into public.invoices (tenant_id, subscription_id, number, status, billing_reason, currency, timezone, tax_country, tax_rate,
  subtotal, tax_total, total, amount_due, issue_date, due_date, finalized_at)
values (:'ar', :'sub', 'NW-0001', 'open', 'subscription_cycle', 'OMR', 'Asia/Muscat', 'OM', 5, 20, 1, 21, 21, '2026-11-08', '2026-11-15', now())
returning id as inv \gset
create function pg_temp.tick(day int) returns jsonb language plpgsql as $$
begin
  perform tests.freeze_time(('2026-11-15'::date + day)::timestamp at time zone 'Asia/Muscat' + interval '12 hours');
  return private.dunning_tick();
end $$;

-- ── dunning: the reminder (its job) and the suspension notice ───────────────────────────────
select pg_temp.tick(0);
select ok(private.dispatch('notifications') >= 1, 'the reminder job runs');
select results_eq(format($$ select channel, locale, address from public.notification_outbox where tenant_id = %L and event = 'dunning.reminder' order by channel $$, :'ar'),
  $$ values ('email'::text, 'ar'::text, 'sara@nw.test'::text), ('sms', 'ar', '+96890000031'), ('whatsapp', 'ar', '+96890000031') $$,
  'an Arabic tenant''s reminder: e-mail, SMS and WhatsApp in Arabic');
select is((select subject || ' | ' || body_text from public.notification_outbox where tenant_id = :'ar' and event = 'dunning.reminder' and channel = 'email'),
  E'تذكير: الفاتورة NW-0001 متأخرة السداد | الفاتورة NW-0001 لـ مغسلة: مبلغ 21.000 OMR مستحق منذ 2026-11-15.\nيرجى السداد لتجنب إيقاف الخدمة.',
  'the Arabic text with the invoice''s number, amount and due date');
select is((select detail ->> 'channel' || ':' || (detail ->> 'messages') from public.dunning_events
           where action = 'reminder_recorded' and tenant_id = :'ar'), 'outbox:3', 'the recorded reminder says where its messages went (no more channel none)');
select pg_temp.tick(3);
select pg_temp.tick(7);
select pg_temp.tick(14);
select is((select status from public.tenants where id = :'ar'), 'suspended', 'day 14: the tenant is suspended');
select is((select string_agg(channel || ':' || locale, ',' order by channel) from public.notification_outbox where tenant_id = :'ar' and event = 'tenant.suspended'),
  'email:ar,sms:ar,whatsapp:ar', 'with its suspension notice in the same transaction');

-- ── trial ending (the lifecycle calendar's reminders become messages, sent_at set) ──────────
select tests.create_tenant('nw-trial', 'trial') as tr \gset
update public.tenants set default_locale = 'en', trial_ends_at = '2026-12-10 12:00+04' where id = :'tr';
select tests.freeze_time('2026-12-07 13:00+04');
select ok(private.record_trial_reminders() >= 1, 'the calendar records the 3-day reminder');
select is((select subject from public.notification_outbox where tenant_id = :'tr' and event = 'trial.ending' and channel = 'email'),
  'Your trial ends in 3 day(s)', 'an English tenant gets it in English');
select ok((select sent_at is not null from public.tenant_reminders where tenant_id = :'tr' and days_before = 3), 'the reminder is marked sent');

-- ── welcome on activation ───────────────────────────────────────────────────────────────────
select tests.create_tenant('nw-new', 'approved') as nw \gset
select public.activate_tenant(:'nw', 'go live');
select is((select subject from public.notification_outbox where tenant_id = :'nw' and event = 'tenant.welcome' and channel = 'email'),
  'مرحباً بك في كلين ميت إكس، مغسلة', 'activation writes the Arabic welcome');
select is((select string_agg(status_reason, ',' order by channel) from public.notification_outbox where tenant_id = :'nw' and event = 'tenant.welcome' and channel <> 'email'),
  'no_address,no_address', 'no phone: SMS and WhatsApp suppressed, the activation stands');

-- ── invoice issued, payment failed, plan changed ───────────────────────────────────────────
select public.create_invoice(:'nw', '[{"description": {"en": "Setup", "ar": "تجهيز"}, "unit_amount": 10}]') ->> 'id' as draft \gset
select public.finalize_invoice(:'draft');
select ok((select body_html from public.notification_outbox where tenant_id = :'nw' and event = 'invoice.issued')
          like '%/billing/invoices/print/' || :'draft' || '%', 'invoice issued: the e-mail links to the print view');
select public.ingest_payment_event(jsonb_build_object('gateway', 'stripe', 'event_id', 'evt_nw_f', 'event_type', 'payment_intent.payment_failed',
  'kind', 'payment_failed', 'object_id', 'pi_nw_f', 'invoice_id', :'draft', 'amount', 10.5, 'currency', 'OMR', 'failure_code', 'card_declined',
  'payload', '{}'::jsonb)) ->> 'id' as evf \gset
select private.apply_payment_event(:evf);
select is((select body_text from public.notification_outbox where tenant_id = :'nw' and event = 'payment.failed' and channel = 'sms'),
  'كلين ميت إكس: فشلت دفعة 10.500 OMR عن الفاتورة ' || (select number from public.invoices where id = :'draft') || '. يرجى تحديث وسيلة الدفع.',
  'a failed payment: the SMS in Arabic');
select public.change_plan(:'nw', 'starter');
select public.change_plan(:'nw', 'growth');
select is((select subject from public.notification_outbox where tenant_id = :'nw' and event = 'plan.changed'), 'باقتك الآن النمو',
  'a plan change (not the first plan): the plan''s Arabic name');

-- ── staff lock-out ──────────────────────────────────────────────────────────────────────────
select tests.create_staff('locked@nw.test', 'support') as staff \gset
select count(private.hook_password_verification_attempt(jsonb_build_object('user_id', :'staff', 'valid', false, 'ip', '203.0.113.9')))
from generate_series(1, 5);
select results_eq(format($$ select recipient_kind, channel, address, tenant_id from public.notification_outbox where event = 'staff.locked_out' and recipient_ref = %L $$, :'staff'),
  $$ values ('staff'::text, 'email'::text, 'locked@nw.test'::text, null::uuid) $$, 'a locked-out staff member is told by e-mail');

select * from finish();
rollback;
