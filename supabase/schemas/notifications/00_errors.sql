-- The error codes notifications raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('notifications.invalid_channel', '22023', 400, 'Unknown notification channel', 'قناة إشعار غير معروفة', 'email, sms or whatsapp'),
	('notifications.invalid_locale', '22023', 400, 'Unknown language', 'لغة غير معروفة', 'ar or en'),
	('notifications.invalid_markup', '22023', 400, 'The template markup is broken', 'تنسيق القالب غير سليم', 'close every {{ with }} and every HTML tag'),
	('notifications.invalid_template', '22023', 400, 'The template is empty or too long', 'القالب فارغ أو طويل جداً', 'email needs a subject and a body; WhatsApp needs the approved template name'),
	('notifications.not_found', 'PT404', 404, 'No such message', 'لا توجد رسالة كهذه', NULL),
	('notifications.not_retryable', 'PT409', 409, 'This message cannot be sent again', 'لا يمكن إعادة إرسال هذه الرسالة', 'only failed, bounced or dead messages are retried'),
	('notifications.unknown_event', '22023', 400, 'Unknown notification event', 'حدث إشعار غير معروف', 'see docs/notifications.md for the events'),
	('notifications.unknown_message', 'PT404', 404, 'No message with this provider id', 'لا توجد رسالة بهذا المعرف لدى المزود', 'the receipt names a message this platform did not send'),
	('notifications.unknown_template', 'PT404', 404, 'No template for this event, channel and language', 'لا يوجد قالب لهذا الحدث والقناة واللغة', NULL),
	('notifications.unknown_variable', '22023', 400, 'The template uses a variable the event does not declare', 'يستخدم القالب متغيراً لا يعرّفه الحدث', 'see the event''s variables in docs/notifications.md'),
	('notifications.invalid_recipient', '22023', 400, 'Invalid recipient', 'مستلم غير صالح', 'tenant_contact, billing_contact or staff with its id'),
	('notifications.service_role_only', 'PT403', 403, 'Only the notification functions may read provider credentials', 'لا تقرأ بيانات اعتماد المزودين إلا دوال الإشعارات', NULL),
	('notifications.invalid_provider', '22023', 400, 'Unknown notification provider', 'مزود إشعارات غير معروف', 'smtp, http_email, twilio, unifonic or whatsapp_cloud'),
	('notifications.invalid_credentials', 'PT503', 503, 'The provider credentials in Vault are not readable', 'بيانات اعتماد المزود في الخزنة غير مقروءة', 'the Vault secret notifications.<provider> must be a JSON object keyed by setting name'),
	('notifications.invalid_receipt', '22023', 400, 'Invalid delivery receipt', 'إيصال تسليم غير صالح', 'status is delivered, failed, bounced, read or complained');
