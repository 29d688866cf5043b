-- The error codes catalog raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('catalog.entry_in_use', 'PT409', 409, 'The catalog entry is still in use', 'عنصر الكتالوج ما زال مستخدمًا', 'remove the category from those item types first'),
	('catalog.entry_retired', 'PT409', 409, 'This catalog entry is retired', 'عنصر الكتالوج هذا متوقف', 'a retired entry stays as it was; add a new code'),
	('catalog.forbidden', 'PT403', 403, 'You may not see or change this tenant''s catalog', 'لا يحق لك عرض كتالوج هذا المستأجر أو تعديله', NULL),
	('catalog.import_refused', '22023', 400, 'Some lines were refused; nothing was imported', 'رُفضت بعض الأسطر ولم يُستورد شيء', 'preview the import to see each line''s reasons'),
	('catalog.invalid_entry', '22023', 400, 'The catalog entry is not valid', 'عنصر الكتالوج غير صالح', NULL),
	('catalog.invalid_import', '22023', 400, 'The import is not valid', 'ملف الاستيراد غير صالح', NULL),
	('catalog.invalid_label', '22023', 400, 'Invalid label or sort order', 'التسمية أو ترتيب العرض غير صالح', NULL),
	('catalog.invalid_payload', '22023', 400, 'Invalid catalog sync job payload', 'بيانات مهمة مزامنة الكتالوج غير صالحة', NULL),
	('catalog.invalid_price', '22023', 400, 'Invalid price', 'السعر غير صالح', NULL),
	('catalog.no_previous_release', 'PT409', 409, 'The tenant has no earlier catalog release', 'لا يوجد إصدار سابق من الكتالوج لهذا المستأجر', NULL),
	('catalog.nothing_to_publish', 'PT409', 409, 'Nothing to publish: the draft has no changes', 'لا شيء للنشر: لا تغييرات في المسودة', 'edit the draft first'),
	('catalog.reason_required', '22023', 400, 'A reason is required', 'يلزم ذكر السبب', NULL),
	('catalog.release_immutable', 'PT409', 409, 'A published catalog release cannot be changed', 'لا يمكن تعديل إصدار منشور من الكتالوج', 'publish a new release instead'),
	('catalog.tenant_not_provisioned', 'PT409', 409, 'The tenant has no catalog yet', 'لا يوجد كتالوج لهذا المستأجر بعد', 'a tenant gets its catalog when it is activated'),
	('catalog.unknown_entry', 'PT404', 404, 'No such catalog entry', 'لا يوجد عنصر بهذا الرمز في الكتالوج', 'check the family and code'),
	('catalog.unknown_release', 'PT404', 404, 'No such catalog release', 'لا يوجد إصدار كتالوج بهذا الرقم', NULL);
