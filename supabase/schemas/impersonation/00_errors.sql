-- The error codes impersonation raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('impersonation.invalid_duration', '22023', 400, 'Impersonation lasts 1 to 30 minutes', 'يستمر انتحال الهوية من 1 إلى 30 دقيقة', 'choose 1–30 minutes'),
	('impersonation.invalid_mode', '22023', 400, 'Unknown impersonation mode', 'وضع انتحال غير معروف', 'read_only or full'),
	('impersonation.reason_required', '22023', 400, 'Give a reason of at least 5 characters', 'اذكر سبباً من 5 أحرف على الأقل', 'e.g. the ticket number and what you will check'),
	('impersonation.staff_only', 'PT403', 403, 'Only signed-in HQ staff can impersonate', 'انتحال الهوية متاح لفريق المقر المسجّل فقط', NULL),
	('impersonation.tenant_unavailable', 'PT409', 409, 'This tenant cannot be impersonated now', 'لا يمكن انتحال هوية هذا المستأجر الآن', NULL);
