-- Message templates per event × channel × locale, versioned: the highest version is the one used.
-- {{name}} is replaced by the event's variable (HTML-escaped in body_html); email bodies are wrapped
-- in the layout of private.notification_email_layout (dir="rtl" for Arabic).
create table public.notification_templates (
  event text not null references public.notification_events (event),
  channel text not null check (channel in ('email', 'sms', 'whatsapp')),
  locale text not null check (locale in ('ar', 'en')),
  version integer not null check (version >= 1),
  subject text check (length(subject) <= 300),
  body_text text not null check (btrim(body_text) <> '' and length(body_text) <= 10000),
  body_html text check (length(body_html) <= 50000),
  -- WhatsApp outside the 24-hour window: the approved template and the variables of its {{1}}, {{2}}…
  whatsapp_template text check (whatsapp_template ~ '^[a-z0-9_]{1,255}$'),
  whatsapp_parameters text[],
  created_at timestamptz,
  created_by uuid,
  primary key (event, channel, locale, version),
  check (channel <> 'email' or (subject is not null and body_html is not null)),
  check (channel <> 'whatsapp' or whatsapp_template is not null)
);

alter table public.notification_templates enable row level security;
create policy "settings readers see templates" on public.notification_templates for select to hq_staff
  using ((select private.has_permission('settings.read')));

revoke all on table public.notification_templates from public, anon, authenticated, service_role;
grant select on table public.notification_templates to authenticated;
grant all on table public.notification_templates to service_role;

comment on table public.notification_templates is 'Message templates per event, channel and locale, versioned (the highest version is used). Written by public.save_notification_template.';
comment on column public.notification_templates.event is 'The event (notification_events).';
comment on column public.notification_templates.channel is 'email, sms or whatsapp.';
comment on column public.notification_templates.locale is 'ar or en.';
comment on column public.notification_templates.version is 'Version number; a save adds the next one.';
comment on column public.notification_templates.subject is 'E-mail subject ({{var}} allowed).';
comment on column public.notification_templates.body_text is 'Plain text body: the SMS, the WhatsApp text and the e-mail''s text part.';
comment on column public.notification_templates.body_html is 'E-mail HTML body (inside the layout); variables are HTML-escaped.';
comment on column public.notification_templates.whatsapp_template is 'Name of the approved WhatsApp template.';
comment on column public.notification_templates.whatsapp_parameters is 'Variables sent as the WhatsApp template''s parameters {{1}}, {{2}}… in order.';
comment on column public.notification_templates.created_at is 'When this version was saved (null: shipped with the platform).';
comment on column public.notification_templates.created_by is 'Who saved it (null: shipped with the platform).';

insert into public.notification_templates (event, channel, locale, version, subject, body_text, body_html, whatsapp_template, whatsapp_parameters) values
  -- tenant.welcome
  ('tenant.welcome', 'email', 'en', 1, 'Welcome to CleanMateX, {{tenant_name}}',
   E'Hello {{contact_name}},\n\n{{tenant_name}} is now active. Sign in at {{console_url}}.',
   '<p>Hello {{contact_name}},</p><p><strong>{{tenant_name}}</strong> is now active. Sign in at <a href="{{console_url}}">{{console_url}}</a>.</p>', null, null),
  ('tenant.welcome', 'email', 'ar', 1, 'مرحباً بك في كلين ميت إكس، {{tenant_name}}',
   E'مرحباً {{contact_name}}،\n\nتم تفعيل {{tenant_name}}. سجّل الدخول من {{console_url}}.',
   '<p>مرحباً {{contact_name}}،</p><p>تم تفعيل <strong>{{tenant_name}}</strong>. سجّل الدخول من <a href="{{console_url}}">{{console_url}}</a>.</p>', null, null),
  ('tenant.welcome', 'sms', 'en', 1, null, 'Welcome to CleanMateX: {{tenant_name}} is active. {{console_url}}', null, null, null),
  ('tenant.welcome', 'sms', 'ar', 1, null, 'مرحباً بك في كلين ميت إكس: تم تفعيل {{tenant_name}}. {{console_url}}', null, null, null),
  ('tenant.welcome', 'whatsapp', 'en', 1, null, 'Welcome to CleanMateX, {{contact_name}}: {{tenant_name}} is active.', null, 'tenant_welcome', array['contact_name', 'tenant_name']),
  ('tenant.welcome', 'whatsapp', 'ar', 1, null, 'مرحباً بك في كلين ميت إكس يا {{contact_name}}: تم تفعيل {{tenant_name}}.', null, 'tenant_welcome', array['contact_name', 'tenant_name']),
  -- trial.ending
  ('trial.ending', 'email', 'en', 1, 'Your trial ends in {{days}} day(s)',
   E'Hello {{contact_name}},\n\nThe trial of {{tenant_name}} ends on {{trial_ends_on}} ({{days}} day(s) left). Choose a plan to keep working without interruption.',
   '<p>Hello {{contact_name}},</p><p>The trial of <strong>{{tenant_name}}</strong> ends on {{trial_ends_on}} ({{days}} day(s) left). Choose a plan to keep working without interruption.</p>', null, null),
  ('trial.ending', 'email', 'ar', 1, 'تنتهي فترتك التجريبية خلال {{days}} يوم',
   E'مرحباً {{contact_name}}،\n\nتنتهي الفترة التجريبية لـ {{tenant_name}} في {{trial_ends_on}} (متبقٍ {{days}} يوم). اختر باقة لتواصل العمل دون انقطاع.',
   '<p>مرحباً {{contact_name}}،</p><p>تنتهي الفترة التجريبية لـ <strong>{{tenant_name}}</strong> في {{trial_ends_on}} (متبقٍ {{days}} يوم). اختر باقة لتواصل العمل دون انقطاع.</p>', null, null),
  ('trial.ending', 'sms', 'en', 1, null, 'CleanMateX: the trial of {{tenant_name}} ends in {{days}} day(s), on {{trial_ends_on}}.', null, null, null),
  ('trial.ending', 'sms', 'ar', 1, null, 'كلين ميت إكس: تنتهي الفترة التجريبية لـ {{tenant_name}} خلال {{days}} يوم في {{trial_ends_on}}.', null, null, null),
  ('trial.ending', 'whatsapp', 'en', 1, null, 'The trial of {{tenant_name}} ends in {{days}} day(s), on {{trial_ends_on}}.', null, 'trial_ending', array['tenant_name', 'days', 'trial_ends_on']),
  ('trial.ending', 'whatsapp', 'ar', 1, null, 'تنتهي الفترة التجريبية لـ {{tenant_name}} خلال {{days}} يوم في {{trial_ends_on}}.', null, 'trial_ending', array['tenant_name', 'days', 'trial_ends_on']),
  -- invoice.issued
  ('invoice.issued', 'email', 'en', 1, 'Invoice {{invoice_number}}: {{amount}} {{currency}}',
   E'Invoice {{invoice_number}} for {{tenant_name}}: {{amount}} {{currency}}, due on {{due_date}}.\nView and print it: {{invoice_url}}',
   '<p>Invoice <strong>{{invoice_number}}</strong> for {{tenant_name}}: {{amount}} {{currency}}, due on {{due_date}}.</p><p><a href="{{invoice_url}}">View and print the invoice</a></p>', null, null),
  ('invoice.issued', 'email', 'ar', 1, 'الفاتورة {{invoice_number}}: {{amount}} {{currency}}',
   E'الفاتورة {{invoice_number}} لـ {{tenant_name}}: {{amount}} {{currency}}، تستحق في {{due_date}}.\nلعرضها وطباعتها: {{invoice_url}}',
   '<p>الفاتورة <strong>{{invoice_number}}</strong> لـ {{tenant_name}}: {{amount}} {{currency}}، تستحق في {{due_date}}.</p><p><a href="{{invoice_url}}">عرض الفاتورة وطباعتها</a></p>', null, null),
  -- payment.succeeded
  ('payment.succeeded', 'email', 'en', 1, 'Payment received: {{amount}} {{currency}}',
   'We received {{amount}} {{currency}} from {{tenant_name}} for invoice {{invoice_number}}. Thank you.',
   '<p>We received <strong>{{amount}} {{currency}}</strong> from {{tenant_name}} for invoice {{invoice_number}}. Thank you.</p>', null, null),
  ('payment.succeeded', 'email', 'ar', 1, 'تم استلام الدفعة: {{amount}} {{currency}}',
   'استلمنا {{amount}} {{currency}} من {{tenant_name}} عن الفاتورة {{invoice_number}}. شكراً لك.',
   '<p>استلمنا <strong>{{amount}} {{currency}}</strong> من {{tenant_name}} عن الفاتورة {{invoice_number}}. شكراً لك.</p>', null, null),
  -- payment.failed
  ('payment.failed', 'email', 'en', 1, 'Payment failed: {{amount}} {{currency}}',
   'The payment of {{amount}} {{currency}} for invoice {{invoice_number}} ({{tenant_name}}) failed: {{reason}}. Please update your payment method.',
   '<p>The payment of <strong>{{amount}} {{currency}}</strong> for invoice {{invoice_number}} ({{tenant_name}}) failed: {{reason}}.</p><p>Please update your payment method.</p>', null, null),
  ('payment.failed', 'email', 'ar', 1, 'فشلت الدفعة: {{amount}} {{currency}}',
   'فشلت دفعة بمبلغ {{amount}} {{currency}} عن الفاتورة {{invoice_number}} ({{tenant_name}}): {{reason}}. يرجى تحديث وسيلة الدفع.',
   '<p>فشلت دفعة بمبلغ <strong>{{amount}} {{currency}}</strong> عن الفاتورة {{invoice_number}} ({{tenant_name}}): {{reason}}.</p><p>يرجى تحديث وسيلة الدفع.</p>', null, null),
  ('payment.failed', 'sms', 'en', 1, null, 'CleanMateX: the payment of {{amount}} {{currency}} for invoice {{invoice_number}} failed. Please update your payment method.', null, null, null),
  ('payment.failed', 'sms', 'ar', 1, null, 'كلين ميت إكس: فشلت دفعة {{amount}} {{currency}} عن الفاتورة {{invoice_number}}. يرجى تحديث وسيلة الدفع.', null, null, null),
  -- dunning.reminder
  ('dunning.reminder', 'email', 'en', 1, 'Reminder: invoice {{invoice_number}} is overdue',
   E'Invoice {{invoice_number}} for {{tenant_name}}: {{amount_due}} {{currency}} has been due since {{due_date}}.\nPlease pay it to avoid an interruption of service.',
   '<p>Invoice <strong>{{invoice_number}}</strong> for {{tenant_name}}: {{amount_due}} {{currency}} has been due since {{due_date}}.</p><p>Please pay it to avoid an interruption of service.</p>', null, null),
  ('dunning.reminder', 'email', 'ar', 1, 'تذكير: الفاتورة {{invoice_number}} متأخرة السداد',
   E'الفاتورة {{invoice_number}} لـ {{tenant_name}}: مبلغ {{amount_due}} {{currency}} مستحق منذ {{due_date}}.\nيرجى السداد لتجنب إيقاف الخدمة.',
   '<p>الفاتورة <strong>{{invoice_number}}</strong> لـ {{tenant_name}}: مبلغ {{amount_due}} {{currency}} مستحق منذ {{due_date}}.</p><p>يرجى السداد لتجنب إيقاف الخدمة.</p>', null, null),
  ('dunning.reminder', 'sms', 'en', 1, null, 'CleanMateX: invoice {{invoice_number}} ({{amount_due}} {{currency}}) is overdue since {{due_date}}.', null, null, null),
  ('dunning.reminder', 'sms', 'ar', 1, null, 'كلين ميت إكس: الفاتورة {{invoice_number}} بمبلغ {{amount_due}} {{currency}} متأخرة منذ {{due_date}}.', null, null, null),
  ('dunning.reminder', 'whatsapp', 'en', 1, null, 'Invoice {{invoice_number}}: {{amount_due}} {{currency}} is overdue since {{due_date}}.', null, 'payment_reminder', array['invoice_number', 'amount_due', 'currency', 'due_date']),
  ('dunning.reminder', 'whatsapp', 'ar', 1, null, 'الفاتورة {{invoice_number}}: مبلغ {{amount_due}} {{currency}} متأخر منذ {{due_date}}.', null, 'payment_reminder', array['invoice_number', 'amount_due', 'currency', 'due_date']),
  -- tenant.suspended
  ('tenant.suspended', 'email', 'en', 1, '{{tenant_name}} is suspended',
   'The service of {{tenant_name}} is suspended: invoice {{invoice_number}} ({{amount_due}} {{currency}}) is unpaid. Pay it to restore the service.',
   '<p>The service of <strong>{{tenant_name}}</strong> is suspended: invoice {{invoice_number}} ({{amount_due}} {{currency}}) is unpaid.</p><p>Pay it to restore the service.</p>', null, null),
  ('tenant.suspended', 'email', 'ar', 1, 'تم إيقاف {{tenant_name}}',
   'تم إيقاف خدمة {{tenant_name}}: الفاتورة {{invoice_number}} ({{amount_due}} {{currency}}) غير مدفوعة. سدّدها لاستعادة الخدمة.',
   '<p>تم إيقاف خدمة <strong>{{tenant_name}}</strong>: الفاتورة {{invoice_number}} ({{amount_due}} {{currency}}) غير مدفوعة.</p><p>سدّدها لاستعادة الخدمة.</p>', null, null),
  ('tenant.suspended', 'sms', 'en', 1, null, 'CleanMateX: {{tenant_name}} is suspended, invoice {{invoice_number}} is unpaid.', null, null, null),
  ('tenant.suspended', 'sms', 'ar', 1, null, 'كلين ميت إكس: تم إيقاف {{tenant_name}}، الفاتورة {{invoice_number}} غير مدفوعة.', null, null, null),
  ('tenant.suspended', 'whatsapp', 'en', 1, null, '{{tenant_name}} is suspended: invoice {{invoice_number}} is unpaid.', null, 'tenant_suspended', array['tenant_name', 'invoice_number']),
  ('tenant.suspended', 'whatsapp', 'ar', 1, null, 'تم إيقاف {{tenant_name}}: الفاتورة {{invoice_number}} غير مدفوعة.', null, 'tenant_suspended', array['tenant_name', 'invoice_number']),
  -- plan.changed
  ('plan.changed', 'email', 'en', 1, 'Your plan is now {{plan_name}}',
   '{{tenant_name}} is on the {{plan_name}} plan from {{effective_on}}.',
   '<p><strong>{{tenant_name}}</strong> is on the {{plan_name}} plan from {{effective_on}}.</p>', null, null),
  ('plan.changed', 'email', 'ar', 1, 'باقتك الآن {{plan_name}}',
   'أصبح {{tenant_name}} على باقة {{plan_name}} اعتباراً من {{effective_on}}.',
   '<p>أصبح <strong>{{tenant_name}}</strong> على باقة {{plan_name}} اعتباراً من {{effective_on}}.</p>', null, null),
  -- staff.locked_out
  ('staff.locked_out', 'email', 'en', 1, 'Your CleanMateX HQ account is locked',
   'Hello {{display_name}}, after {{failures}} failed sign-ins your account is locked for {{lock_minutes}} minutes. If this was not you, tell your administrator.',
   '<p>Hello {{display_name}},</p><p>after {{failures}} failed sign-ins your account is locked for {{lock_minutes}} minutes. If this was not you, tell your administrator.</p>', null, null),
  ('staff.locked_out', 'email', 'ar', 1, 'تم قفل حسابك في كلين ميت إكس',
   'مرحباً {{display_name}}، بعد {{failures}} محاولات دخول فاشلة تم قفل حسابك لمدة {{lock_minutes}} دقيقة. إن لم تكن أنت، أبلغ المسؤول.',
   '<p>مرحباً {{display_name}}،</p><p>بعد {{failures}} محاولات دخول فاشلة تم قفل حسابك لمدة {{lock_minutes}} دقيقة. إن لم تكن أنت، أبلغ المسؤول.</p>', null, null),
  -- platform.announcement
  ('platform.announcement', 'email', 'en', 1, '{{title}}', E'{{title}}\n\n{{body}}', '<h2>{{title}}</h2><p>{{body}}</p>', null, null),
  ('platform.announcement', 'email', 'ar', 1, '{{title}}', E'{{title}}\n\n{{body}}', '<h2>{{title}}</h2><p>{{body}}</p>', null, null),
  ('platform.announcement', 'sms', 'en', 1, null, 'CleanMateX: {{title}}. {{body}}', null, null, null),
  ('platform.announcement', 'sms', 'ar', 1, null, 'كلين ميت إكس: {{title}}. {{body}}', null, null, null),
  ('platform.announcement', 'whatsapp', 'en', 1, null, '{{title}}: {{body}}', null, 'platform_announcement', array['title', 'body']),
  ('platform.announcement', 'whatsapp', 'ar', 1, null, '{{title}}: {{body}}', null, 'platform_announcement', array['title', 'body']);
