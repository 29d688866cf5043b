-- The support desk's messages (issue 19), written by the support functions (support/13, 14, 18):
-- a public reply and a solved ticket go to the tenant's contact (notify resolves tenant contacts, not
-- individual tenant users); the SLA warning goes to the ticket's assignee, the escalation to the
-- members of the ticket's group (support groups have no lead). Internal notes never notify.
insert into public.notification_events (event, category, audience, channels, variables, sample, description) values
  ('support.ticket_replied', 'transactional', 'tenant_contact', array['email'],
   array['tenant_name', 'contact_name', 'ticket_id', 'subject', 'reply', 'ticket_url'],
   '{"tenant_name": "Clean Bay", "contact_name": "Sara", "ticket_id": "42", "subject": "Card payments fail", "reply": "We fixed the gateway settings; please try again.", "ticket_url": "https://hq.cleanmatex.com/support/tickets/42"}',
   '{"en": "Support replied to a ticket", "ar": "ردّ الدعم على تذكرة"}'),
  ('support.ticket_solved', 'transactional', 'tenant_contact', array['email'],
   array['tenant_name', 'contact_name', 'ticket_id', 'subject', 'survey_url'],
   '{"tenant_name": "Clean Bay", "contact_name": "Sara", "ticket_id": "42", "subject": "Card payments fail", "survey_url": "https://hq.cleanmatex.com/csat?token=42.1767225600.5f0c9e"}',
   '{"en": "A ticket is solved (with the satisfaction survey)", "ar": "تم حل تذكرة (مع استبيان الرضا)"}'),
  ('support.sla_warning', 'transactional', 'staff', array['email'],
   array['display_name', 'ticket_id', 'subject', 'priority', 'due_at', 'ticket_url'],
   '{"display_name": "Omar", "ticket_id": "42", "subject": "Card payments fail", "priority": "high", "due_at": "2026-12-06 14:00 UTC", "ticket_url": "https://hq.cleanmatex.com/support/tickets/42"}',
   '{"en": "A ticket assigned to you is close to its SLA target", "ar": "تذكرة مسندة إليك تقترب من موعد اتفاقية الخدمة"}'),
  ('support.sla_escalated', 'transactional', 'staff', array['email'],
   array['display_name', 'ticket_id', 'subject', 'priority', 'due_at', 'ticket_url'],
   '{"display_name": "Omar", "ticket_id": "42", "subject": "Card payments fail", "priority": "urgent", "due_at": "2026-12-06 14:00 UTC", "ticket_url": "https://hq.cleanmatex.com/support/tickets/42"}',
   '{"en": "A ticket of your group passed its SLA target and was escalated", "ar": "تذكرة في مجموعتك تجاوزت موعد اتفاقية الخدمة وتم تصعيدها"}');

insert into public.notification_templates (event, channel, locale, version, subject, body_text, body_html, whatsapp_template, whatsapp_parameters) values
  ('support.ticket_replied', 'email', 'en', 1, 'Re: [#{{ticket_id}}] {{subject}}',
   E'Hello {{contact_name}},\n\n{{reply}}\n\nSee the conversation and reply: {{ticket_url}}',
   '<p>Hello {{contact_name}},</p><p>{{reply}}</p><p><a href="{{ticket_url}}">See the conversation and reply</a></p>', null, null),
  ('support.ticket_replied', 'email', 'ar', 1, 'رد: [#{{ticket_id}}] {{subject}}',
   E'مرحباً {{contact_name}}،\n\n{{reply}}\n\nلعرض المحادثة والرد: {{ticket_url}}',
   '<p>مرحباً {{contact_name}}،</p><p>{{reply}}</p><p><a href="{{ticket_url}}">عرض المحادثة والرد</a></p>', null, null),
  ('support.ticket_solved', 'email', 'en', 1, 'Solved: [#{{ticket_id}}] {{subject}}',
   E'Hello {{contact_name}},\n\nYour ticket #{{ticket_id}} ({{subject}}) is solved. How did we do? Rate our answer: {{survey_url}}\nReply within the reopen window if the problem is back.',
   '<p>Hello {{contact_name}},</p><p>Your ticket #{{ticket_id}} ({{subject}}) is solved.</p><p>How did we do? <a href="{{survey_url}}">Rate our answer</a></p>', null, null),
  ('support.ticket_solved', 'email', 'ar', 1, 'تم الحل: [#{{ticket_id}}] {{subject}}',
   E'مرحباً {{contact_name}}،\n\nتم حل تذكرتك رقم {{ticket_id}} ({{subject}}). ما رأيك في خدمتنا؟ قيّم إجابتنا: {{survey_url}}\nإن عادت المشكلة فردّ خلال مهلة إعادة الفتح.',
   '<p>مرحباً {{contact_name}}،</p><p>تم حل تذكرتك رقم {{ticket_id}} ({{subject}}).</p><p>ما رأيك في خدمتنا؟ <a href="{{survey_url}}">قيّم إجابتنا</a></p>', null, null),
  ('support.sla_warning', 'email', 'en', 1, 'SLA warning: [#{{ticket_id}}] {{subject}}',
   E'Hello {{display_name}},\n\nTicket #{{ticket_id}} ({{priority}}) assigned to you is due at {{due_at}}. {{ticket_url}}',
   '<p>Hello {{display_name}},</p><p>Ticket #{{ticket_id}} ({{priority}}) assigned to you is due at {{due_at}}.</p><p><a href="{{ticket_url}}">Open the ticket</a></p>', null, null),
  ('support.sla_warning', 'email', 'ar', 1, 'تنبيه اتفاقية الخدمة: [#{{ticket_id}}] {{subject}}',
   E'مرحباً {{display_name}}،\n\nالتذكرة رقم {{ticket_id}} ({{priority}}) المسندة إليك مستحقة في {{due_at}}. {{ticket_url}}',
   '<p>مرحباً {{display_name}}،</p><p>التذكرة رقم {{ticket_id}} ({{priority}}) المسندة إليك مستحقة في {{due_at}}.</p><p><a href="{{ticket_url}}">فتح التذكرة</a></p>', null, null),
  ('support.sla_escalated', 'email', 'en', 1, 'Escalated: [#{{ticket_id}}] {{subject}}',
   E'Hello {{display_name}},\n\nTicket #{{ticket_id}} of your group passed its SLA target ({{due_at}}); its priority is now {{priority}}. {{ticket_url}}',
   '<p>Hello {{display_name}},</p><p>Ticket #{{ticket_id}} of your group passed its SLA target ({{due_at}}); its priority is now {{priority}}.</p><p><a href="{{ticket_url}}">Open the ticket</a></p>', null, null),
  ('support.sla_escalated', 'email', 'ar', 1, 'تم التصعيد: [#{{ticket_id}}] {{subject}}',
   E'مرحباً {{display_name}}،\n\nتجاوزت التذكرة رقم {{ticket_id}} في مجموعتك موعد اتفاقية الخدمة ({{due_at}})؛ أولويتها الآن {{priority}}. {{ticket_url}}',
   '<p>مرحباً {{display_name}}،</p><p>تجاوزت التذكرة رقم {{ticket_id}} في مجموعتك موعد اتفاقية الخدمة ({{due_at}})؛ أولويتها الآن {{priority}}.</p><p><a href="{{ticket_url}}">فتح التذكرة</a></p>', null, null);

-- Links of support messages: the ticket in the console (the satisfaction survey is an anonymous,
-- signed link: private.support_survey_url, supabase/schemas/support/28_support_csat_survey.sql).
create function private.support_ticket_url(ticket_id bigint, suffix text default '') returns text
    language sql stable
    set search_path to ''
    as $$ select private.notification_public_url() || '/support/tickets/' || ticket_id || coalesce(suffix, '') $$;

revoke all on function private.support_ticket_url(bigint, text) from public, anon, authenticated, service_role;
