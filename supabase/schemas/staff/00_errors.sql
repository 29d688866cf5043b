-- The error codes staff raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('staff.already_exists', 'PT409', 409, 'Already HQ staff', 'عضو في فريق المقر بالفعل', 'change their role or re-enable them instead'),
	('staff.disabled', 'PT403', 403, 'Your HQ account is disabled', 'حسابك في المقر معطّل', 'ask a super admin to re-enable it'),
	('staff.email_unavailable', 'PT409', 409, 'This address cannot be invited to HQ: it already has an account. Invite an address that has none.', 'لا يمكن دعوة هذا العنوان إلى المقر: لديه حساب بالفعل. ادعُ عنواناً ليس له حساب.', 'HQ staff get a new account: invite an address that has none'),
	('staff.invalid_email', '22023', 400, 'Not an email address', 'ليس بريداً إلكترونياً صحيحاً', 'use name@domain'),
	('staff.invitation_incomplete', 'PT403', 403, 'Finish your invitation: set a new password from the invitation link and enrol a new authenticator', 'أكمل دعوتك: عيّن كلمة مرور جديدة من رابط الدعوة وسجّل تطبيق مصادقة جديداً', 'a password from before the invitation does not count'),
	('staff.last_super_admin', 'PT409', 409, 'The last active super admin cannot be removed', 'لا يمكن إزالة آخر مشرف عام نشط', 'make another staff member super admin first'),
	('staff.not_found', 'PT404', 404, 'No such staff member', 'لا يوجد عضو بهذا المعرّف', NULL),
	('staff.reason_required', '22023', 400, 'A reason is required', 'السبب مطلوب', 'say why the lock is lifted'),
	('staff.tenant_account', 'PT403', 403, 'A tenant account cannot become HQ staff', 'لا يمكن لحساب مستأجر أن يصبح من فريق المقر', 'ask a super admin to invite an address that has no account'),
	('staff.unknown_role', '22023', 400, 'Unknown role', 'دور غير معروف', NULL);
