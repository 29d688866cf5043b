-- The error codes platform configuration raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
-- platform.maintenance is the one code every refused write carries while maintenance is on (HTTP 503).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('platform.maintenance', 'PT503', 503, 'The platform is under maintenance: changes are paused, reading still works', 'المنصة قيد الصيانة: التعديلات متوقفة مؤقتاً والقراءة متاحة', 'try again when the maintenance window ends'),
	('platform.unknown_setting', 'PT404', 404, 'No such platform setting', 'لا يوجد إعداد منصة بهذا المفتاح', 'see the settings page for the known keys'),
	('platform.invalid_setting_value', '22023', 400, 'The value does not fit the setting''s type or range', 'القيمة لا تناسب نوع الإعداد أو نطاقه', NULL),
	('platform.reason_required', '22023', 400, 'Give a reason for the change', 'اذكر سبب التغيير', 'at least 3 characters'),
	('platform.invalid_window', '22023', 400, 'Invalid maintenance window', 'نافذة صيانة غير صالحة', 'the end must be after the start, and the window must not be over'),
	('platform.invalid_region', '22023', 400, 'Unknown region', 'منطقة غير معروفة', 'leave it empty for all regions'),
	('platform.invalid_message', '22023', 400, 'Write the message in both English and Arabic', 'اكتب الرسالة بالإنجليزية والعربية معاً', 'at most 500 characters in each language'),
	('platform.unknown_window', 'PT404', 404, 'No such maintenance window, or it is already over', 'لا توجد نافذة صيانة كهذه، أو انتهت', NULL),
	('platform.invalid_announcement', '22023', 400, 'Invalid announcement', 'إعلان غير صالح', 'title and body in English and Arabic, a severity, and an end after the start'),
	('platform.unknown_announcement', 'PT404', 404, 'No such announcement', 'لا يوجد إعلان بهذا المعرّف', NULL);
