-- The error codes provisioning raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('provisioning.already_done', 'PT409', 409, 'This step is already done', 'هذه الخطوة منجزة بالفعل', NULL),
	('provisioning.invalid_handler', '22023', 400, 'Invalid provisioning step handler', 'معالج خطوة التجهيز غير صالح', 'a step handler is a function(tenant_id uuid)'),
	('provisioning.invalid_payload', '22023', 400, 'Invalid provisioning job payload', 'بيانات مهمة التجهيز غير صالحة', NULL),
	('provisioning.step_failed', 'P0001', 400, 'Provisioning steps failed', 'فشلت بعض خطوات التجهيز', NULL),
	('provisioning.step_not_found', 'PT404', 404, 'This step has not run for the tenant', 'لم تُنفَّذ هذه الخطوة لهذا المستأجر', 'steps run when the tenant is activated');
