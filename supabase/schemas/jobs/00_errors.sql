-- The error codes jobs raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('jobs.dead_letter_not_found', 'PT404', 404, 'The job is not among the failed jobs', 'المهمة ليست ضمن المهام المتعثرة', NULL),
	('jobs.edge_config_missing', 'PT503', 503, 'Edge Function jobs are not configured', 'مهام دوال الحافة غير مهيّأة', 'select vault.create_secret(''https://<ref>.supabase.co'', ''project_url''); and the same for service_role_key'),
	('jobs.invalid_acknowledgement', 'PT400', 400, 'Invalid job acknowledgement', 'إقرار المهمة غير صالح', 'say what went wrong; it is kept in the run history and the dead letter'),
	('jobs.invalid_batch_size', 'PT400', 400, 'Invalid batch size', 'حجم الدفعة غير صالح', 'or null for the queue''s batch size'),
	('jobs.invalid_handler', 'PT400', 400, 'Invalid job handler', 'معالج المهمة غير صالح', 'pass exactly one of sql_handler, edge_function'),
	('jobs.invalid_handler_signature', 'PT400', 400, 'This function cannot handle jobs', 'لا تصلح هذه الدالة لمعالجة المهام', 'a handler is a function(payload jsonb, job jsonb); its result is ignored'),
	('jobs.invalid_idempotency_key', 'PT400', 400, 'Invalid idempotency key', 'مفتاح منع التكرار غير صالح', 'e.g. ''renew:<subscription id>:<period>'', or null for no dedupe'),
	('jobs.invalid_job_type', 'PT400', 400, 'Invalid job type', 'نوع المهمة غير صالح', 'dotted lower-case words, e.g. billing.renew_subscription'),
	('jobs.invalid_max_attempts', 'PT400', 400, 'Invalid maximum number of attempts', 'الحد الأقصى للمحاولات غير صالح', 'or null for the job type''s or queue''s default'),
	('jobs.invalid_payload', 'PT400', 400, 'Invalid job payload', 'بيانات المهمة غير صالحة', 'pass ''{}'' when the job needs no input'),
	('jobs.invalid_queue_name', 'PT400', 400, 'Invalid queue name', 'اسم الطابور غير صالح', 'lower-case letters, digits and _, at most 43 characters, not ending in _dlq'),
	('jobs.invalid_schedule', 'PT400', 400, 'Invalid schedule', 'الجدولة غير صالحة', 'say what the schedule is for'),
	('jobs.invalid_schedule_name', 'PT400', 400, 'Invalid schedule name', 'اسم الجدولة غير صالح', '<capability>.<what>, e.g. billing.invoice_run'),
	('jobs.invalid_search', 'PT400', 400, 'Search text too long', 'نص البحث طويل جدًا', 'search by job type, job id or a few words of the error'),
	('jobs.no_handler', 'PT404', 404, 'No handler is registered for this job type', 'لا يوجد معالج مسجّل لهذا النوع من المهام', NULL),
	('jobs.stale_attempt', 'PT409', 409, 'This job attempt is no longer running', 'محاولة المهمة هذه لم تعد قيد التشغيل', 'the attempt timed out or was acknowledged already; a later attempt may be running'),
	('jobs.unknown_attempt', 'PT404', 404, 'No such job attempt', 'لا توجد محاولة مهمة بهذا الرقم', 'echo job_id and attempt from the request body'),
	('jobs.unknown_job_type', 'PT404', 404, 'Unknown job type', 'نوع مهمة غير معروف', 'register its handler with private.register_job_handler in a migration'),
	('jobs.unknown_queue', 'PT404', 404, 'Unknown job queue', 'طابور مهام غير معروف', NULL);
