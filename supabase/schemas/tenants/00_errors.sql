-- The error codes tenants raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('tenant.billing_fields_locked', 'PT409', 409, 'The tenant has been billed: its country, region and currency are fixed', 'صدرت للمستأجر فواتير: البلد والمنطقة والعملة ثابتة', 'country, region and currency change only before the first subscription or invoice'),
	('tenant.billing_fields_staff_only', '42501', 403, 'Only HQ staff may change the country, region or currency', 'لا يغيّر البلد أو المنطقة أو العملة إلا موظفو المقر', 'ask HQ'),
	('tenant.contact_required', '22023', 400, 'Set a contact email before submitting', 'أضف بريداً إلكترونياً للتواصل قبل الإرسال', 'set contact.email'),
	('tenant.forbidden', 'PT403', 403, 'You cannot see this tenant', 'لا يمكنك رؤية هذا المستأجر', 'ask the tenant owner or HQ for access'),
	('tenant.illegal_transition', 'PT409', 409, 'This status change is not allowed', 'تغيير الحالة هذا غير مسموح', NULL),
	('tenant.invalid', '22023', 400, 'The tenant profile is not valid', 'ملف المستأجر غير صالح', NULL),
	('tenant.invalid_country', '22023', 400, 'Invalid country code', 'رمز دولة غير صالح', NULL),
	('tenant.invalid_currency', '22023', 400, 'Invalid currency code', 'رمز عملة غير صالح', NULL),
	('tenant.invalid_locale', '22023', 400, 'Unsupported language', 'لغة غير مدعومة', NULL),
	('tenant.invalid_region', '22023', 400, 'Unknown region', 'منطقة غير معروفة', NULL),
	('tenant.invalid_slug', '22023', 400, 'Invalid slug', 'المعرّف النصي غير صالح', '3–48 characters: lower-case letters, digits and inner hyphens'),
	('tenant.invalid_trial_days', '22023', 400, 'Trial days must be between 1 and 365', 'أيام التجربة بين 1 و365', NULL),
	('tenant.member_is_staff', 'PT409', 409, 'An HQ staff account cannot be a tenant member', 'لا يمكن لحساب من فريق المقر أن يكون عضواً في مستأجر', 'tenant members sign in with their own, non-HQ account'),
	('tenant.name_required', '22023', 400, 'The tenant needs an English name', 'يحتاج المستأجر إلى اسم باللغة الإنجليزية', 'name = {"en": "…", "ar": "…"}'),
	('tenant.not_found', 'PT404', 404, 'No such tenant', 'لا يوجد مستأجر بهذا المعرّف', 'check the tenant id'),
	('tenant.reason_required', '22023', 400, 'A reason is required for this change', 'يلزم ذكر سبب لهذا التغيير', NULL),
	('tenant.retention_not_elapsed', 'PT409', 409, 'The retention period has not passed yet', 'لم تنقضِ فترة الاحتفاظ بعد', NULL),
	('tenant.slug_taken', 'PT409', 409, 'This slug is taken', 'هذا المعرّف النصي مستخدم', 'choose another slug'),
	('tenant.unknown_action', '22023', 400, 'Unknown lifecycle action', 'إجراء غير معروف في دورة حياة المستأجر', 'submit, reject, approve, start_trial, activate, enter_grace, suspend, freeze, reactivate, archive or churn');
