-- Delivery health alerts of webhook endpoints (issue 18, item 4), written by
-- private.notify_webhook_endpoint_health (integrations/22): an endpoint that starts failing and its
-- recovery. A tenant's endpoint: the tenant's contact and its owners and admins (to_email, one message
-- per address); an HQ endpoint: its creator and the staff who may change settings.
insert into public.notification_events (event, category, audience, channels, variables, sample, description) values
  ('webhook.endpoint_failing', 'transactional', 'tenant_contact', array['email'],
   array['tenant_name', 'contact_name', 'endpoint_url', 'failures', 'last_error'],
   '{"tenant_name": "Clean Bay", "contact_name": "Sara", "endpoint_url": "https://erp.example.com/hooks/cmx", "failures": "3", "last_error": "HTTP 500"}',
   '{"en": "A webhook endpoint started failing", "ar": "بدأت نقطة استقبال Webhook بالفشل"}'),
  ('webhook.endpoint_recovered', 'transactional', 'tenant_contact', array['email'],
   array['tenant_name', 'contact_name', 'endpoint_url'],
   '{"tenant_name": "Clean Bay", "contact_name": "Sara", "endpoint_url": "https://erp.example.com/hooks/cmx"}',
   '{"en": "A failing webhook endpoint receives events again", "ar": "عادت نقطة استقبال Webhook المتعثرة إلى استلام الأحداث"}'),
  ('webhook.hq_endpoint_failing', 'transactional', 'staff', array['email'],
   array['display_name', 'endpoint_url', 'failures', 'last_error', 'integrations_url'],
   '{"display_name": "Omar", "endpoint_url": "https://bi.example.com/hooks/cmx", "failures": "3", "last_error": "timeout after 15 s", "integrations_url": "https://hq.cleanmatex.com/integrations"}',
   '{"en": "An HQ webhook endpoint started failing", "ar": "بدأت نقطة استقبال Webhook لدى الإدارة بالفشل"}'),
  ('webhook.hq_endpoint_recovered', 'transactional', 'staff', array['email'],
   array['display_name', 'endpoint_url', 'integrations_url'],
   '{"display_name": "Omar", "endpoint_url": "https://bi.example.com/hooks/cmx", "integrations_url": "https://hq.cleanmatex.com/integrations"}',
   '{"en": "A failing HQ webhook endpoint receives events again", "ar": "عادت نقطة استقبال Webhook المتعثرة لدى الإدارة إلى استلام الأحداث"}');

insert into public.notification_templates (event, channel, locale, version, subject, body_text, body_html, whatsapp_template, whatsapp_parameters) values
  ('webhook.endpoint_failing', 'email', 'en', 1, 'Webhook endpoint failing: {{endpoint_url}}',
   E'Hello {{contact_name}},\n\nDeliveries to {{endpoint_url}} are failing: {{failures}} failed attempts in a row (last error: {{last_error}}). We keep retrying; if the failures go on, the endpoint is disabled. Check the receiver and its delivery health in your integration settings.',
   '<p>Hello {{contact_name}},</p><p>Deliveries to <strong>{{endpoint_url}}</strong> are failing: {{failures}} failed attempts in a row (last error: {{last_error}}).</p><p>We keep retrying; if the failures go on, the endpoint is disabled. Check the receiver and its delivery health in your integration settings.</p>', null, null),
  ('webhook.endpoint_failing', 'email', 'ar', 1, 'نقطة استقبال Webhook تفشل: {{endpoint_url}}',
   E'مرحباً {{contact_name}}،\n\nيفشل التسليم إلى {{endpoint_url}}: {{failures}} محاولات فاشلة متتالية (آخر خطأ: {{last_error}}). سنواصل إعادة المحاولة، وإن استمر الفشل تُعطَّل نقطة الاستقبال. راجع جهة الاستقبال وحالة التسليم في إعدادات التكامل.',
   '<p>مرحباً {{contact_name}}،</p><p>يفشل التسليم إلى <strong>{{endpoint_url}}</strong>: {{failures}} محاولات فاشلة متتالية (آخر خطأ: {{last_error}}).</p><p>سنواصل إعادة المحاولة، وإن استمر الفشل تُعطَّل نقطة الاستقبال. راجع جهة الاستقبال وحالة التسليم في إعدادات التكامل.</p>', null, null),
  ('webhook.endpoint_recovered', 'email', 'en', 1, 'Webhook endpoint recovered: {{endpoint_url}}',
   E'Hello {{contact_name}},\n\n{{endpoint_url}} accepts deliveries again. Events that failed meanwhile are retried; you can also replay them from your integration settings.',
   '<p>Hello {{contact_name}},</p><p><strong>{{endpoint_url}}</strong> accepts deliveries again.</p><p>Events that failed meanwhile are retried; you can also replay them from your integration settings.</p>', null, null),
  ('webhook.endpoint_recovered', 'email', 'ar', 1, 'عادت نقطة استقبال Webhook للعمل: {{endpoint_url}}',
   E'مرحباً {{contact_name}}،\n\nتقبل {{endpoint_url}} التسليم من جديد. تُعاد محاولة الأحداث التي فشلت في الأثناء، ويمكنك أيضاً إعادة إرسالها من إعدادات التكامل.',
   '<p>مرحباً {{contact_name}}،</p><p>تقبل <strong>{{endpoint_url}}</strong> التسليم من جديد.</p><p>تُعاد محاولة الأحداث التي فشلت في الأثناء، ويمكنك أيضاً إعادة إرسالها من إعدادات التكامل.</p>', null, null),
  ('webhook.hq_endpoint_failing', 'email', 'en', 1, 'HQ webhook endpoint failing: {{endpoint_url}}',
   E'Hello {{display_name}},\n\nDeliveries to {{endpoint_url}} are failing: {{failures}} failed attempts in a row (last error: {{last_error}}). If the failures go on, the endpoint is disabled. Its delivery health: {{integrations_url}}',
   '<p>Hello {{display_name}},</p><p>Deliveries to <strong>{{endpoint_url}}</strong> are failing: {{failures}} failed attempts in a row (last error: {{last_error}}).</p><p>If the failures go on, the endpoint is disabled. <a href="{{integrations_url}}">See its delivery health</a>.</p>', null, null),
  ('webhook.hq_endpoint_failing', 'email', 'ar', 1, 'نقطة استقبال Webhook لدى الإدارة تفشل: {{endpoint_url}}',
   E'مرحباً {{display_name}}،\n\nيفشل التسليم إلى {{endpoint_url}}: {{failures}} محاولات فاشلة متتالية (آخر خطأ: {{last_error}}). إن استمر الفشل تُعطَّل نقطة الاستقبال. حالة التسليم: {{integrations_url}}',
   '<p>مرحباً {{display_name}}،</p><p>يفشل التسليم إلى <strong>{{endpoint_url}}</strong>: {{failures}} محاولات فاشلة متتالية (آخر خطأ: {{last_error}}).</p><p>إن استمر الفشل تُعطَّل نقطة الاستقبال. <a href="{{integrations_url}}">اطّلع على حالة التسليم</a>.</p>', null, null),
  ('webhook.hq_endpoint_recovered', 'email', 'en', 1, 'HQ webhook endpoint recovered: {{endpoint_url}}',
   E'Hello {{display_name}},\n\n{{endpoint_url}} accepts deliveries again. Failed events are retried; replay any others from {{integrations_url}}',
   '<p>Hello {{display_name}},</p><p><strong>{{endpoint_url}}</strong> accepts deliveries again.</p><p>Failed events are retried; <a href="{{integrations_url}}">replay any others</a>.</p>', null, null),
  ('webhook.hq_endpoint_recovered', 'email', 'ar', 1, 'عادت نقطة استقبال Webhook لدى الإدارة للعمل: {{endpoint_url}}',
   E'مرحباً {{display_name}}،\n\nتقبل {{endpoint_url}} التسليم من جديد. تُعاد محاولة الأحداث الفاشلة، ويمكنك إعادة إرسال غيرها من {{integrations_url}}',
   '<p>مرحباً {{display_name}}،</p><p>تقبل <strong>{{endpoint_url}}</strong> التسليم من جديد.</p><p>تُعاد محاولة الأحداث الفاشلة، و<a href="{{integrations_url}}">يمكنك إعادة إرسال غيرها</a>.</p>', null, null);
