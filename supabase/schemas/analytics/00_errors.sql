-- The error codes analytics raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('analytics.invalid_range', '22023', 400, 'The date range is not valid', 'نطاق التاريخ غير صالح', 'give a start date on or before the end date, neither in the future'),
	('analytics.range_too_long', '22023', 400, 'The date range is too long', 'نطاق التاريخ طويل جداً', 'ask for two years (731 days) or less at a time'),
	('analytics.missing_rate', 'PT409', 409, 'No exchange rate for this currency and date', 'لا يوجد سعر صرف لهذه العملة وهذا التاريخ', 'add the rate for that date (or an earlier one) in exchange rates'),
	('analytics.unknown_currency', 'PT404', 404, 'Unknown currency', 'عملة غير معروفة', 'use a currency code from the currencies list'),
	('analytics.invalid_rate', '22023', 400, 'The exchange rate is not valid', 'سعر الصرف غير صالح', 'a rate is a positive number between two different currencies'),
	('analytics.invalid_unit_cost', '22023', 400, 'The unit cost is not valid', 'تكلفة الوحدة غير صالحة', 'metric is order, storage_mb_month, message or api_call; the amount is zero or more'),
	('analytics.invalid_setting', '22023', 400, 'The analytics setting is not valid', 'إعداد التحليلات غير صالح', 'retention is 30 to 3650 days; the reporting currency must exist');
