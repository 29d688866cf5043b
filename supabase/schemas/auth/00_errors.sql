-- The error codes auth raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('auth.mfa_required', 'PT403', 403, 'HQ requires two-factor authentication', 'يتطلب المقر المصادقة الثنائية', 'verify your authenticator code and retry'),
	('auth.not_signed_in', 'PT401', 401, 'Please sign in first', 'يرجى تسجيل الدخول أولاً', 'send a valid access token'),
	('auth.not_staff', 'PT403', 403, 'Only active HQ staff may do this', 'هذا متاح لأعضاء فريق المقر النشطين فقط', NULL),
	('auth.permission_denied', 'PT403', 403, 'Your role may not do this', 'دورك لا يسمح بهذا الإجراء', NULL);
