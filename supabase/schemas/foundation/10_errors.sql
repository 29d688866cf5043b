-- The error codes foundation raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('foundation.pgmq_missing', '58P01', 500, 'The job queue extension (pgmq) is not available', 'امتداد طوابير المهام (pgmq) غير متوفر', 'enable the pgmq extension (Supabase: Integrations > Queues) or bootstrap with devstack'),
	('input.too_large', '22023', 400, 'This document is too large', 'هذا المستند كبير جداً', NULL),
	('input.too_long', '22023', 400, 'This text is too long', 'هذا النص طويل جداً', NULL),
	('input.too_many', '22023', 400, 'Too many entries', 'عدد العناصر كبير جداً', 'a transition names each guard and each role once'),
	('service.busy', 'PT503', 503, 'Too many large requests are running — retry in a second', 'طلبات كبيرة كثيرة قيد التنفيذ — أعد المحاولة بعد ثانية', 'retry in a second; send one large request at a time'),
	('service.timeout', 'PT503', 503, 'The request took too long — please retry', 'استغرق الطلب وقتاً طويلاً — يرجى إعادة المحاولة', 'retry in a few seconds; if it keeps happening, send a smaller input'),
	('input.out_of_range', '22023', 400, 'A value is out of range', 'قيمة خارج النطاق المسموح', NULL);
