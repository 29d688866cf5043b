-- The error codes orders raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('order.invalid_payment_amount', '22023', 400, 'Not a valid payment amount', 'مبلغ الدفع غير صالح', 'e.g. 4.500'),
	('order.invalid_scan_status', '22023', 400, 'A scan is ok or failed', 'نتيجة المسح إما سليمة أو فاشلة', 'ok or failed'),
	('order.overpayment', '22023', 400, 'More than the amount due', 'المبلغ أكبر من المستحق', 'record at most the amount due, or pass allow_overpayment => true for a deliberate overpayment'),
	('orders.invalid_limit', '22023', 400, 'Invalid number of rows', 'عدد الصفوف غير صالح', 'e.g. 50'),
	('orders.search_too_long', '22023', 400, 'The search text is too long', 'نص البحث طويل جدًا', 'shorten the search'),
	('orders.search_too_short', '22023', 400, 'The search text is too short', 'نص البحث قصير جدًا', 'type more of the number, phone or name'),
	('order.invalid_item', '22023', 400, 'The order item is not valid', 'عنصر الطلب غير صالح', NULL);
