-- The error codes plans raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('entitlements.invalid_amount', '22023', 400, 'The amount must be a non-zero number', 'يجب أن تكون الكمية رقمًا غير صفري', 'use a negative amount to release usage'),
	('entitlements.invalid_expiry', '22023', 400, 'The expiry must be in the future', 'يجب أن يكون تاريخ الانتهاء في المستقبل', 'omit it for no expiry'),
	('entitlements.invalid_quantity', '22023', 400, 'Invalid add-on quantity', 'كمية الإضافة غير صالحة', NULL),
	('entitlements.invalid_request', '22023', 400, 'The requested amount must be zero or more', 'يجب أن تكون الكمية المطلوبة صفرًا أو أكثر', NULL),
	('entitlements.invalid_value', '22023', 400, 'Invalid value for this feature', 'قيمة غير صالحة لهذه الميزة', NULL),
	('entitlements.limit_reached', 'PT409', 409, 'The tenant has reached a limit of its plan', 'بلغ المستأجر أحد حدود خطته', NULL),
	('entitlements.not_a_limit', '22023', 400, 'This feature is not a limit', 'هذه الميزة ليست حدًّا كميًّا', 'use has_feature for boolean and enum features'),
	('entitlements.override_not_found', 'PT404', 404, 'No such active override', 'لا يوجد استثناء ساري بهذا المعرّف', 'it may have been removed already'),
	('entitlements.reason_required', '22023', 400, 'A reason is required', 'يلزم ذكر السبب', 'say why (3+ characters)'),
	('entitlements.unknown_add_on', 'PT404', 404, 'No such active add-on', 'لا توجد إضافة فعّالة بهذا الرمز', 'see public.add_ons'),
	('entitlements.unknown_feature', '22023', 400, 'Unknown feature', 'ميزة غير معروفة', 'see public.features for the catalogue'),
	('plans.archived', 'PT409', 409, 'This plan is archived', 'هذه الخطة مؤرشفة', 'choose an active plan'),
	('plans.downgrade_blocked', 'PT409', 409, 'The tenant uses more than the new plan allows', 'يستخدم المستأجر أكثر مما تسمح به الخطة الجديدة', NULL),
	('plans.invalid', '22023', 400, 'The plan is not valid', 'الخطة غير صالحة', 'send {name, prices, features, limits}'),
	('plans.invalid_effective', '22023', 400, 'Invalid effective date for the change', 'موعد سريان التغيير غير صالح', NULL),
	('plans.no_price', '22023', 400, 'The plan has no price for this currency and interval', 'لا يوجد سعر للخطة بهذه العملة وهذه المدة', 'add a price for the tenant''s currency first'),
	('plans.not_found', 'PT404', 404, 'No such plan', 'لا توجد خطة بهذا الرمز', 'see public.plans'),
	('plans.same_plan', 'PT409', 409, 'The tenant is already on this plan', 'المستأجر على هذه الخطة بالفعل', 'choose another plan');
