-- Integrations' messages (issue 18), written by private.notify_webhook_endpoint_disabled
-- (integrations/20): a webhook endpoint disabled after a run of failed deliveries is announced to its
-- owner: a tenant's endpoint to the tenant's contact, an HQ endpoint to the staff member who created it.
insert into public.notification_events (event, category, audience, channels, variables, sample, description) values
  ('webhook.endpoint_disabled', 'transactional', 'tenant_contact', array['email'],
   array['tenant_name', 'contact_name', 'endpoint_url', 'failures', 'last_error'],
   '{"tenant_name": "Clean Bay", "contact_name": "Sara", "endpoint_url": "https://erp.example.com/hooks/cmx", "failures": "20", "last_error": "HTTP 500"}',
   '{"en": "A webhook endpoint was disabled after repeated failed deliveries", "ar": "تم تعطيل نقطة استقبال Webhook بعد فشل متكرر في التسليم"}'),
  ('webhook.hq_endpoint_disabled', 'transactional', 'staff', array['email'],
   array['display_name', 'endpoint_url', 'failures', 'last_error', 'integrations_url'],
   '{"display_name": "Omar", "endpoint_url": "https://bi.example.com/hooks/cmx", "failures": "20", "last_error": "timeout after 15 s", "integrations_url": "https://hq.cleanmatex.com/integrations"}',
   '{"en": "An HQ webhook endpoint you created was disabled after repeated failed deliveries", "ar": "تم تعطيل نقطة استقبال Webhook أنشأتها لدى الإدارة بعد فشل متكرر في التسليم"}');

insert into public.notification_templates (event, channel, locale, version, subject, body_text, body_html, whatsapp_template, whatsapp_parameters) values
  ('webhook.endpoint_disabled', 'email', 'en', 1, 'Webhook endpoint disabled: {{endpoint_url}}',
   E'Hello {{contact_name}},\n\nWe stopped sending events to {{endpoint_url}} after {{failures}} failed attempts in a row (last error: {{last_error}}). No event is lost: fix the receiver, enable the endpoint again in your integration settings and replay the deliveries it missed.',
   '<p>Hello {{contact_name}},</p><p>We stopped sending events to <strong>{{endpoint_url}}</strong> after {{failures}} failed attempts in a row (last error: {{last_error}}).</p><p>No event is lost: fix the receiver, enable the endpoint again in your integration settings and replay the deliveries it missed.</p>', null, null),
  ('webhook.endpoint_disabled', 'email', 'ar', 1, 'تم تعطيل نقطة استقبال Webhook: {{endpoint_url}}',
   E'مرحباً {{contact_name}}،\n\nأوقفنا إرسال الأحداث إلى {{endpoint_url}} بعد {{failures}} محاولة فاشلة متتالية (آخر خطأ: {{last_error}}). لم يُفقد أي حدث: أصلح جهة الاستقبال، ثم فعّل نقطة الاستقبال من جديد في إعدادات التكامل وأعد إرسال ما فاتها.',
   '<p>مرحباً {{contact_name}}،</p><p>أوقفنا إرسال الأحداث إلى <strong>{{endpoint_url}}</strong> بعد {{failures}} محاولة فاشلة متتالية (آخر خطأ: {{last_error}}).</p><p>لم يُفقد أي حدث: أصلح جهة الاستقبال، ثم فعّل نقطة الاستقبال من جديد في إعدادات التكامل وأعد إرسال ما فاتها.</p>', null, null),
  ('webhook.hq_endpoint_disabled', 'email', 'en', 1, 'HQ webhook endpoint disabled: {{endpoint_url}}',
   E'Hello {{display_name}},\n\nWe stopped sending events to {{endpoint_url}} after {{failures}} failed attempts in a row (last error: {{last_error}}). Fix the receiver, then enable the endpoint again and replay what it missed: {{integrations_url}}',
   '<p>Hello {{display_name}},</p><p>We stopped sending events to <strong>{{endpoint_url}}</strong> after {{failures}} failed attempts in a row (last error: {{last_error}}).</p><p>Fix the receiver, then <a href="{{integrations_url}}">enable the endpoint again and replay what it missed</a>.</p>', null, null),
  ('webhook.hq_endpoint_disabled', 'email', 'ar', 1, 'تم تعطيل نقطة استقبال Webhook لدى الإدارة: {{endpoint_url}}',
   E'مرحباً {{display_name}}،\n\nأوقفنا إرسال الأحداث إلى {{endpoint_url}} بعد {{failures}} محاولة فاشلة متتالية (آخر خطأ: {{last_error}}). أصلح جهة الاستقبال، ثم فعّل نقطة الاستقبال من جديد وأعد إرسال ما فاتها: {{integrations_url}}',
   '<p>مرحباً {{display_name}}،</p><p>أوقفنا إرسال الأحداث إلى <strong>{{endpoint_url}}</strong> بعد {{failures}} محاولة فاشلة متتالية (آخر خطأ: {{last_error}}).</p><p>أصلح جهة الاستقبال، ثم <a href="{{integrations_url}}">فعّل نقطة الاستقبال من جديد وأعد إرسال ما فاتها</a>.</p>', null, null);
