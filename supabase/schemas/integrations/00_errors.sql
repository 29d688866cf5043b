-- The error codes integrations raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('integrations.forbidden', 'PT403', 403, 'You may not manage this tenant''s integrations', 'لا يمكنك إدارة تكاملات هذا المستأجر', 'sign in as an owner or admin of the tenant'),
	('integrations.invalid_url', '22023', 400, 'Invalid endpoint address', 'عنوان نقطة الاستقبال غير صالح', 'a public https:// address, e.g. https://example.com/hooks'),
	('integrations.invalid_filter', '22023', 400, 'Unknown or malformed event types in the filter', 'أنواع أحداث غير معروفة أو غير صالحة في عامل التصفية', 'e.g. order.ready, invoice.*'),
	('integrations.invalid_text', '22023', 400, 'The name or description is empty or too long', 'الاسم أو الوصف فارغ أو طويل جداً', NULL),
	('integrations.unknown_endpoint', 'PT404', 404, 'No such endpoint', 'لا توجد نقطة استقبال كهذه', NULL),
	('integrations.unknown_delivery', 'PT404', 404, 'No such delivery', 'لا يوجد إرسال كهذا', NULL),
	('integrations.invalid_range', '22023', 400, 'Invalid replay range', 'نطاق إعادة الإرسال غير صالح', 'give one delivery or a time range of at most 14 days'),
	('integrations.unknown_event_type', '22023', 400, 'Unknown event type', 'نوع حدث غير معروف', NULL),
	('integrations.invalid_payload', '22023', 400, 'The event payload does not match its schema', 'حمولة الحدث لا تطابق مخططها', NULL),
	('integrations.invalid_scopes', '22023', 400, 'Unknown or malformed key scopes', 'صلاحيات مفتاح غير معروفة أو غير صالحة', 'e.g. orders:read, webhooks:write'),
	('integrations.invalid_expiry', '22023', 400, 'The expiry must be in the future', 'يجب أن يكون تاريخ الانتهاء في المستقبل', NULL),
	('integrations.invalid_rate_limit', '22023', 400, 'The rate limit is 1 to 10000 calls a minute', 'حد المعدل من 1 إلى 10000 طلب في الدقيقة', NULL),
	('integrations.unknown_key', 'PT404', 404, 'No such API key', 'لا يوجد مفتاح واجهة برمجية كهذا', NULL),
	('integrations.invalid_key', 'PT401', 401, 'Invalid API key', 'مفتاح الواجهة البرمجية غير صالح', 'send Authorization: Bearer cmx_live_…'),
	('integrations.key_expired', 'PT401', 401, 'The API key has expired', 'انتهت صلاحية مفتاح الواجهة البرمجية', 'rotate the key or make a new one'),
	('integrations.key_revoked', 'PT401', 401, 'The API key was revoked', 'تم إلغاء مفتاح الواجهة البرمجية', 'make a new key'),
	('integrations.scope_denied', 'PT403', 403, 'The API key lacks the scope for this call', 'مفتاح الواجهة البرمجية لا يملك صلاحية هذا الطلب', 'add the scope to a new key'),
	('integrations.rate_limited', 'PT429', 429, 'Too many calls with this API key', 'طلبات كثيرة جداً بهذا المفتاح', 'wait for the next minute'),
	('integrations.unknown_route', 'PT404', 404, 'No such API call', 'لا يوجد طلب واجهة برمجية كهذا', 'see the API reference');
