-- The events that produce messages: who receives them, on which channels, their category and the
-- variables their templates may use (a template naming any other variable is refused at save).
create table public.notification_events (
  event text primary key check (event ~ '^[a-z]+(\.[a-z_]+)+$'),
  category text not null check (category in ('transactional', 'other')),
  audience text not null check (audience in ('tenant_contact', 'billing_contact', 'staff')),
  channels text[] not null check (channels <@ array['email', 'sms', 'whatsapp'] and cardinality(channels) >= 1),
  variables text[] not null check (cardinality(variables) <= 30),
  sample jsonb not null check (jsonb_typeof(sample) = 'object'),
  description jsonb not null check (jsonb_typeof(description) = 'object' and description ? 'en' and description ? 'ar')
);

alter table public.notification_events enable row level security;
create policy "settings readers see events" on public.notification_events for select to hq_staff
  using ((select private.has_permission('settings.read')));

revoke all on table public.notification_events from public, anon, authenticated, service_role;
grant select on table public.notification_events to authenticated;
grant all on table public.notification_events to service_role;

comment on table public.notification_events is 'Events that produce messages: audience, channels, category (transactional cannot be muted) and the variables their templates may use.';
comment on column public.notification_events.event is 'Event code, e.g. dunning.reminder.';
comment on column public.notification_events.category is 'transactional (cannot be muted) or other (can be muted, email carries an unsubscribe link).';
comment on column public.notification_events.audience is 'tenant_contact (owner contact), billing_contact (billing e-mail, else the contact) or staff (the HQ staff member).';
comment on column public.notification_events.channels is 'Channels a message is written for (each needs an enabled channel and a template).';
comment on column public.notification_events.variables is 'Variables the templates may use as {{name}}.';
comment on column public.notification_events.sample is 'Sample values for the preview.';
comment on column public.notification_events.description is 'What the event is, {en, ar}.';

insert into public.notification_events (event, category, audience, channels, variables, sample, description) values
  ('tenant.welcome', 'transactional', 'tenant_contact', array['email', 'sms', 'whatsapp'],
   array['tenant_name', 'contact_name', 'console_url'],
   '{"tenant_name": "Clean Bay", "contact_name": "Sara", "console_url": "https://app.cleanmatex.com"}',
   '{"en": "The tenant is activated", "ar": "تم تفعيل المستأجر"}'),
  ('trial.ending', 'transactional', 'tenant_contact', array['email', 'sms', 'whatsapp'],
   array['tenant_name', 'contact_name', 'days', 'trial_ends_on'],
   '{"tenant_name": "Clean Bay", "contact_name": "Sara", "days": "3", "trial_ends_on": "2026-12-31"}',
   '{"en": "The trial ends in 7, 3 or 1 days", "ar": "تنتهي الفترة التجريبية خلال 7 أو 3 أيام أو يوم"}'),
  ('invoice.issued', 'transactional', 'billing_contact', array['email'],
   array['tenant_name', 'invoice_number', 'amount', 'currency', 'due_date', 'invoice_url'],
   '{"tenant_name": "Clean Bay", "invoice_number": "INV-2026-000123", "amount": "120.000", "currency": "OMR", "due_date": "2026-12-31", "invoice_url": "https://hq.cleanmatex.com/invoices/123/print"}',
   '{"en": "An invoice is issued", "ar": "تم إصدار فاتورة"}'),
  ('payment.succeeded', 'transactional', 'billing_contact', array['email'],
   array['tenant_name', 'amount', 'currency', 'invoice_number'],
   '{"tenant_name": "Clean Bay", "amount": "120.000", "currency": "OMR", "invoice_number": "INV-2026-000123"}',
   '{"en": "A payment is received", "ar": "تم استلام دفعة"}'),
  ('payment.failed', 'transactional', 'billing_contact', array['email', 'sms'],
   array['tenant_name', 'amount', 'currency', 'invoice_number', 'reason'],
   '{"tenant_name": "Clean Bay", "amount": "120.000", "currency": "OMR", "invoice_number": "INV-2026-000123", "reason": "card declined"}',
   '{"en": "A payment failed", "ar": "فشلت عملية دفع"}'),
  ('dunning.reminder', 'transactional', 'billing_contact', array['email', 'sms', 'whatsapp'],
   array['tenant_name', 'invoice_number', 'amount_due', 'currency', 'due_date', 'day'],
   '{"tenant_name": "Clean Bay", "invoice_number": "INV-2026-000123", "amount_due": "120.000", "currency": "OMR", "due_date": "2026-12-01", "day": "3"}',
   '{"en": "An invoice is overdue (dunning reminder)", "ar": "فاتورة متأخرة السداد (تذكير)"}'),
  ('tenant.suspended', 'transactional', 'billing_contact', array['email', 'sms', 'whatsapp'],
   array['tenant_name', 'invoice_number', 'amount_due', 'currency'],
   '{"tenant_name": "Clean Bay", "invoice_number": "INV-2026-000123", "amount_due": "120.000", "currency": "OMR"}',
   '{"en": "The tenant is suspended for an unpaid invoice", "ar": "تم إيقاف المستأجر بسبب فاتورة غير مدفوعة"}'),
  ('plan.changed', 'transactional', 'tenant_contact', array['email'],
   array['tenant_name', 'plan_name', 'effective_on'],
   '{"tenant_name": "Clean Bay", "plan_name": "Growth", "effective_on": "2026-12-07"}',
   '{"en": "The tenant''s plan changed", "ar": "تم تغيير باقة المستأجر"}'),
  ('staff.locked_out', 'transactional', 'staff', array['email'],
   array['display_name', 'lock_minutes', 'failures'],
   '{"display_name": "Omar", "lock_minutes": "15", "failures": "5"}',
   '{"en": "A staff account is locked after failed sign-ins", "ar": "تم قفل حساب موظف بعد محاولات دخول فاشلة"}'),
  ('platform.announcement', 'other', 'tenant_contact', array['email', 'sms', 'whatsapp'],
   array['tenant_name', 'title', 'body'],
   '{"tenant_name": "Clean Bay", "title": "Scheduled maintenance", "body": "The platform is unavailable on Friday 02:00-03:00."}',
   '{"en": "A platform announcement", "ar": "إعلان من المنصة"}');
