-- The error codes audit raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('audit.append_only', 'PT403', 403, 'The audit log cannot be changed', 'لا يمكن تعديل سجل التدقيق', 'record a new entry instead'),
	('audit.invalid_action', '22023', 400, 'Invalid audit action', 'إجراء تدقيق غير صالح', 'use resource.verb, e.g. tenant.activate'),
	('audit.invalid_entity', '22023', 400, 'The audit entry needs an entity type', 'يلزم تحديد نوع الكيان في قيد التدقيق', 'name the kind of thing acted on, e.g. tenant'),
	('audit.invalid_published_head', '22023', 400, 'The published audit head is malformed', 'رأس سلسلة التدقيق المنشور غير صالح', 'pass the head exactly as the sink returned it'),
	('audit.sink_missing', 'PT503', 503, 'No sink is configured for publishing the audit head', 'لم يُضبط موقع لنشر رأس سلسلة التدقيق', 'select vault.create_secret(''https://<append-only sink>'', ''audit_head_sink_url'');');
