-- The error codes flags raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('flags.invalid', '22023', 400, 'The flag is not valid', 'مفتاح الميزة غير صالح', 'send {description, default_enabled, rules}'),
	('flags.invalid_key', '22023', 400, 'Invalid flag key', 'رمز مفتاح الميزة غير صالح', 'e.g. orders.new-checkout'),
	('flags.reason_required', '22023', 400, 'A reason is required', 'يلزم ذكر السبب', 'say why (3+ characters)'),
	('flags.tenant_required', '22023', 400, 'A tenant is required', 'يلزم تحديد المستأجر', 'pass the tenant the code path runs for'),
	('flags.unknown_flag', '22023', 400, 'Unknown flag', 'مفتاح ميزة غير معروف', 'see public.feature_flags');
