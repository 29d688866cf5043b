-- Issue 15 §2: the error catalogue (private.error_codes), its raise helper private.fail, and every
-- function that raised inline (or through private.billing_fail) now raising through it.
-- Written by script from supabase/schemas (helper h7); the lead may regenerate it with devstack diff.

-- The error catalogue: every machine code a function raises (private.fail), with its SQLSTATE (PTnnn
-- becomes HTTP nnn through PostgREST), English and Arabic titles and a default hint. Each capability
-- keeps its rows in its own folder (<capability>/00_errors.sql) beside the functions that raise them.
-- The console's titles and the docs' code tables are generated from it: npx devstack gen-errors.
CREATE TABLE private.error_codes (
    code text NOT NULL,
    sqlstate text NOT NULL,
    http_status integer NOT NULL,
    title_en text NOT NULL,
    title_ar text NOT NULL,
    hint_en text,
    hint_ar text,
    CONSTRAINT error_codes_code_check CHECK ((code ~ '^[a-z]+\.[a-z0-9_]+$'::text)),
    CONSTRAINT error_codes_sqlstate_check CHECK ((sqlstate ~ '^[0-9A-Z]{5}$'::text)),
    CONSTRAINT error_codes_http_status_check CHECK (((http_status >= 400) AND (http_status <= 599))),
    CONSTRAINT error_codes_titles_check CHECK (((btrim(title_en) <> ''::text) AND (btrim(title_ar) <> ''::text)))
);

ALTER TABLE ONLY private.error_codes
    ADD CONSTRAINT error_codes_pkey PRIMARY KEY (code);

ALTER TABLE private.error_codes ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE private.error_codes IS 'The error catalogue: one row per machine code (sent as the error''s detail) with its SQLSTATE, HTTP status, English and Arabic titles and default hint. Raised through private.fail.';
COMMENT ON COLUMN private.error_codes.code IS 'capability.code, e.g. tenant.not_found; the error''s detail';
COMMENT ON COLUMN private.error_codes.sqlstate IS 'PTnnn (HTTP nnn through PostgREST) or a standard SQLSTATE (22023 → 400, 42501 → 403)';
COMMENT ON COLUMN private.error_codes.http_status IS 'the HTTP status PostgREST answers with for sqlstate';
COMMENT ON COLUMN private.error_codes.title_en IS 'what the console shows English readers';
COMMENT ON COLUMN private.error_codes.title_ar IS 'what the console shows Arabic readers';
COMMENT ON COLUMN private.error_codes.hint_en IS 'the hint sent when the raise gives none';
COMMENT ON COLUMN private.error_codes.hint_ar IS 'the Arabic hint, where one is written';

REVOKE ALL ON TABLE private.error_codes FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE private.error_codes TO service_role;

CREATE FUNCTION private.fail(code text, message text DEFAULT NULL::text, hint text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  e private.error_codes;
begin
  select * into e from private.error_codes c where c.code = fail.code;
  if e.code is null then
    -- a code missing from the catalogue is a defect (supabase/tests/house/error_catalogue.test.sql finds it)
    raise exception using errcode = 'XX000', message = coalesce(fail.message, fail.code), detail = fail.code,
      hint = format('error code %s is not in private.error_codes', fail.code);
  end if;
  if coalesce(fail.hint, e.hint_en) is null then  -- RAISE refuses a null option
    raise exception using errcode = e.sqlstate, message = coalesce(fail.message, e.title_en), detail = e.code;
  end if;
  raise exception using errcode = e.sqlstate, message = coalesce(fail.message, e.title_en), detail = e.code,
    hint = coalesce(fail.hint, e.hint_en);
end
$$;

COMMENT ON FUNCTION private.fail(code text, message text, hint text) IS 'Raises the catalogued error code (private.error_codes): its SQLSTATE, detail = code, the given message (else the English title) and hint (else the catalogue''s). Security definer so any caller reads the catalogue.';

REVOKE ALL ON FUNCTION private.fail(code text, message text, hint text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.fail(code text, message text, hint text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.fail(code text, message text, hint text) TO authenticated;
GRANT ALL ON FUNCTION private.fail(code text, message text, hint text) TO service_role;
GRANT ALL ON FUNCTION private.fail(code text, message text, hint text) TO supabase_auth_admin;

-- The error codes audit raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('audit.append_only', 'PT403', 403, 'The audit log cannot be changed', 'لا يمكن تعديل سجل التدقيق', 'record a new entry instead'),
	('audit.invalid_action', '22023', 400, 'Invalid audit action', 'إجراء تدقيق غير صالح', 'use resource.verb, e.g. tenant.activate'),
	('audit.invalid_entity', '22023', 400, 'The audit entry needs an entity type', 'يلزم تحديد نوع الكيان في قيد التدقيق', 'name the kind of thing acted on, e.g. tenant'),
	('audit.invalid_published_head', '22023', 400, 'The published audit head is malformed', 'رأس سلسلة التدقيق المنشور غير صالح', 'pass the head exactly as the sink returned it'),
	('audit.sink_missing', 'PT503', 503, 'No sink is configured for publishing the audit head', 'لم يُضبط موقع لنشر رأس سلسلة التدقيق', 'select vault.create_secret(''https://<append-only sink>'', ''audit_head_sink_url'');');

-- The error codes auth raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('auth.mfa_required', 'PT403', 403, 'HQ requires two-factor authentication', 'يتطلب المقر المصادقة الثنائية', 'verify your authenticator code and retry'),
	('auth.not_signed_in', 'PT401', 401, 'Please sign in first', 'يرجى تسجيل الدخول أولاً', 'send a valid access token'),
	('auth.not_staff', 'PT403', 403, 'Only active HQ staff may do this', 'هذا متاح لأعضاء فريق المقر النشطين فقط', NULL),
	('auth.permission_denied', 'PT403', 403, 'Your role may not do this', 'دورك لا يسمح بهذا الإجراء', NULL);

-- The error codes billing raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('billing.add_on_unchanged', 'PT409', 409, 'The add-on already has this quantity', 'للإضافة هذه الكمية بالفعل', 'nothing to do'),
	('billing.balance_currency_mismatch', 'PT409', 409, 'The customer balance is in another currency', 'رصيد العميل بعملة أخرى', 'issue a credit note in the invoice currency instead'),
	('billing.cancel_already_scheduled', 'PT409', 409, 'A cancellation is scheduled already', 'الإلغاء مجدول بالفعل', 'cancel now with at_period_end => false, or resume it'),
	('billing.case_closed', 'PT409', 409, 'The dunning case is closed', 'حالة التحصيل مغلقة', 'nothing left to run'),
	('billing.case_not_found', 'PT404', 404, 'Dunning case not found', 'حالة التحصيل غير موجودة', 'check the case id'),
	('billing.checkout_already_attached', 'PT409', 409, 'A checkout is attached to this payment already', 'صفحة الدفع مرتبطة بهذه الدفعة بالفعل', 'start a new checkout'),
	('billing.coupon_already_applied', 'PT409', 409, 'The coupon is applied already', 'القسيمة مطبقة بالفعل', 'each coupon once per subscription'),
	('billing.coupon_archived', 'PT409', 409, 'The coupon is archived', 'القسيمة مؤرشفة', 'nothing to do'),
	('billing.coupon_exhausted', 'PT409', 409, 'The coupon has been redeemed as often as allowed', 'استُخدمت القسيمة الحد الأقصى من المرات', 'raise max_redemptions with a new coupon'),
	('billing.coupon_exists', 'PT409', 409, 'A coupon with this code exists already', 'توجد قسيمة بهذا الرمز بالفعل', 'choose another code'),
	('billing.coupon_expired', 'PT409', 409, 'The coupon has expired', 'انتهت صلاحية القسيمة', 'use a current coupon'),
	('billing.coupon_not_applicable', 'PT409', 409, 'The coupon does not apply to this plan or currency', 'القسيمة لا تنطبق على هذه الباقة أو العملة', NULL),
	('billing.coupon_not_found', 'PT404', 404, 'Coupon not found', 'القسيمة غير موجودة', 'check the coupon id'),
	('billing.currency_mismatch', '22023', 400, 'The currencies do not match', 'العملات غير متطابقة', 'use a coupon in the subscription''s currency or a percentage coupon'),
	('billing.duplicate_reference', 'PT409', 409, 'This bank reference has been recorded already', 'سُجّل هذا المرجع البنكي من قبل', 'check the payments list; each transfer is recorded once'),
	('billing.event_not_found', 'PT404', 404, 'Event not found', 'الحدث غير موجود', 'check the webhook inbox'),
	('billing.forbidden', 'PT403', 403, 'You are not allowed to do this (needs billing.write)', 'غير مسموح لك بهذا الإجراء (يلزم إذن billing.write)', 'call through payments-checkout'),
	('billing.gateway_secret_missing', 'PT404', 404, 'The gateway is not configured (secret missing)', 'البوابة غير مهيأة (المفتاح السري غير موجود)', 'store it with vault.create_secret(<secret>, <secret_name>)'),
	('billing.idempotency_key_reused', 'PT409', 409, 'This idempotency key belongs to another invoice', 'مفتاح عدم التكرار هذا يخص فاتورة أخرى', 'use a new key for each attempt to pay an invoice'),
	('billing.invalid_add_ons', '22023', 400, 'The add-ons are not valid', 'الإضافات غير صالحة', '[{"code":"extra_branch","quantity":1}]'),
	('billing.invalid_amount', '22023', 400, 'Not a valid amount', 'المبلغ غير صالح', 'e.g. 12.5 for 12.500 OMR'),
	('billing.invalid_checkout_url', '22023', 400, 'Not a valid checkout URL', 'رابط الدفع غير صالح', 'the gateway''s hosted page'),
	('billing.invalid_coupon', '22023', 400, 'The coupon is not valid', 'القسيمة غير صالحة', 'or null for any plan'),
	('billing.invalid_currency', '22023', 400, 'Not a valid currency', 'العملة غير صالحة', 'use an ISO code from public.currencies, e.g. OMR, or null for all'),
	('billing.invalid_effective', '22023', 400, 'Choose now or the end of the period', 'اختر الآن أو نهاية الفترة', 'or null for the default'),
	('billing.invalid_event', '22023', 400, 'Not a valid payment event', 'حدث الدفع غير صالح', 'e.g. 2026-11-23T10:00:00Z'),
	('billing.invalid_event_id', '22023', 400, 'Not a valid event id', 'معرّف الحدث غير صالح', 'use the gateway''s own event id'),
	('billing.invalid_gateway', '22023', 400, 'Not a valid gateway', 'البوابة غير صالحة', 'one of stripe, paytabs, hyperpay'),
	('billing.invalid_gateway_account', '22023', 400, 'Not a valid merchant account', 'حساب التاجر غير صالح', 'pass the gateway_accounts.id from the webhook URL (?account=…)'),
	('billing.invalid_gateway_payment_id', '22023', 400, 'Not a valid gateway payment id', 'معرّف الدفعة لدى البوابة غير صالح', 'the payment intent / transaction reference'),
	('billing.invalid_idempotency_key', '22023', 400, 'Not a valid idempotency key', 'مفتاح عدم التكرار غير صالح', 'e.g. job:<job id>, the same on every retry of one attempt to pay'),
	('billing.invalid_input', '22023', 400, 'The input is not valid', 'المدخلات غير صالحة', 'a reason code is area.name, e.g. billing.gateway_event'),
	('billing.invalid_interval', '22023', 400, 'Not a valid billing interval', 'دورة الفوترة غير صالحة', 'month or year'),
	('billing.invalid_lines', '22023', 400, 'The invoice lines are not valid', 'بنود الفاتورة غير صالحة', '[{"description":{"en":"…","ar":"…"},"quantity":1,"unit_amount":10,"kind":"adjustment"}]'),
	('billing.invalid_memo', '22023', 400, 'The memo is not valid', 'الملاحظة غير صالحة', 'shorten it'),
	('billing.invalid_method', '22023', 400, 'Not a valid credit note method', 'طريقة الإشعار الدائن غير صالحة', 'reduce_amount_due, refund or customer_balance'),
	('billing.invalid_payload', '22023', 400, 'The request is not valid', 'الطلب غير صالح', '{"subscription_id": uuid, "period_start": ISO instant}'),
	('billing.invalid_payment_method', '22023', 400, 'Not a valid payment method', 'وسيلة الدفع غير صالحة', '{customer_ref, method_ref, brand, last4, exp_month, exp_year}'),
	('billing.invalid_period', '22023', 400, 'Not a valid period', 'الفترة غير صالحة', 'e.g. from 2026-01-01 to 2026-12-01'),
	('billing.invalid_policy', '22023', 400, 'The dunning schedule is not valid', 'جدول التحصيل غير صالح', 'e.g. [1,3,5,7]'),
	('billing.invalid_profile', '22023', 400, 'The billing profile is not valid', 'ملف الفوترة غير صالح', NULL),
	('billing.invalid_quantity', '22023', 400, 'Not a valid quantity', 'الكمية غير صالحة', '0 removes the add-on'),
	('billing.invalid_reference', '22023', 400, 'Not a valid reference', 'المرجع غير صالح', 'the transfer reference on the bank statement'),
	('billing.invalid_seller_profile', '22023', 400, 'The seller profile is not valid', 'ملف البائع غير صالح', 'the seller needs a name and a Saudi VAT number'),
	('billing.invalid_since', '22023', 400, 'The run''s start time must be within the last day', 'يجب أن يكون وقت بدء التشغيل خلال اليوم الأخير', 'pass the time the run was started'),
	('billing.invalid_trial_days', '22023', 400, 'Not a valid number of trial days', 'عدد أيام التجربة غير صالح', '0 for no trial, null for the plan''s'),
	('billing.invoice_empty', 'PT409', 409, 'The invoice has no lines', 'الفاتورة بلا بنود', 'add lines or void the draft'),
	('billing.invoice_has_credit_notes', 'PT409', 409, 'The invoice has credit notes; credit the rest instead of voiding it', 'على الفاتورة إشعارات دائنة؛ أصدر إشعارًا دائنًا بالباقي بدلًا من إلغائها', 'credit the rest with a credit note (reduce_amount_due) instead'),
	('billing.invoice_has_payments', 'PT409', 409, 'The invoice has payments; issue a credit note instead', 'على الفاتورة دفعات؛ أصدر إشعارًا دائنًا بدلًا من ذلك', 'issue a credit note instead'),
	('billing.invoice_not_creditable', 'PT409', 409, 'Only an open or paid invoice can be credited', 'لا يصدر إشعار دائن إلا لفاتورة مفتوحة أو مسددة', 'only open or paid invoices'),
	('billing.invoice_not_draft', 'PT409', 409, 'Only a draft invoice can be changed or finalised', 'لا يمكن تعديل الفاتورة أو اعتمادها إلا وهي مسودة', 'nothing to do'),
	('billing.invoice_not_found', 'PT404', 404, 'Invoice not found', 'الفاتورة غير موجودة', 'check the invoice id'),
	('billing.invoice_not_open', 'PT409', 409, 'The invoice is not open', 'الفاتورة ليست مفتوحة', 'nothing to do'),
	('billing.invoice_not_payable', 'PT409', 409, 'The invoice cannot be paid in its current state', 'لا يمكن سداد الفاتورة في حالتها الحالية', 'only an open or uncollectible invoice with an amount due can be paid'),
	('billing.invoice_not_voidable', 'PT409', 409, 'Only a draft or open invoice can be voided', 'لا يُلغى إلا فاتورة مسودة أو مفتوحة', NULL),
	('billing.method_not_allowed', 'PT409', 409, 'This credit method is not allowed for this invoice', 'طريقة الإشعار الدائن هذه غير مسموحة لهذه الفاتورة', 'for a paid invoice use refund or customer_balance'),
	-- raised by the payments-checkout Edge Function, not by SQL
	('billing.no_payment_method', 'PT409', 409, 'No payment method on file for this tenant', 'لا توجد وسيلة دفع محفوظة لهذا المستأجر', 'the tenant pays through checkout first, which saves the card'),
	('billing.no_price', '22023', 400, 'The plan has no price in this currency and interval', 'لا سعر للباقة بهذه العملة ودورة الفوترة', 'add a price for the tenant''s currency first'),
	('billing.no_refundable_payment', 'PT409', 409, 'There is no gateway payment to refund', 'لا توجد دفعة عبر بوابة لاستردادها', 'use customer_balance, or refund a bank transfer outside the system'),
	('billing.not_signed_in', 'PT401', 401, 'Sign in first', 'سجّل الدخول أولًا', 'send a valid access token'),
	('billing.nothing_to_resume', 'PT409', 409, 'There is no scheduled cancellation to undo', 'لا يوجد إلغاء مجدول للتراجع عنه', 'nothing to do'),
	('billing.nothing_to_run', 'PT409', 409, 'There is no next step to run', 'لا توجد خطوة تالية لتنفيذها', 'wait for payment or void the invoice'),
	('billing.over_credit', 'PT409', 409, 'The credit is more than can be credited on this invoice', 'المبلغ أكبر مما يمكن إضافته دائنًا لهذه الفاتورة', 'credit at most what remains'),
	('billing.overpayment', 'PT409', 409, 'The payment is more than the amount due', 'الدفعة أكبر من المبلغ المستحق', 'record at most the amount due'),
	('billing.payment_method_not_found', 'PT404', 404, 'Payment method not found', 'وسيلة الدفع غير موجودة', 'check the payment method id'),
	('billing.payment_not_found', 'PT404', 404, 'Payment not found', 'الدفعة غير موجودة', 'call begin_checkout first'),
	('billing.payment_not_pending', 'PT409', 409, 'The payment is not pending', 'الدفعة ليست قيد الانتظار', 'only a pending gateway checkout can be cancelled'),
	('billing.plan_archived', 'PT409', 409, 'The plan is archived', 'الباقة مؤرشفة', 'choose an active plan'),
	('billing.plan_limits_exceeded', 'PT409', 409, 'The tenant uses more than the new plan allows', 'يستخدم المستأجر أكثر مما تسمح به الباقة الجديدة', NULL),
	('billing.plan_not_found', 'PT404', 404, 'Plan not found', 'الباقة غير موجودة', NULL),
	('billing.reason_required', '22023', 400, 'A reason is required', 'يلزم ذكر السبب', 'say why, for the audit log'),
	('billing.refund_not_found', 'PT404', 404, 'Refund not found', 'الاسترداد غير موجود', 'check the refund id'),
	('billing.same_plan', 'PT409', 409, 'The tenant is on this plan already', 'المستأجر على هذه الباقة بالفعل', 'choose another plan'),
	('billing.service_role_only', 'PT403', 403, 'Only the system can do this', 'هذا الإجراء للنظام فقط', 'call it with the service-role key'),
	('billing.subscription_cancelled', 'PT409', 409, 'The subscription is cancelled', 'الاشتراك ملغى', 'nothing to do'),
	('billing.subscription_exists', 'PT409', 409, 'The tenant already has a subscription to a plan', 'لدى المستأجر اشتراك في باقة بالفعل', 'change its plan with change_subscription_plan, or cancel it first'),
	('billing.subscription_has_no_plan', 'PT409', 409, 'This subscription has no plan', 'هذا الاشتراك بلا باقة', 'create a plan subscription'),
	('billing.subscription_not_changeable', 'PT409', 409, 'This subscription cannot be changed in its current state', 'لا يمكن تغيير هذا الاشتراك في حالته الحالية', 'only live subscriptions'),
	('billing.subscription_not_found', 'PT404', 404, 'Subscription not found', 'الاشتراك غير موجود', 'check the subscription id'),
	('billing.tenant_not_found', 'PT404', 404, 'Tenant not found', 'المستأجر غير موجود', 'check the tenant id'),
	('billing.unknown_add_on', 'PT404', 404, 'Unknown add-on', 'إضافة غير معروفة', 'see public.add_ons'),
	('billing.unknown_currency', '22023', 400, 'Unknown currency', 'عملة غير معروفة', NULL),
	('billing.unknown_gateway', '22023', 400, 'Unknown payment gateway', 'بوابة دفع غير معروفة', 'stripe, paytabs or hyperpay'),
	('billing.unknown_gateway_account', 'PT404', 404, 'Unknown or inactive merchant account', 'حساب التاجر غير معروف أو غير نشط', 'check the webhook URL''s account parameter and that the account is active'),
	('billing.unknown_kind', '22023', 400, 'Unknown payment event kind', 'نوع حدث الدفع غير معروف', 'payment_succeeded, payment_failed, payment_pending, refund_succeeded, refund_failed, or null to ignore'),
	('billing.unknown_plan', '22023', 400, 'Unknown plan', 'باقة غير معروفة', 'see public.plans');

-- The error codes flags raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('flags.invalid', '22023', 400, 'The flag is not valid', 'مفتاح الميزة غير صالح', 'send {description, default_enabled, rules}'),
	('flags.invalid_key', '22023', 400, 'Invalid flag key', 'رمز مفتاح الميزة غير صالح', 'e.g. orders.new-checkout'),
	('flags.reason_required', '22023', 400, 'A reason is required', 'يلزم ذكر السبب', 'say why (3+ characters)'),
	('flags.tenant_required', '22023', 400, 'A tenant is required', 'يلزم تحديد المستأجر', 'pass the tenant the code path runs for'),
	('flags.unknown_flag', '22023', 400, 'Unknown flag', 'مفتاح ميزة غير معروف', 'see public.feature_flags');

-- The error codes foundation raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('foundation.pgmq_missing', '58P01', 500, 'The job queue extension (pgmq) is not available', 'امتداد طوابير المهام (pgmq) غير متوفر', 'enable the pgmq extension (Supabase: Integrations > Queues) or bootstrap with devstack'),
	('input.too_large', '22023', 400, 'This document is too large', 'هذا المستند كبير جداً', NULL),
	('input.too_long', '22023', 400, 'This text is too long', 'هذا النص طويل جداً', NULL),
	('input.too_many', '22023', 400, 'Too many entries', 'عدد العناصر كبير جداً', 'a transition names each guard and each role once'),
	('service.busy', 'PT503', 503, 'Too many large requests are running — retry in a second', 'طلبات كبيرة كثيرة قيد التنفيذ — أعد المحاولة بعد ثانية', 'retry in a second; send one large request at a time'),
	('service.timeout', 'PT503', 503, 'The request took too long — please retry', 'استغرق الطلب وقتاً طويلاً — يرجى إعادة المحاولة', 'retry in a few seconds; if it keeps happening, send a smaller input');

-- The error codes impersonation raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('impersonation.invalid_duration', '22023', 400, 'Impersonation lasts 1 to 30 minutes', 'يستمر انتحال الهوية من 1 إلى 30 دقيقة', 'choose 1–30 minutes'),
	('impersonation.invalid_mode', '22023', 400, 'Unknown impersonation mode', 'وضع انتحال غير معروف', 'read_only or full'),
	('impersonation.reason_required', '22023', 400, 'Give a reason of at least 5 characters', 'اذكر سبباً من 5 أحرف على الأقل', 'e.g. the ticket number and what you will check'),
	('impersonation.staff_only', 'PT403', 403, 'Only signed-in HQ staff can impersonate', 'انتحال الهوية متاح لفريق المقر المسجّل فقط', NULL),
	('impersonation.tenant_unavailable', 'PT409', 409, 'This tenant cannot be impersonated now', 'لا يمكن انتحال هوية هذا المستأجر الآن', NULL);

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
	('jobs.no_handler', 'PT404', 404, 'No handler is registered for this job type', 'لا يوجد معالج مسجّل لهذا النوع من المهام', NULL),
	('jobs.stale_attempt', 'PT409', 409, 'This job attempt is no longer running', 'محاولة المهمة هذه لم تعد قيد التشغيل', 'the attempt timed out or was acknowledged already; a later attempt may be running'),
	('jobs.unknown_attempt', 'PT404', 404, 'No such job attempt', 'لا توجد محاولة مهمة بهذا الرقم', 'echo job_id and attempt from the request body'),
	('jobs.unknown_job_type', 'PT404', 404, 'Unknown job type', 'نوع مهمة غير معروف', 'register its handler with private.register_job_handler in a migration'),
	('jobs.unknown_queue', 'PT404', 404, 'Unknown job queue', 'طابور مهام غير معروف', NULL);

-- The error codes orders raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('order.invalid_payment_amount', '22023', 400, 'Not a valid payment amount', 'مبلغ الدفع غير صالح', 'e.g. 4.500'),
	('order.invalid_scan_status', '22023', 400, 'A scan is ok or failed', 'نتيجة المسح إما سليمة أو فاشلة', 'ok or failed'),
	('order.overpayment', '22023', 400, 'More than the amount due', 'المبلغ أكبر من المستحق', 'record at most the amount due, or pass allow_overpayment => true for a deliberate overpayment'),
	('orders.invalid_limit', '22023', 400, 'Invalid number of rows', 'عدد الصفوف غير صالح', 'e.g. 50'),
	('orders.search_too_long', '22023', 400, 'The search text is too long', 'نص البحث طويل جدًا', 'shorten the search'),
	('orders.search_too_short', '22023', 400, 'The search text is too short', 'نص البحث قصير جدًا', 'type more of the number, phone or name');

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

-- The error codes provisioning raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('provisioning.already_done', 'PT409', 409, 'This step is already done', 'هذه الخطوة منجزة بالفعل', NULL),
	('provisioning.invalid_handler', '22023', 400, 'Invalid provisioning step handler', 'معالج خطوة التجهيز غير صالح', 'a step handler is a function(tenant_id uuid)'),
	('provisioning.invalid_payload', '22023', 400, 'Invalid provisioning job payload', 'بيانات مهمة التجهيز غير صالحة', NULL),
	('provisioning.step_failed', 'P0001', 400, 'Provisioning steps failed', 'فشلت بعض خطوات التجهيز', NULL),
	('provisioning.step_not_found', 'PT404', 404, 'This step has not run for the tenant', 'لم تُنفَّذ هذه الخطوة لهذا المستأجر', 'steps run when the tenant is activated');

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

-- The error codes tenants raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('tenant.billing_fields_locked', 'PT409', 409, 'The tenant has been billed: its country, region and currency are fixed', 'صدرت للمستأجر فواتير: البلد والمنطقة والعملة ثابتة', 'country, region and currency change only before the first subscription or invoice'),
	('tenant.billing_fields_staff_only', '42501', 403, 'Only HQ staff may change the country, region or currency', 'لا يغيّر البلد أو المنطقة أو العملة إلا موظفو المقر', 'ask HQ'),
	('tenant.contact_required', '22023', 400, 'Set a contact email before submitting', 'أضف بريداً إلكترونياً للتواصل قبل الإرسال', 'set contact.email'),
	('tenant.forbidden', 'PT403', 403, 'You cannot see this tenant', 'لا يمكنك رؤية هذا المستأجر', 'ask the tenant owner or HQ for access'),
	('tenant.illegal_transition', 'PT409', 409, 'This status change is not allowed', 'تغيير الحالة هذا غير مسموح', NULL),
	('tenant.invalid', '22023', 400, 'The tenant profile is not valid', 'ملف المستأجر غير صالح', NULL),
	('tenant.invalid_country', '22023', 400, 'Invalid country code', 'رمز دولة غير صالح', NULL),
	('tenant.invalid_currency', '22023', 400, 'Invalid currency code', 'رمز عملة غير صالح', NULL),
	('tenant.invalid_locale', '22023', 400, 'Unsupported language', 'لغة غير مدعومة', NULL),
	('tenant.invalid_region', '22023', 400, 'Unknown region', 'منطقة غير معروفة', NULL),
	('tenant.invalid_slug', '22023', 400, 'Invalid slug', 'المعرّف النصي غير صالح', '3–48 characters: lower-case letters, digits and inner hyphens'),
	('tenant.invalid_trial_days', '22023', 400, 'Trial days must be between 1 and 365', 'أيام التجربة بين 1 و365', NULL),
	('tenant.member_is_staff', 'PT409', 409, 'An HQ staff account cannot be a tenant member', 'لا يمكن لحساب من فريق المقر أن يكون عضواً في مستأجر', 'tenant members sign in with their own, non-HQ account'),
	('tenant.name_required', '22023', 400, 'The tenant needs an English name', 'يحتاج المستأجر إلى اسم باللغة الإنجليزية', 'name = {"en": "…", "ar": "…"}'),
	('tenant.not_found', 'PT404', 404, 'No such tenant', 'لا يوجد مستأجر بهذا المعرّف', 'check the tenant id'),
	('tenant.reason_required', '22023', 400, 'A reason is required for this change', 'يلزم ذكر سبب لهذا التغيير', NULL),
	('tenant.retention_not_elapsed', 'PT409', 409, 'The retention period has not passed yet', 'لم تنقضِ فترة الاحتفاظ بعد', NULL),
	('tenant.slug_taken', 'PT409', 409, 'This slug is taken', 'هذا المعرّف النصي مستخدم', 'choose another slug'),
	('tenant.unknown_action', '22023', 400, 'Unknown lifecycle action', 'إجراء غير معروف في دورة حياة المستأجر', 'submit, reject, approve, start_trial, activate, enter_grace, suspend, freeze, reactivate, archive or churn');

-- The error codes workflow raises: private.fail(code, …) takes the SQLSTATE and default hint from here;
-- the console's titles and the docs' code tables are generated from these rows (npx devstack gen-errors).
INSERT INTO private.error_codes (code, sqlstate, http_status, title_en, title_ar, hint_en) VALUES
	('workflow.forbidden', 'PT403', 403, 'Only the tenant''s owners and admins may change its workflows', 'لا يعدّل سير العمل إلا مالكو المستأجر ومديروه', 'ask an owner or admin of the tenant'),
	('workflow.guard_failed', 'PT409', 409, 'The order cannot move to this stage yet', 'لا يمكن نقل الطلب إلى هذه المرحلة بعد', NULL),
	('workflow.illegal_transition', 'PT409', 409, 'The order cannot move to this stage', 'لا يمكن نقل الطلب إلى هذه المرحلة', NULL),
	('workflow.invalid_code', '22023', 400, 'Invalid template code or service category', 'رمز القالب أو فئة الخدمة غير صالح', 'e.g. wash_iron'),
	('workflow.invalid_definition', '22023', 400, 'The workflow is not valid', 'سير العمل غير صالح', NULL),
	('workflow.invalid_guard', '22023', 400, 'Unknown workflow guard', 'شرط سير العمل غير معروف', 'a guard is a function(o public.orders, note text) returns text'),
	('workflow.invalid_limit', '22023', 400, 'Invalid number of rows', 'عدد الصفوف غير صالح', 'e.g. 100'),
	('workflow.invalid_patch', '22023', 400, 'The workflow change is not valid', 'تعديل سير العمل غير صالح', 'keys: rename, sla, disable, add_stages, add_transitions'),
	('workflow.invalid_payload', '22023', 400, 'Invalid workflow job payload', 'بيانات مهمة سير العمل غير صالحة', 'e.g. {"day": "2026-11-22"}'),
	('workflow.invalid_period', '22023', 400, 'Invalid period', 'الفترة غير صالحة', 'e.g. the last 30 days'),
	('workflow.malformed', '22023', 400, 'The draft is not a workflow definition', 'المسودة ليست تعريفًا لسير عمل', 'send {"stages": [...], "transitions": [...]}'),
	('workflow.module_unavailable', 'PT403', 403, 'Workflows are not available to this tenant', 'سير العمل غير متاح لهذا المستأجر', 'the tenant must be in trial, active or grace'),
	('workflow.name_required', '22023', 400, 'The template needs an English name', 'يحتاج القالب إلى اسم بالإنجليزية', 'name: {"en": "...", "ar": "..."}'),
	('workflow.not_published', 'PT409', 409, 'The template has no published version yet', 'لا توجد نسخة منشورة من القالب بعد', 'publish the template first'),
	('workflow.note_too_long', '22023', 400, 'The note is too long', 'الملاحظة طويلة جدًا', 'shorten the note'),
	('workflow.nothing_to_publish', 'PT409', 409, 'Nothing to publish: the draft equals the latest version', 'لا شيء للنشر: المسودة مطابقة لآخر نسخة', NULL),
	('workflow.order_not_found', 'PT404', 404, 'No such order', 'لا يوجد طلب بهذا المعرّف', 'check the order id'),
	('workflow.override_invalid', 'PT409', 409, 'The tenant''s changes do not fit this version', 'تعديلات المستأجر لا تتوافق مع هذه النسخة', NULL),
	('workflow.read_only', 'PT403', 403, 'A read-only impersonation cannot do this', 'لا يمكن تنفيذ ذلك أثناء انتحال بصلاحية القراءة فقط', 'start a full impersonation'),
	('workflow.role_not_allowed', 'PT403', 403, 'Your role in this tenant may not do this', 'دورك لدى هذا المستأجر لا يسمح بذلك', 'allowed roles: owner, admin, operator'),
	('workflow.template_exists', 'PT409', 409, 'A template with this code or service category exists', 'يوجد قالب بهذا الرمز أو بفئة الخدمة هذه', 'edit that template instead'),
	('workflow.template_not_found', 'PT404', 404, 'No such workflow template', 'لا يوجد قالب سير عمل بهذا الرمز', 'check the template id'),
	('workflow.unknown_service_category', '22023', 400, 'No workflow for this service category', 'لا يوجد سير عمل لفئة الخدمة هذه', NULL),
	('workflow.version_immutable', 'PT403', 403, 'Published workflow versions cannot be changed', 'لا يمكن تعديل نسخ سير العمل المنشورة', 'edit the draft and publish a new version');

CREATE OR REPLACE FUNCTION audit.compare_published_head(published jsonb) RETURNS TABLE(ok boolean, kind text, first_missing_seq bigint, reason text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  pub_seq bigint;
  pub_hash bytea;
  row_hash bytea;
  chain_head bigint;
begin
  begin
    pub_seq := (published ->> 'seq')::bigint;
    pub_hash := decode(published ->> 'hash', 'hex');
  exception when others then
    pub_seq := null;
  end;
  if pub_seq is null or pub_seq < 1 or pub_hash is null or length(pub_hash) <> 32 then
    perform private.fail('audit.invalid_published_head', 'a published head is {"seq": <number>, "hash": "<64 hex digits>"}');
  end if;
  select l.hash into row_hash from audit.log l where l.seq = pub_seq;
  if row_hash is null then
    -- The first seq at or below the published head that has no row.
    select coalesce(min(l.seq) + 1, 1) into chain_head
    from audit.log l where l.seq < pub_seq and not exists (select from audit.log n where n.seq = l.seq + 1);
    if not exists (select from audit.log l where l.seq = 1) then
      chain_head := 1;
    end if;
    return query select false, 'cut'::text, chain_head,
      format('the chain ends before the published head (seq %s): rows from seq %s are missing', pub_seq, chain_head);
    return;
  end if;
  if row_hash <> pub_hash then
    return query select false, 'rewritten'::text, pub_seq, format('the row at the published head (seq %s) was rewritten', pub_seq);
    return;
  end if;
  return query select true, 'matches'::text, null::bigint, null::text;
end
$$;

CREATE OR REPLACE FUNCTION audit.head_sink(OUT url text, OUT token text) RETURNS record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
begin
  if to_regclass('vault.decrypted_secrets') is not null then
    execute $q$select max(s.decrypted_secret) filter (where s.name = 'audit_head_sink_url'),
                      max(s.decrypted_secret) filter (where s.name = 'service_role_key')
               from vault.decrypted_secrets s where s.name in ('audit_head_sink_url', 'service_role_key')$q$
      into url, token;
  end if;
  if url is null then
    perform private.fail('audit.sink_missing', 'publishing the audit head needs the Vault secret audit_head_sink_url');
  end if;
end
$_$;

CREATE OR REPLACE FUNCTION audit.record(action text, entity_type text, entity_id text, before jsonb DEFAULT NULL::jsonb, after jsonb DEFAULT NULL::jsonb, tenant_id uuid DEFAULT NULL::uuid, reason text DEFAULT NULL::text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  entry audit.log;
  raw_headers text := current_setting('request.headers', true);
  headers jsonb;
begin
  if record.action is null or record.action !~ '^[a-z_]+(\.[a-z_]+)+$' then
    perform private.fail('audit.invalid_action', format('invalid audit action %L', record.action));
  end if;
  if record.entity_type is null or record.entity_type = '' then
    perform private.fail('audit.invalid_entity', 'audit entity_type is required');
  end if;

  -- Everything that does not depend on the chain is computed before taking the lock.
  entry.actor_id := auth.uid();
  entry.actor_role := private.current_actor_role();
  entry.impersonation_id := private.current_impersonation_id(record.tenant_id);
  entry.tenant_id := record.tenant_id;
  entry.action := record.action;
  entry.entity_type := record.entity_type;
  entry.entity_id := record.entity_id;
  entry.reason := record.reason;
  entry.before := record.before;
  entry.after := record.after;
  entry.diff := case when record.before is not null and record.after is not null
                     then audit.jsonb_diff(record.before, record.after) end;
  if raw_headers is not null and raw_headers <> '' then
    headers := raw_headers::jsonb;
    entry.trace_id := coalesce(headers ->> 'x-trace-id', headers ->> 'traceparent');
    -- Only the first address of X-Forwarded-For (the client); cut to keep log lines bounded.
    entry.ip := left(trim(split_part(headers ->> 'x-forwarded-for', ',', 1)), 64);
    entry.user_agent := left(headers ->> 'user-agent', 512);
  end if;
  entry.hash_version := 2;

  perform pg_advisory_xact_lock(hashtext('audit.log chain'));
  select l.seq, l.hash into entry.seq, entry.prev_hash from audit.log l order by l.seq desc limit 1;
  entry.seq := coalesce(entry.seq, 0) + 1;
  entry.prev_hash := coalesce(entry.prev_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  entry.id := nextval('audit.log_id_seq'::regclass);
  -- Taken under the lock, so time never goes backwards along the chain.
  entry.occurred_at := clock_timestamp();
  entry.hash := audit.chain_hash(entry.prev_hash, entry);

  insert into audit.log overriding system value select entry.*;
  return entry.id;
end
$_$;

CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform private.fail('audit.append_only', format('the audit log is append-only: %s is not allowed', lower(tg_op)));
end
$$;

CREATE OR REPLACE FUNCTION public.unlock_staff(user_id uuid, reason text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  was_locked boolean;
begin
  perform private.assert_permission('staff.manage');
  if coalesce(trim(reason), '') = '' then
    perform private.fail('staff.reason_required', 'a reason is required');
  end if;
  with lifted as (
    delete from private.auth_throttle t
    where t.user_id = unlock_staff.user_id and exists (select from public.platform_staff s where s.user_id = t.user_id)
    returning t.blocked_until
  )
  select coalesce(bool_or(l.blocked_until > clock_timestamp()), false) into was_locked from lifted l;
  perform audit.record('staff.unlock', 'staff', user_id::text, null, jsonb_build_object('was_locked', was_locked), null, reason);
  return was_locked;
end
$$;

CREATE OR REPLACE FUNCTION private.apply_payment_event(payment_event_id bigint) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  ev public.payment_events;
  v_message text;
  v_detail text;
begin
  select * into ev from public.payment_events e where e.id = apply_payment_event.payment_event_id for update;
  if ev.id is null then
    perform private.fail('billing.event_not_found', format('no payment event %s', apply_payment_event.payment_event_id));
  end if;
  if ev.kind is null then
    update public.payment_events e set status = 'ignored' where e.id = ev.id and e.status <> 'ignored';
    return 'ignored';
  end if;
  begin
    if ev.kind like 'payment_%' then
      perform private.sync_gateway_payment(ev.gateway, ev.object_id);
    else
      perform private.sync_gateway_refund(ev.gateway, ev.refund_id);
    end if;
  exception when others then
    get stacked diagnostics v_message = message_text, v_detail = pg_exception_detail;
    update public.payment_events e
    set status = 'failed', attempts = e.attempts + 1,
        last_error = left(v_message || coalesce(' (' || nullif(v_detail, '') || ')', ''), 2000)
    where e.id = ev.id;
    return 'failed';
  end;
  update public.payment_events e
  set status = 'applied', attempts = e.attempts + 1, last_error = null, applied_at = now()
  where e.id = ev.id;
  return 'applied';
end
$$;

CREATE OR REPLACE FUNCTION private.assert_metrics_currency(currency text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if currency is not null and not exists (select from public.currencies c where c.code = assert_metrics_currency.currency) then
    perform private.fail('billing.invalid_currency', format('unknown currency %s', currency));
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_reason(reason text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if reason is null or length(trim(reason)) < 3 then
    perform private.fail('billing.reason_required', 'a reason of at least 3 characters is required');
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.billing_tenant(tenant_id uuid, for_update boolean DEFAULT false) RETURNS public.tenants
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
begin
  if for_update then
    select * into t from public.tenants x where x.id = billing_tenant.tenant_id for update;
  else
    select * into t from public.tenants x where x.id = billing_tenant.tenant_id;
  end if;
  if t.id is null then
    perform private.fail('billing.tenant_not_found', 'no such tenant');
  end if;
  return t;
end
$$;

CREATE OR REPLACE FUNCTION private.credit_customer_balance(tenant_id uuid, amount numeric, currency text, reason text, invoice_id uuid DEFAULT NULL::uuid, credit_note_id uuid DEFAULT NULL::uuid, payment_id uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  tenant_currency text;
begin
  if coalesce(amount, 0) <= 0 then
    return;
  end if;
  select t.currency into tenant_currency from public.tenants t where t.id = credit_customer_balance.tenant_id;
  if tenant_currency is distinct from credit_customer_balance.currency then
    perform private.fail('billing.balance_currency_mismatch', format('a %s credit cannot go to a customer balance kept in %s', currency, coalesce(tenant_currency, '(none)')));
  end if;
  perform private.ensure_billing_profile(credit_customer_balance.tenant_id);
  update public.billing_profiles b set balance = b.balance + credit_customer_balance.amount, updated_at = private.now()
  where b.tenant_id = credit_customer_balance.tenant_id;
  insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id, credit_note_id, payment_id)
  values (credit_customer_balance.tenant_id, credit_customer_balance.amount, credit_customer_balance.currency,
    credit_customer_balance.reason, credit_customer_balance.invoice_id, credit_customer_balance.credit_note_id,
    credit_customer_balance.payment_id);
  perform audit.record('billing_profile.credit_balance', 'billing_profile', credit_customer_balance.tenant_id::text, null,
    jsonb_build_object('amount', credit_customer_balance.amount, 'currency', credit_customer_balance.currency,
      'invoice_id', credit_customer_balance.invoice_id, 'credit_note_id', credit_customer_balance.credit_note_id,
      'payment_id', credit_customer_balance.payment_id), credit_customer_balance.tenant_id, credit_customer_balance.reason);
end
$$;

CREATE OR REPLACE FUNCTION private.currency_minor_unit(currency text) RETURNS integer
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  m int;
begin
  select c.minor_unit into m from public.currencies c where c.code = currency_minor_unit.currency;
  if m is null then
    perform private.fail('billing.unknown_currency', format('unknown currency %s', coalesce(currency, '(null)')),
      'currencies: ' || (select string_agg(c.code, ', ' order by c.code) from public.currencies c));
  end if;
  return m;
end
$$;

CREATE OR REPLACE FUNCTION private.current_plan(plan_code text) RETURNS public.plans
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.plans;
begin
  select * into p from public.plans x where x.code = current_plan.plan_code and x.is_current;
  if p.id is null then
    perform private.fail('billing.plan_not_found', format('no plan %s', coalesce(plan_code, '(null)')),
      coalesce('plans: ' || (select string_agg(x.code, ', ' order by x.tier) from public.plans x where x.is_current and x.status = 'active'), 'none'));
  end if;
  if p.status <> 'active' then
    perform private.fail('billing.plan_archived', format('plan %s is archived', p.code));
  end if;
  return p;
end
$$;

CREATE OR REPLACE FUNCTION private.job_invoice_period(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  sub uuid;
  start_at timestamptz;
begin
  begin
    sub := (payload ->> 'subscription_id')::uuid;
    start_at := (payload ->> 'period_start')::timestamptz;
  exception when others then
    sub := null;
  end;
  if sub is null or start_at is null then
    perform private.fail('billing.invalid_payload', format('bad billing.invoice_period payload %s', payload));
  end if;
  perform private.invoice_period(sub, start_at);
end
$$;

CREATE OR REPLACE FUNCTION private.normalize_payment_method(pm jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_ref text;
  v_customer text;
  v_month int;
  v_year int;
begin
  if pm is null or jsonb_typeof(pm) = 'null' then
    return null;
  end if;
  if jsonb_typeof(pm) <> 'object' then
    perform private.fail('billing.invalid_payment_method', 'payment_method must be an object');
  end if;
  v_ref := btrim(pm ->> 'method_ref');
  if jsonb_typeof(pm -> 'method_ref') is distinct from 'string' or v_ref = '' or length(v_ref) > 200 then
    perform private.fail('billing.invalid_payment_method', 'payment_method.method_ref must be 1 to 200 characters',
      'the Stripe payment method, PayTabs token or HyperPay registration id');
  end if;
  v_customer := nullif(btrim(pm ->> 'customer_ref'), '');
  if length(v_customer) > 200 then
    perform private.fail('billing.invalid_payment_method', 'payment_method.customer_ref must be at most 200 characters',
      'the Stripe customer or PayTabs transaction reference');
  end if;
  if (pm ->> 'exp_month') ~ '^\s*[0-9]{1,2}\s*$' and (pm ->> 'exp_month')::int between 1 and 12 then
    v_month := (pm ->> 'exp_month')::int;
  end if;
  if (pm ->> 'exp_year') ~ '^\s*[0-9]{2}([0-9]{2})?\s*$' then
    v_year := (pm ->> 'exp_year')::int;
    v_year := case when v_year < 100 then 2000 + v_year else v_year end;
    if v_year not between 2000 and 2200 then
      v_year := null;
    end if;
  end if;
  return jsonb_build_object('method_ref', v_ref, 'customer_ref', v_customer,
    'brand', nullif(left(btrim(pm ->> 'brand'), 40), ''),
    'last4', case when btrim(pm ->> 'last4') ~ '^[0-9]{4}$' then btrim(pm ->> 'last4') end,
    'exp_month', v_month, 'exp_year', v_year);
end
$_$;

CREATE OR REPLACE FUNCTION private.reason_code(code text, params jsonb DEFAULT NULL::jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
begin
  if code is null or code !~ '^[a-z_]+(\.[a-z_]+)+$' then
    perform private.fail('billing.invalid_input', format('invalid reason code %L', code));
  end if;
  return (jsonb_build_object('code', code)
          || case when params is not null and params <> '{}'::jsonb then jsonb_build_object('params', params) else '{}'::jsonb end)::text;
end
$_$;

CREATE OR REPLACE FUNCTION private.zatca_tlv_base64(seller_name text, vat_number text, issued_at timestamp with time zone, total text, vat_total text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  vals text[] := array[seller_name, vat_number, to_char(issued_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), total, vat_total];
  tlv bytea := '';
  v bytea;
  i int;
begin
  for i in 1 .. 5 loop
    if vals[i] is null or vals[i] = '' then
      perform private.fail('billing.invalid_seller_profile', format('ZATCA QR: tag %s has no value', i));
    end if;
    v := convert_to(vals[i], 'UTF8');
    if octet_length(v) > 255 then
      perform private.fail('billing.invalid_seller_profile', format('ZATCA QR: tag %s is longer than 255 bytes', i),
        'shorten the seller''s legal name');
    end if;
    tlv := tlv || set_byte('\x00'::bytea, 0, i) || set_byte('\x00'::bytea, 0, octet_length(v)) || v;
  end loop;
  return translate(encode(tlv, 'base64'), E'\n', '');
end
$$;

CREATE OR REPLACE FUNCTION public.apply_coupon(subscription_id uuid, coupon_code text, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  c public.coupons;
  mrr_before numeric;
begin
  perform private.assert_permission('billing.write');
  if coupon_code is null or trim(coupon_code) = '' then
    perform private.fail('billing.invalid_input', 'a coupon code is required', 'e.g. WELCOME10');
  end if;
  s := private.lock_subscription(apply_coupon.subscription_id);
  if s.status not in ('trialing', 'active', 'past_due') then
    perform private.fail('billing.subscription_not_changeable', format('a %s subscription cannot take a coupon', s.status));
  end if;
  mrr_before := private.subscription_mrr(s.id);
  c := private.redeem_coupon(s, coupon_code);
  perform private.record_mrr(s.id, mrr_before);
  perform audit.record('subscription.apply_coupon', 'subscription', s.id::text, null, jsonb_build_object('coupon', c.code, 'coupon_id', c.id), s.tenant_id, reason);
  return private.subscription_json(s.id);
end
$$;

CREATE OR REPLACE FUNCTION public.archive_coupon(coupon_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.coupons;
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  select * into c from public.coupons x where x.id = archive_coupon.coupon_id for update;
  if c.id is null then
    perform private.fail('billing.coupon_not_found', 'no such coupon');
  end if;
  if c.status = 'archived' then
    perform private.fail('billing.coupon_archived', format('coupon %s is archived already', c.code));
  end if;
  update public.coupons x set status = 'archived' where x.id = c.id;
  perform audit.record('coupon.archive', 'coupon', c.id::text, jsonb_build_object('status', c.status), jsonb_build_object('status', 'archived'), null, reason);
  return to_jsonb(c) || jsonb_build_object('status', 'archived');
end
$$;

CREATE OR REPLACE FUNCTION public.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.payments;
  other public.payments;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.fail('billing.forbidden', 'only the payments-checkout function may attach a checkout');
  end if;
  if attach_checkout.gateway_payment_id is null or btrim(attach_checkout.gateway_payment_id) = ''
     or length(attach_checkout.gateway_payment_id) > 200 then
    perform private.fail('billing.invalid_gateway_payment_id', 'the gateway payment id must be 1 to 200 characters');
  end if;
  if attach_checkout.checkout_url is not null and attach_checkout.checkout_url !~ '^https?://' then
    perform private.fail('billing.invalid_checkout_url', 'the checkout URL must be http(s)');
  end if;
  -- Lock order, as private.sync_gateway_payment: the gateway payment's advisory lock first, then
  -- payment rows. The row is read unlocked only to learn its gateway, then locked and read again.
  select * into p from public.payments x where x.id = attach_checkout.payment_id;
  if p.id is null then
    perform private.fail('billing.payment_not_found', 'no such payment');
  end if;
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || p.gateway || ':' || attach_checkout.gateway_payment_id));
  select * into p from public.payments x where x.id = attach_checkout.payment_id for update;
  if p.id is null then
    -- merged into another row by a concurrent attach meanwhile
    perform private.fail('billing.payment_not_found', 'no such payment');
  end if;
  if p.gateway_payment_id is not null and p.gateway_payment_id <> attach_checkout.gateway_payment_id then
    -- Its webhook already adopted this row under the gateway's payment id (HyperPay: the payment id
    -- differs from the checkout id being attached now): keep it, remember the checkout.
    if exists (select from public.payment_events e where e.gateway = p.gateway and e.object_id = p.gateway_payment_id
                 and e.payment_id = p.id)
       and coalesce(p.checkout_ref, attach_checkout.gateway_payment_id) = attach_checkout.gateway_payment_id then
      update public.payments x
      set checkout_ref = attach_checkout.gateway_payment_id, checkout_url = coalesce(attach_checkout.checkout_url, x.checkout_url),
          updated_at = now()
      where x.id = p.id returning * into other;
      perform audit.record('payment.attach', 'payment', p.id::text, to_jsonb(p), to_jsonb(other), p.tenant_id, null);
      return jsonb_build_object('payment_id', other.id, 'status', other.status, 'gateway', other.gateway,
        'gateway_payment_id', other.gateway_payment_id, 'checkout_url', other.checkout_url);
    end if;
    perform private.fail('billing.checkout_already_attached', 'this payment is already attached to another gateway payment');
  end if;
  select * into other from public.payments x
  where x.gateway = p.gateway and x.gateway_payment_id = attach_checkout.gateway_payment_id and x.id <> p.id for update;
  if other.id is not null then
    -- the checkout row goes first: its idempotency key (unique) moves to the row that stays, so a
    -- retry with that key finds the merged payment instead of beginning a new one
    delete from public.payments x where x.id = p.id;
    update public.payments x
    set invoice_id = coalesce(x.invoice_id, p.invoice_id), tenant_id = coalesce(x.tenant_id, p.tenant_id),
        checkout_url = coalesce(attach_checkout.checkout_url, x.checkout_url), created_by = coalesce(x.created_by, p.created_by),
        idempotency_key = coalesce(x.idempotency_key, p.idempotency_key),
        updated_at = now()
    where x.id = other.id;
    perform audit.record('payment.merge', 'payment', other.id::text, to_jsonb(p), to_jsonb(other), other.tenant_id,
      private.reason_code('billing.checkout_merged'));
  else
    update public.payments x
    set gateway_payment_id = attach_checkout.gateway_payment_id, checkout_url = attach_checkout.checkout_url, updated_at = now()
    where x.id = p.id;
    perform audit.record('payment.attach', 'payment', p.id::text, to_jsonb(p),
      (select to_jsonb(x) from public.payments x where x.id = p.id), p.tenant_id, null);
  end if;
  -- Events may already be waiting for this gateway payment.
  p := private.sync_gateway_payment(p.gateway, attach_checkout.gateway_payment_id);
  return jsonb_build_object('payment_id', p.id, 'status', p.status, 'gateway', p.gateway,
    'gateway_payment_id', p.gateway_payment_id, 'checkout_url', p.checkout_url);
end
$$;

CREATE OR REPLACE FUNCTION public.begin_checkout(invoice_id uuid, gateway text DEFAULT NULL::text, idempotency_key text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
  p public.payments;
  v_keyed public.payments;
  v_gateway text;
  v_minor int;
  v_cancelled int := 0;
  v_reused boolean := false;
  v_tenant uuid;
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    perform private.fail('billing.not_signed_in', 'sign in first');
  end if;
  if begin_checkout.idempotency_key is not null
     and (btrim(begin_checkout.idempotency_key) = '' or length(begin_checkout.idempotency_key) > 200) then
    perform private.fail('billing.invalid_idempotency_key', 'the idempotency key must be 1 to 200 characters and not blank');
  end if;
  -- The caller's right first, read without a lock (an invoice's tenant never changes): a caller who
  -- may not pay it gets one answer whether the invoice exists or not, and locks nothing.
  select i.tenant_id into v_tenant from public.invoices i where i.id = begin_checkout.invoice_id;
  if not (private.is_trusted_caller() or private.has_permission('billing.write')
          or (v_tenant is not null and v_tenant in (select private.my_tenant_ids_with_role(array['owner', 'admin'])))) then
    perform private.fail('billing.forbidden', 'only the tenant''s owner or admin, or billing staff, may pay this invoice',
      'sign in as the tenant owner');
  end if;
  select * into inv from public.invoices i where i.id = begin_checkout.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  -- The invoice row is locked: calls for one invoice are serialised, so a key is looked up after any
  -- earlier call with it has committed. (Calls with one key for two invoices meet at the unique index.)
  if begin_checkout.idempotency_key is not null then
    select * into v_keyed from public.payments x where x.idempotency_key = begin_checkout.idempotency_key for update;
    if v_keyed.id is not null and v_keyed.invoice_id is distinct from inv.id then
      perform private.fail('billing.idempotency_key_reused', 'this idempotency key was used for another invoice');
    end if;
  end if;
  if inv.status not in ('open', 'uncollectible') or inv.amount_due <= 0 then
    perform private.fail('billing.invoice_not_payable', format('invoice %s is %s with %s due', coalesce(inv.number, inv.id::text),
      inv.status, inv.amount_due));
  end if;
  v_gateway := coalesce(nullif(begin_checkout.gateway, ''), v_keyed.gateway,
                        (select b.preferred_gateway from public.billing_profiles b where b.tenant_id = inv.tenant_id), 'stripe');
  if v_gateway not in ('stripe', 'paytabs', 'hyperpay') then
    perform private.fail('billing.unknown_gateway', format('unknown gateway %s', v_gateway));
  end if;
  select c.minor_unit into v_minor from public.currencies c where c.code = inv.currency;

  if v_keyed.id is not null then
    if v_keyed.gateway <> v_gateway then
      perform private.fail('billing.idempotency_key_reused', format('this idempotency key was used with %s', v_keyed.gateway),
        'retry with the same gateway, or use a new key');
    end if;
    -- A retry of the same attempt: that payment, as it is. Cancelled by our own failed gateway call,
    -- it is reopened: the gateway may have taken the call, and the retry (same gateway key) will
    -- get its original answer.
    v_reused := true;
    p := v_keyed;
    if v_keyed.status = 'cancelled' and v_keyed.failure_code = 'checkout_failed' then
      update public.payments x
      set status = 'pending', cancelled_at = null, failure_code = null, failure_message = null, updated_at = now()
      where x.id = v_keyed.id
      returning * into p;
      perform audit.record('payment.reopen', 'payment', p.id::text, to_jsonb(v_keyed), to_jsonb(p), p.tenant_id,
        private.reason_code('billing.checkout_retried'));
    end if;
  else
    -- A new attempt supersedes the invoice's earlier pending checkouts the gateway never reported on
    -- (abandoned pages, failed gateway calls): they are cancelled, so one invoice has at most one live
    -- checkout. If the old page is paid after all, its webhook still wins (status only rises) and the
    -- money goes to the invoice or, if already paid, to the customer balance.
    v_cancelled := private.cancel_pending_checkouts(inv.id, null, 'superseded', 'a new checkout was started for this invoice');
    begin
      insert into public.payments (invoice_id, tenant_id, gateway, amount, currency, status, created_by, idempotency_key)
      values (inv.id, inv.tenant_id, v_gateway, inv.amount_due, inv.currency, 'pending', auth.uid(), begin_checkout.idempotency_key)
      returning * into p;
    exception when unique_violation then
      -- the same key committed meanwhile for another invoice (this invoice's calls are serialised)
      perform private.fail('billing.idempotency_key_reused', 'this idempotency key was used for another invoice');
    end;
    perform audit.record('payment.checkout', 'payment', p.id::text, null, to_jsonb(p), p.tenant_id, null);
  end if;
  return jsonb_build_object('payment_id', p.id, 'invoice_id', inv.id, 'invoice_number', inv.number, 'tenant_id', inv.tenant_id,
    'amount', p.amount, 'amount_minor', (p.amount * power(10::numeric, v_minor))::bigint, 'currency', p.currency,
    'gateway', p.gateway, 'description', format('CleanMateX invoice %s', coalesce(inv.number, inv.id::text)),
    'superseded', v_cancelled, 'idempotency_key', p.idempotency_key, 'reused', v_reused, 'status', p.status,
    'gateway_payment_id', p.gateway_payment_id);
end
$$;

CREATE OR REPLACE FUNCTION public.cancel_checkout(payment_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before public.payments;
  v_after public.payments;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.fail('billing.forbidden', 'only the payments-checkout function may cancel a checkout');
  end if;
  if coalesce(length(btrim(cancel_checkout.reason)), 0) < 3 or length(cancel_checkout.reason) > 1000 then
    perform private.fail('billing.reason_required', 'say why (3 to 1000 characters)', 'e.g. "gateway call failed: timeout"');
  end if;
  select * into v_before from public.payments x where x.id = cancel_checkout.payment_id for update;
  if v_before.id is null then
    perform private.fail('billing.payment_not_found', 'no such payment', 'check the payment id');
  end if;
  if v_before.status = 'cancelled' then
    return jsonb_build_object('payment_id', v_before.id, 'status', v_before.status, 'changed', false);
  end if;
  if v_before.status <> 'pending' or v_before.gateway = 'manual' then
    perform private.fail('billing.payment_not_pending', format('the payment is %s', v_before.status));
  end if;
  update public.payments x
  set status = 'cancelled', cancelled_at = private.now(), failure_code = 'checkout_failed',
      failure_message = btrim(cancel_checkout.reason), updated_at = now()
  where x.id = v_before.id
  returning * into v_after;
  perform audit.record('payment.cancel', 'payment', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after), v_after.tenant_id,
    btrim(cancel_checkout.reason));
  return jsonb_build_object('payment_id', v_after.id, 'status', v_after.status, 'changed', true);
end
$$;

CREATE OR REPLACE FUNCTION public.cancel_subscription(subscription_id uuid, at_period_end boolean DEFAULT true, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  before_json jsonb;
  mrr_before numeric;
  credit jsonb;
  final_info jsonb;
begin
  perform private.assert_permission('billing.write');
  if at_period_end is null then
    perform private.fail('billing.invalid_input', 'at_period_end must be true or false',
      'true cancels at the period end, false now');
  end if;
  s := private.lock_subscription(cancel_subscription.subscription_id);
  if s.status = 'cancelled' then
    perform private.fail('billing.subscription_cancelled', 'the subscription is cancelled already');
  end if;
  before_json := private.subscription_json(s.id);
  if at_period_end then
    if s.cancel_at_period_end then
      perform private.fail('billing.cancel_already_scheduled', 'the subscription is already set to cancel at the period end');
    end if;
    update public.subscriptions x set cancel_at_period_end = true, pending_plan_id = null, updated_at = private.now() where x.id = s.id;
  else
    mrr_before := private.subscription_mrr(s.id);
    credit := private.unused_time_credit(s, private.subscription_amount(s));
    update public.subscriptions x set status = 'cancelled', cancelled_at = private.now(), cancel_at_period_end = false, pending_plan_id = null,
      status_changed_at = private.now(), updated_at = private.now() where x.id = s.id;
    final_info := private.final_invoice(s, credit);
    perform private.record_mrr(s.id, mrr_before);
  end if;
  perform audit.record('subscription.cancel', 'subscription', s.id::text, before_json,
    private.subscription_json(s.id) || jsonb_build_object('at_period_end', at_period_end, 'final', final_info), s.tenant_id, reason);
  return private.subscription_json(s.id) || jsonb_build_object('final', final_info,
    'final_invoice', case when final_info ->> 'invoice_id' is not null then private.invoice_json((final_info ->> 'invoice_id')::uuid) end);
end
$$;

CREATE OR REPLACE FUNCTION public.change_subscription_plan(subscription_id uuid, plan_code text, effective text DEFAULT NULL::text, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
begin
  perform private.assert_permission('billing.write');
  if effective is not null and effective not in ('now', 'period_end') then
    perform private.fail('billing.invalid_effective', format('effective must be now or period_end, got %s', effective));
  end if;
  s := private.lock_subscription(change_subscription_plan.subscription_id);
  return private.change_subscription_plan_core(s, plan_code, effective, reason);
end
$$;

CREATE OR REPLACE FUNCTION public.create_coupon(definition jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.coupons;
  allowed text[] := array['code', 'name', 'kind', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_periods',
                          'expires_at', 'max_redemptions', 'plan_codes'];
  extra text;
  unknown_plans text;
  constraint_name text;
begin
  perform private.assert_permission('billing.write');
  if definition is null or jsonb_typeof(definition) <> 'object' then
    perform private.fail('billing.invalid_coupon', 'the coupon definition must be a JSON object',
      'keys: ' || array_to_string(allowed, ', '));
  end if;
  select string_agg(k, ', ') into extra from jsonb_object_keys(definition) k where k <> all (allowed);
  if extra is not null then
    perform private.fail('billing.invalid_coupon', format('unknown coupon keys: %s', extra),
      'keys: ' || array_to_string(allowed, ', '));
  end if;
  if definition ? 'plan_codes' and jsonb_typeof(definition -> 'plan_codes') not in ('array', 'null') then
    perform private.fail('billing.invalid_coupon', 'plan_codes must be an array of plan codes');
  end if;
  select string_agg(x, ', ') into unknown_plans
  from jsonb_array_elements_text(case when jsonb_typeof(definition -> 'plan_codes') = 'array' then definition -> 'plan_codes' else '[]' end) x
  where not exists (select from public.plans p where p.code = x);
  if unknown_plans is not null then
    perform private.fail('billing.unknown_plan', format('unknown plan codes: %s', unknown_plans));
  end if;
  if definition ->> 'currency' is not null then
    perform private.currency_minor_unit(definition ->> 'currency');
  end if;
  begin
    insert into public.coupons (code, name, kind, percent_off, amount_off, currency, duration, duration_periods, expires_at,
                                max_redemptions, plan_codes, created_by)
    values (upper(trim(definition ->> 'code')), definition -> 'name', definition ->> 'kind', (definition ->> 'percent_off')::numeric,
            private.round_money((definition ->> 'amount_off')::numeric, coalesce(definition ->> 'currency', 'USD')),
            definition ->> 'currency', definition ->> 'duration', (definition ->> 'duration_periods')::int,
            (definition ->> 'expires_at')::timestamptz, (definition ->> 'max_redemptions')::int,
            case when jsonb_typeof(definition -> 'plan_codes') = 'array'
                 then array(select jsonb_array_elements_text(definition -> 'plan_codes')) end,
            auth.uid())
    returning * into c;
  exception
    when unique_violation then
      perform private.fail('billing.coupon_exists', format('a coupon %s exists already', upper(trim(definition ->> 'code'))));
    when check_violation or not_null_violation then
      get stacked diagnostics constraint_name = constraint_name;
      perform private.fail('billing.invalid_coupon', format('invalid coupon (%s)', coalesce(nullif(constraint_name, ''), 'a required field is missing')),
        'code A-Z 0-9 _ - (3–40); name {en}; kind percent (percent_off 0–100] or fixed (amount_off > 0 and currency); '
        || 'duration once|forever|repeating (duration_periods 1–120); max_redemptions ≥ 1');
    when invalid_text_representation or numeric_value_out_of_range or invalid_datetime_format or datetime_field_overflow then
      perform private.fail('billing.invalid_coupon', 'a coupon field has the wrong type',
        'numbers for amounts and counts, an ISO time for expires_at');
  end;
  perform audit.record('coupon.create', 'coupon', c.id::text, null, to_jsonb(c), null, null);
  return to_jsonb(c);
end
$$;

CREATE OR REPLACE FUNCTION public.create_invoice(tenant_id uuid, lines jsonb, memo text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  inv public.invoices;
  l jsonb;
  i int := 0;
  k text;
  q numeric;
  u numeric;
  mu int;
  sum_abs numeric := 0;
begin
  perform private.assert_permission('billing.write');
  t := private.billing_tenant(create_invoice.tenant_id);
  mu := private.currency_minor_unit(t.currency);
  if lines is null or jsonb_typeof(lines) <> 'array' or jsonb_array_length(lines) = 0 or jsonb_array_length(lines) > 200 then
    perform private.fail('billing.invalid_lines', 'lines must be an array of 1 to 200 lines');
  end if;
  if memo is not null and length(memo) > 2000 then
    perform private.fail('billing.invalid_memo', 'the memo is at most 2000 characters');
  end if;
  for l in select x from jsonb_array_elements(lines) x loop
    i := i + 1;
    if jsonb_typeof(l) <> 'object' or jsonb_typeof(l -> 'description') is distinct from 'object'
       or coalesce(trim(l -> 'description' ->> 'en'), '') = '' then
      perform private.fail('billing.invalid_lines', format('line %s needs a description {en, ar}', i),
        'description.en must not be blank');
    end if;
    k := coalesce(l ->> 'kind', 'adjustment');
    if k not in ('plan', 'add_on', 'proration', 'overage', 'adjustment') then
      perform private.fail('billing.invalid_lines', format('line %s: unknown kind %s', i, k),
        'plan, add_on, proration, overage or adjustment');
    end if;
    if (l ? 'quantity' and jsonb_typeof(l -> 'quantity') <> 'number') or jsonb_typeof(l -> 'unit_amount') is distinct from 'number' then
      perform private.fail('billing.invalid_lines', format('line %s: quantity and unit_amount must be numbers', i),
        'unit_amount is required');
    end if;
    q := coalesce((l ->> 'quantity')::numeric, 1);
    u := (l ->> 'unit_amount')::numeric;
    if q <= 0 or q > 1000000 then
      perform private.fail('billing.invalid_lines', format('line %s: quantity must be above 0', i),
        format('got %s', q));
    end if;
    -- the line stores quantity as numeric(14,3): more decimals would be stored as another quantity
    if round(q, 3) <> q then
      perform private.fail('billing.invalid_lines', format('line %s: quantity %s has more than 3 decimals', i, q),
        'give at most 3 decimals');
    end if;
    if u < 0 and k <> 'adjustment' then
      perform private.fail('billing.invalid_lines', format('line %s: a negative amount must be an adjustment', i),
        'use kind adjustment for credits');
    end if;
    if abs(u) >= 100000000 then
      perform private.fail('billing.invalid_lines', format('line %s: unit_amount %s is too large', i, u),
        'a unit amount stays below 100 000 000');
    end if;
    if round(u, mu) <> u then
      perform private.fail('billing.invalid_lines', format('line %s: unit_amount %s has more than %s decimals for %s', i, u, mu, t.currency),
        'give unit amounts in the currency''s minor unit');
    end if;
    -- amounts are numeric(14,3) (below 10^11): each line and the lines together stay below 10^10,
    -- so the total with tax (rate < 100 %) fits; otherwise a raw numeric overflow, with no billing code
    if abs(round(q * u, mu)) >= 10000000000 then
      perform private.fail('billing.invalid_lines', format('line %s: amount %s is too large', i, round(q * u, mu)),
        'a line amount stays below 10 000 000 000');
    end if;
    sum_abs := sum_abs + abs(round(q * u, mu));
  end loop;
  if sum_abs >= 10000000000 then
    perform private.fail('billing.invalid_lines', format('the lines add up to %s, too large for one invoice', sum_abs),
      'the lines together stay below 10 000 000 000; split the invoice');
  end if;
  inv := private.new_invoice(t.id, null, 'manual', t.currency, null, null, null, memo);
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, source)
  select inv.id, t.id, x.n, coalesce(x.v ->> 'kind', 'adjustment'), x.v -> 'description', coalesce((x.v ->> 'quantity')::numeric, 1),
         (x.v ->> 'unit_amount')::numeric, round(coalesce((x.v ->> 'quantity')::numeric, 1) * (x.v ->> 'unit_amount')::numeric, mu),
         jsonb_build_object('manual', true)
  from jsonb_array_elements(lines) with ordinality x(v, n);
  inv := private.recompute_invoice_amounts(inv.id);
  perform audit.record('invoice.create', 'invoice', inv.id::text, null,
    jsonb_build_object('status', 'draft', 'currency', inv.currency, 'total', inv.total, 'lines', jsonb_array_length(lines)), t.id, memo);
  return private.invoice_json(inv.id);
end
$$;

CREATE OR REPLACE FUNCTION public.create_subscription(tenant_id uuid, plan_code text, billing_interval text DEFAULT 'month'::text, add_ons jsonb DEFAULT '[]'::jsonb, coupon_code text DEFAULT NULL::text, trial_days integer DEFAULT NULL::integer, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  p public.plans;
  s public.subscriptions;
  inv public.invoices;
  a jsonb;
  days int;
  now_at timestamptz := private.now();
  violations text[];
  mrr_before numeric := 0;
  p_interval text := coalesce(create_subscription.billing_interval, 'month');
begin
  perform private.assert_permission('billing.write');
  if p_interval not in ('month', 'year') then
    perform private.fail('billing.invalid_interval', format('billing interval must be month or year, got %s', p_interval));
  end if;
  if trial_days is not null and trial_days not between 0 and 365 then
    perform private.fail('billing.invalid_trial_days', format('trial_days must be 0–365, got %s', trial_days));
  end if;
  if add_ons is not null and jsonb_typeof(add_ons) <> 'array' then
    perform private.fail('billing.invalid_add_ons', 'add_ons must be an array of {code, quantity}');
  end if;
  t := private.billing_tenant(create_subscription.tenant_id, true);
  perform private.currency_minor_unit(t.currency);
  p := private.current_plan(plan_code);
  if private.plan_price(p.id, t.currency, p_interval) is null then
    perform private.fail('billing.no_price', format('plan %s has no %s price in %s', p.code, p_interval, t.currency));
  end if;
  if exists (select from public.subscriptions x where x.tenant_id = t.id and x.plan_id is not null and x.status <> 'cancelled') then
    perform private.fail('billing.subscription_exists', 'the tenant has a live plan subscription already');
  end if;
  for a in select x from jsonb_array_elements(coalesce(add_ons, '[]')) x loop
    if jsonb_typeof(a) <> 'object' or jsonb_typeof(a -> 'code') is distinct from 'string'
       or (a ? 'quantity' and (jsonb_typeof(a -> 'quantity') <> 'number' or (a ->> 'quantity')::numeric not between 1 and 1000
                               or (a ->> 'quantity')::numeric <> trunc((a ->> 'quantity')::numeric))) then
      perform private.fail('billing.invalid_add_ons', format('bad add-on entry %s', a),
        '{"code":"extra_branch","quantity":1..1000}');
    end if;
    if not exists (select from public.add_ons x where x.code = a ->> 'code' and x.status = 'active') then
      perform private.fail('billing.unknown_add_on', format('no active add-on %s', a ->> 'code'));
    end if;
    if private.add_on_price(a ->> 'code', t.currency, p_interval) is null then
      perform private.fail('billing.no_price', format('add-on %s has no price in %s', a ->> 'code', t.currency));
    end if;
  end loop;
  if (select count(distinct x ->> 'code') <> count(*) from jsonb_array_elements(coalesce(add_ons, '[]')) x) then
    perform private.fail('billing.invalid_add_ons', 'an add-on is listed twice', 'give each add-on once with its quantity');
  end if;
  violations := private.plan_violations(t.id, p.id);
  if cardinality(violations) > 0 then
    perform private.fail('billing.plan_limits_exceeded', format('current usage exceeds the hard limits of %s', p.code),
      array_to_string(violations, '; '));
  end if;

  days := coalesce(trial_days, p.trial_days);
  insert into public.subscriptions (tenant_id, plan_id, billing_interval, currency, status, current_period_start, current_period_end,
                                    trial_end, billing_anchor, status_changed_at, created_by, created_at, updated_at)
  values (t.id, p.id, p_interval, t.currency, case when days > 0 then 'trialing' else 'active' end, now_at,
          case when days > 0 then private.local_add(now_at, make_interval(days => days), t.timezone)
               else private.period_boundary(now_at, p_interval, 1, t.timezone) end,
          case when days > 0 then private.local_add(now_at, make_interval(days => days), t.timezone) end,
          -- the anchor: now, or the trial end (the first paid period starts there)
          case when days > 0 then private.local_add(now_at, make_interval(days => days), t.timezone) else now_at end,
          now_at, auth.uid(), now_at, now_at)
  returning * into s;
  insert into public.subscription_add_ons (subscription_id, tenant_id, add_on_code, quantity)
  select s.id, t.id, x ->> 'code', coalesce((x ->> 'quantity')::int, 1) from jsonb_array_elements(coalesce(add_ons, '[]')) x;
  if coupon_code is not null then
    perform private.redeem_coupon(s, coupon_code);
  end if;
  if s.status = 'active' then
    inv := private.build_subscription_invoice(s, 'subscription_create', 'invoice:' || s.id || ':' || private.iso_instant(s.current_period_start),
                                              s.current_period_start, s.current_period_end, false);
  end if;
  perform private.sync_tenant_plan(s, 'subscription.create');
  if jsonb_array_length(coalesce(add_ons, '[]')) > 0 then
    insert into public.tenant_add_ons as x (tenant_id, add_on_code, quantity, started_at)
    select t.id, y ->> 'code', coalesce((y ->> 'quantity')::int, 1), now_at from jsonb_array_elements(add_ons) y
    on conflict on constraint tenant_add_ons_pkey do update set quantity = excluded.quantity, expires_at = null;
    perform private.refresh_entitlements(t.id, 'billing.add_on');
  end if;
  perform private.record_mrr(s.id, mrr_before);
  perform audit.record('subscription.create', 'subscription', s.id::text, null, private.subscription_json(s.id), t.id, reason);
  return private.subscription_json(s.id) || jsonb_build_object('invoice', case when inv.id is not null then private.invoice_json(inv.id) end);
end
$$;

CREATE OR REPLACE FUNCTION public.dunning_advance(case_id uuid, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.dunning_cases;
  v_action text;
begin
  perform private.assert_permission('billing.write');
  select * into c from public.dunning_cases x where x.id = dunning_advance.case_id for update;
  if c.id is null then
    perform private.fail('billing.case_not_found', 'no such dunning case');
  end if;
  if c.closed_at is not null then
    perform private.fail('billing.case_closed', format('the case is closed (%s)', c.stage));
  end if;
  if c.next_action is null then
    perform private.fail('billing.nothing_to_run', 'the case has no next action');
  end if;
  v_action := private.dunning_step(c.id, true, coalesce(nullif(btrim(dunning_advance.reason), ''), 'advanced by an operator'));
  if v_action is null then
    perform private.fail('billing.nothing_to_run', 'the case''s invoice is no longer open', 'refresh the dunning board');
  end if;
  select * into c from public.dunning_cases x where x.id = c.id;
  perform audit.record('dunning.advance', 'dunning_case', c.id::text, null, jsonb_build_object('action', v_action, 'stage', c.stage),
    c.tenant_id, nullif(btrim(dunning_advance.reason), ''));
  return to_jsonb(c) || jsonb_build_object('action_run', v_action);
end
$$;

CREATE OR REPLACE FUNCTION public.fail_refund(refund_id uuid, code text, message text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before public.refunds;
  r public.refunds;
  v_credit numeric;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.fail('billing.forbidden', 'only the refund job may fail a refund');
  end if;
  if coalesce(length(btrim(fail_refund.message)), 0) < 3 or length(fail_refund.message) > 1000 then
    perform private.fail('billing.reason_required', 'say why the gateway refused (3 to 1000 characters)',
      'the gateway''s result description');
  end if;
  if length(fail_refund.code) > 200 then
    perform private.fail('billing.invalid_input', 'the failure code must be at most 200 characters',
      'the gateway''s result code');
  end if;
  select * into v_before from public.refunds x where x.id = fail_refund.refund_id;
  if v_before.id is null then
    perform private.fail('billing.refund_not_found', 'no such refund');
  end if;
  -- the lock order of the apply job: the gateway payment's advisory lock, then rows
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || v_before.gateway || ':' || v_before.gateway_payment_id));
  select * into v_before from public.refunds x where x.id = fail_refund.refund_id for update;
  if v_before.status <> 'pending' then
    return jsonb_build_object('refund_id', v_before.id, 'status', v_before.status, 'changed', false, 'credited_to_balance', 0);
  end if;
  update public.refunds x
  set status = 'failed', failure_code = nullif(btrim(fail_refund.code), ''), failure_message = btrim(fail_refund.message),
      failed_at = private.now(), updated_at = now()
  where x.id = v_before.id
  returning * into r;
  perform audit.record('refund.failed', 'refund', r.id::text, to_jsonb(v_before), to_jsonb(r), r.tenant_id, r.failure_message);
  if r.payment_id is not null then
    perform private.refresh_payment_refunds(r.payment_id);
  end if;
  v_credit := private.settle_failed_refund_credit(r.id);
  return jsonb_build_object('refund_id', r.id, 'status', r.status, 'changed', true, 'credited_to_balance', v_credit);
end
$$;

CREATE OR REPLACE FUNCTION public.gateway_webhook_secret(account_id uuid, gateway text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_secret_name text;
  v_secret text;
begin
  if not private.is_trusted_caller() then
    perform private.fail('billing.service_role_only', 'only the payment Edge Functions may read gateway secrets');
  end if;
  if gateway_webhook_secret.gateway is null or gateway_webhook_secret.gateway not in ('stripe', 'paytabs', 'hyperpay') then
    perform private.fail('billing.invalid_gateway', format('unknown gateway: %s', coalesce(gateway_webhook_secret.gateway, 'null')));
  end if;
  if gateway_webhook_secret.account_id is null then
    perform private.fail('billing.invalid_gateway_account', 'account_id is required');
  end if;

  select a.secret_name into v_secret_name
  from public.gateway_accounts a
  where a.id = gateway_webhook_secret.account_id and a.gateway = gateway_webhook_secret.gateway and a.active;
  if v_secret_name is null then
    perform private.fail('billing.unknown_gateway_account', format('no active %s merchant account %s', gateway_webhook_secret.gateway, gateway_webhook_secret.account_id));
  end if;

  select s.decrypted_secret into v_secret from vault.decrypted_secrets s where s.name = v_secret_name;
  if v_secret is null or btrim(v_secret) = '' then
    perform private.fail('billing.gateway_secret_missing', format('the Vault secret %s of merchant account %s is missing', v_secret_name, gateway_webhook_secret.account_id));
  end if;
  return v_secret;
end
$$;

CREATE OR REPLACE FUNCTION public.ingest_payment_event(event jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_gateway text;
  v_event_id text;
  v_event_type text;
  v_kind text;
  v_amount numeric;
  v_currency text;
  v_occurred timestamptz;
  v_invoice uuid;
  v_payment uuid;
  v_method jsonb;
  v_id bigint;
  v_account uuid;
  v_account_tenant uuid;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.fail('billing.forbidden', 'only the payment gateway functions may record payment events',
      'call through the payments-<gateway> Edge Function');
  end if;
  if event is null or jsonb_typeof(event) <> 'object' then
    perform private.fail('billing.invalid_event', 'the event must be a JSON object', 'send the normalised event');
  end if;
  v_gateway := event ->> 'gateway';
  if v_gateway is null or v_gateway not in ('stripe', 'paytabs', 'hyperpay') then
    perform private.fail('billing.unknown_gateway', format('unknown gateway %s', coalesce(v_gateway, 'null')));
  end if;
  v_event_id := event ->> 'event_id';
  if v_event_id is null or btrim(v_event_id) = '' or length(v_event_id) > 200 then
    perform private.fail('billing.invalid_event_id', 'the event id must be 1 to 200 characters');
  end if;
  v_event_type := event ->> 'event_type';
  if v_event_type is null or btrim(v_event_type) = '' or length(v_event_type) > 200 then
    perform private.fail('billing.invalid_event', 'the event type must be 1 to 200 characters',
      'use the gateway''s own event type');
  end if;
  v_kind := nullif(event ->> 'kind', '');
  if v_kind is not null and v_kind not in ('payment_succeeded', 'payment_failed', 'payment_pending', 'refund_succeeded', 'refund_failed') then
    perform private.fail('billing.unknown_kind', format('unknown event kind %s', v_kind));
  end if;
  if event -> 'payload' is not null and jsonb_typeof(event -> 'payload') not in ('object', 'array') then
    perform private.fail('billing.invalid_event', 'payload must be the raw event (an object)', 'send the parsed body');
  end if;
  if event ? 'amount' and jsonb_typeof(event -> 'amount') <> 'null' then
    if jsonb_typeof(event -> 'amount') <> 'number' or (event ->> 'amount')::numeric < 0 then
      perform private.fail('billing.invalid_amount', 'amount must be a number ≥ 0 (major units)');
    end if;
    v_amount := (event ->> 'amount')::numeric;
  end if;
  v_currency := nullif(upper(event ->> 'currency'), '');
  if v_currency is not null and not exists (select from public.currencies c where c.code = v_currency) then
    perform private.fail('billing.unknown_currency', format('unknown currency %s', v_currency),
      'one of ' || (select string_agg(c.code, ', ' order by c.code) from public.currencies c));
  end if;
  if v_amount is not null then
    if v_currency is null then
      perform private.fail('billing.invalid_amount', 'an amount needs its currency', 'send currency with amount');
    end if;
    v_amount := private.round_money(v_amount, v_currency);
    if v_amount >= 1e11 then
      perform private.fail('billing.invalid_amount', 'amount is too large', 'major units, below 100 000 000 000');
    end if;
  end if;
  if v_kind is not null then
    if v_amount is null then
      perform private.fail('billing.invalid_amount', format('a %s event needs amount and currency', v_kind),
        'send the amount in major units');
    end if;
    if coalesce(btrim(event ->> 'object_id'), '') = '' or length(event ->> 'object_id') > 200 then
      perform private.fail('billing.invalid_event', format('a %s event needs object_id (the gateway payment id)', v_kind),
        'the payment intent / transaction reference');
    end if;
    if v_kind like 'refund_%' and (coalesce(btrim(event ->> 'refund_id'), '') = '' or length(event ->> 'refund_id') > 200) then
      perform private.fail('billing.invalid_event', 'a refund event needs refund_id (the gateway refund id)',
        'the refund reference');
    end if;
  end if;
  -- An ISO date-time, finite: PostgreSQL alone would also take 'now', 'epoch' and 'infinity'.
  if nullif(event ->> 'occurred_at', '') !~ '^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$' then
    perform private.fail('billing.invalid_event', 'occurred_at must be an ISO timestamp');
  end if;
  begin
    v_occurred := nullif(event ->> 'occurred_at', '')::timestamptz;
  exception when others then
    perform private.fail('billing.invalid_event', 'occurred_at must be an ISO timestamp');
  end;
  begin
    v_account := nullif(event ->> 'gateway_account_id', '')::uuid;
  exception when others then
    perform private.fail('billing.invalid_gateway_account', 'gateway_account_id must be a gateway account id',
      'the ?account= of the webhook URL, or null for the platform secret');
  end;
  if v_account is not null then
    select a.tenant_id into v_account_tenant from public.gateway_accounts a
    where a.id = v_account and a.gateway = v_gateway and a.active;
    if not found then
      perform private.fail('billing.unknown_gateway_account', format('no active %s merchant account %s', v_gateway, v_account),
        'check the webhook URL''s account parameter');
    end if;
  end if;
  begin
    v_invoice := nullif(event ->> 'invoice_id', '')::uuid;
  exception when others then
    -- Metadata that names no invoice of ours: keep the event, just without an invoice.
    v_invoice := null;
  end;
  begin
    v_payment := nullif(event ->> 'payment_id', '')::uuid;
  exception when others then
    v_payment := null;
  end;

  v_method := private.normalize_payment_method(event -> 'payment_method');

  if v_account_tenant is not null then
    -- HQ invoices are paid to the platform's accounts only. A tenant holds its own account's secret,
    -- so an event it verifies is the tenant's word, not the gateway's: recorded, never applied.
    insert into public.payment_events as e (gateway, event_id, event_type, occurred_at, payload, status, last_error, gateway_account_id)
    values (v_gateway, v_event_id, v_event_type, v_occurred, coalesce(event -> 'payload', '{}'::jsonb), 'ignored',
      'received on a tenant''s own merchant account: HQ billing applies only the platform''s accounts', v_account)
    on conflict (gateway, coalesce(gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid), event_id) do nothing
    returning e.id into v_id;
    v_kind := null;
  else
    insert into public.payment_events as e (gateway, event_id, event_type, kind, object_id, invoice_id, occurred_at, payload, status,
      amount, currency, refund_id, failure_code, failure_message, payment_id, payment_method, gateway_account_id)
    values (v_gateway, v_event_id, v_event_type, v_kind, nullif(btrim(event ->> 'object_id'), ''), v_invoice, v_occurred,
      coalesce(event -> 'payload', '{}'::jsonb), case when v_kind is null then 'ignored' else 'received' end,
      v_amount, v_currency, nullif(btrim(event ->> 'refund_id'), ''), left(event ->> 'failure_code', 200),
      left(event ->> 'failure_message', 1000), v_payment, v_method, v_account)
    on conflict (gateway, coalesce(gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid), event_id) do nothing
    returning e.id into v_id;
  end if;

  if v_id is null then
    select e.id into v_id from public.payment_events e
    where e.gateway = v_gateway and e.event_id = v_event_id
      and coalesce(e.gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid)
          = coalesce(v_account, '00000000-0000-0000-0000-000000000000'::uuid);
    return jsonb_build_object('status', 'duplicate', 'id', v_id);
  end if;
  if v_kind is null then
    return jsonb_build_object('status', 'ignored', 'id', v_id);
  end if;
  -- The key names the event (hashed when the id is too long for a job key).
  perform private.enqueue('billing', 'billing.apply_payment_event', jsonb_build_object('payment_event_id', v_id),
    'payment_event:' || v_gateway || ':' || case when length(v_event_id) > 160 then 'md5:' || md5(v_event_id) else v_event_id end);
  return jsonb_build_object('status', 'stored', 'id', v_id);
end
$_$;

CREATE OR REPLACE FUNCTION public.invoice_run_progress(since timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  remaining int;
  succeeded int;
  failed int;
begin
  perform private.assert_permission('billing.read');
  if since is null or since > now() + interval '1 minute' or since < now() - interval '1 day' then
    perform private.fail('billing.invalid_since', 'since must be within the last day');
  end if;
  select count(*) into remaining from public.subscriptions s
  where s.status in ('trialing', 'active', 'past_due') and s.current_period_end <= private.now();
  select count(*) filter (where r.outcome = 'succeeded'),
         count(*) filter (where r.outcome in ('failed', 'dead_lettered', 'timed_out'))
    into succeeded, failed
  from private.job_runs r
  where r.job_type = 'billing.invoice_period' and r.started_at >= since;
  return jsonb_build_object('remaining', remaining, 'succeeded', succeeded, 'failed', failed);
end
$$;

CREATE OR REPLACE FUNCTION public.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
  cn public.credit_notes;
  p public.payments;
  rf public.refunds;
  v_amount numeric := issue_credit_note.amount;
  v_creditable numeric;
  v_tax_left numeric;
  v_tax numeric;
  v_total numeric;
  v_paid_left numeric;
  v_year int;
begin
  perform private.assert_permission('billing.write');
  if method is null or method not in ('reduce_amount_due', 'refund', 'customer_balance') then
    perform private.fail('billing.invalid_method', format('unknown credit note method %s', coalesce(method, 'null')));
  end if;
  if coalesce(length(btrim(reason)), 0) < 3 then
    perform private.fail('billing.reason_required', 'say why (at least 3 characters)', 'e.g. "service outage 2 days"');
  end if;
  select * into inv from public.invoices i where i.id = issue_credit_note.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status not in ('open', 'paid') then
    perform private.fail('billing.invoice_not_creditable', format('a %s invoice cannot be credited', inv.status));
  end if;
  select (inv.subtotal - inv.discount_total) - coalesce(sum(c.amount), 0), inv.tax_total - coalesce(sum(c.tax_amount), 0)
  into v_creditable, v_tax_left
  from public.credit_notes c where c.invoice_id = inv.id and c.status = 'issued';
  v_amount := coalesce(v_amount, v_creditable);
  if v_amount <= 0 or v_amount <> private.round_money(v_amount, inv.currency) then
    perform private.fail('billing.invalid_amount', 'the amount must be > 0 in the invoice currency''s minor unit',
      format('at most %s decimals in %s', (select c.minor_unit from public.currencies c where c.code = inv.currency), inv.currency));
  end if;
  if v_amount > v_creditable then
    perform private.fail('billing.over_credit', format('only %s (before tax) is left to credit on this invoice', v_creditable));
  end if;
  v_tax := case when inv.tax_total = 0 then 0
                when v_amount = v_creditable then greatest(v_tax_left, 0)
                else least(private.round_money(v_amount * inv.tax_rate / 100, inv.currency), greatest(v_tax_left, 0)) end;
  v_total := v_amount + v_tax;

  -- An open invoice has only been paid in part (or not at all): credit to the balance only what was
  -- paid (amount_paid + balance_applied, less what earlier balance / refund credit notes gave back).
  -- Without this cap an unpaid invoice could be credited in full to the balance and then stay due
  -- with nothing left to credit: the tenant held the money twice.
  if method = 'customer_balance' and inv.status = 'open' then
    select inv.amount_paid + inv.balance_applied - coalesce(sum(c.total), 0) into v_paid_left
    from public.credit_notes c
    where c.invoice_id = inv.id and c.status = 'issued' and c.method in ('customer_balance', 'refund');
    if v_total > v_paid_left then
      perform private.fail('billing.over_credit', format('only %s of this open invoice was paid and can go to the balance (the credit is %s with tax)', greatest(v_paid_left, 0), v_total),
        'use reduce_amount_due for the part not yet paid');
    end if;
  end if;

  if method = 'reduce_amount_due' then
    if inv.status <> 'open' then
      perform private.fail('billing.method_not_allowed', 'reduce_amount_due is for open invoices');
    end if;
    if v_total > inv.amount_due then
      perform private.fail('billing.over_credit', format('the credit (%s with tax) exceeds the %s due', v_total, inv.amount_due),
        'use customer_balance for the part already paid');
    end if;
  elsif method = 'refund' then
    if inv.status <> 'paid' then
      perform private.fail('billing.method_not_allowed', 'refund is for paid invoices',
        'for an open invoice use reduce_amount_due');
    end if;
    select * into p from public.payments x
    where x.invoice_id = inv.id and x.status = 'succeeded' and x.gateway <> 'manual' and x.gateway_payment_id is not null
      and x.amount - x.amount_refunded - coalesce((select sum(r.amount) from public.refunds r
                                                  where r.payment_id = x.id and r.status = 'pending'), 0) >= v_total
    order by x.created_at desc, x.id
    limit 1
    for update;
    if p.id is null then
      perform private.fail('billing.no_refundable_payment', 'no gateway payment of this invoice can refund that much');
    end if;
  end if;

  v_year := extract(year from (private.now() at time zone inv.timezone))::int;
  insert into public.credit_notes (number, invoice_id, tenant_id, currency, amount, tax_amount, total, method, reason, created_by)
  values (format('CN-%s-%s', v_year, lpad(private.next_document_number('credit_note', v_year)::text, 6, '0')),
    inv.id, inv.tenant_id, inv.currency, v_amount, v_tax, v_total, method, btrim(reason), auth.uid())
  returning * into cn;
  perform audit.record('credit_note.issue', 'credit_note', cn.id::text, null, to_jsonb(cn), cn.tenant_id, cn.reason);

  if method = 'reduce_amount_due' then
    update public.invoices i set amount_credited = i.amount_credited + v_total, updated_at = now() where i.id = inv.id;
    perform private.settle_invoice_amounts(inv.id, 'credit note ' || cn.number);
  elsif method = 'refund' then
    rf.id := extensions.gen_random_uuid();
    insert into public.refunds (id, payment_id, gateway, gateway_refund_id, gateway_payment_id, invoice_id, tenant_id, credit_note_id,
      amount, currency, status, reason)
    values (rf.id, p.id, p.gateway, 'cmx_' || rf.id, p.gateway_payment_id, inv.id, inv.tenant_id, cn.id, v_total, inv.currency,
      'pending', cn.reason)
    returning * into rf;
    perform audit.record('refund.request', 'refund', rf.id::text, null, to_jsonb(rf), rf.tenant_id, cn.reason);
    perform private.enqueue('billing', 'billing.refund_payment',
      jsonb_build_object('action', 'refund', 'refund_id', rf.id, 'gateway', rf.gateway, 'gateway_payment_id', rf.gateway_payment_id,
        'amount', rf.amount, 'currency', rf.currency),
      'refund:' || rf.id);
  else
    perform private.credit_customer_balance(inv.tenant_id, v_total, inv.currency, 'credit note ' || cn.number, inv.id, cn.id, null);
  end if;

  select * into inv from public.invoices i where i.id = inv.id;
  return to_jsonb(cn) || jsonb_build_object('refund_id', rf.id, 'invoice_status', inv.status, 'amount_due', inv.amount_due);
end
$$;

CREATE OR REPLACE FUNCTION public.mark_invoice_uncollectible(invoice_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  select * into inv from public.invoices i where i.id = mark_invoice_uncollectible.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status <> 'open' then
    perform private.fail('billing.invoice_not_open', format('invoice %s is %s: only an open invoice can be marked uncollectible', coalesce(inv.number, inv.id::text), inv.status));
  end if;
  update public.invoices i set status = 'uncollectible', uncollectible_at = private.now(), updated_at = private.now() where i.id = inv.id;
  perform audit.record('invoice.mark_uncollectible', 'invoice', inv.id::text, jsonb_build_object('status', 'open'),
    jsonb_build_object('status', 'uncollectible', 'amount_due', inv.amount_due), inv.tenant_id, reason);
  return private.invoice_json(inv.id);
end
$$;

CREATE OR REPLACE FUNCTION public.mrr_movements_by_month(from_month date, to_month date, currency text DEFAULT NULL::text) RETURNS SETOF public.mrr_month_row
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  first_month date := date_trunc('month', from_month)::date;
  last_month date := date_trunc('month', to_month)::date;
  range_end timestamptz;
begin
  perform private.assert_permission('billing.read');
  if from_month is null or to_month is null or to_month < from_month then
    perform private.fail('billing.invalid_period', 'a month range needs from_month <= to_month');
  end if;
  if (extract(year from last_month) - extract(year from first_month)) * 12
     + extract(month from last_month) - extract(month from first_month) >= 120 then
    perform private.fail('billing.invalid_period', 'a month range covers at most 120 months', 'ask for ten years or less');
  end if;
  perform private.assert_metrics_currency(mrr_movements_by_month.currency);
  range_end := ((last_month + interval '1 month')::timestamp at time zone 'UTC');

  return query
  with months as (
    select g::date as m_start,
           (g::timestamp at time zone 'UTC') as ts_start,
           ((g + interval '1 month')::timestamp at time zone 'UTC') as ts_end
    from generate_series(first_month::timestamp, last_month::timestamp, interval '1 month') g
  ), currencies as (
    select distinct mv.currency from public.mrr_movements mv
    where mv.at < range_end
      and (mrr_movements_by_month.currency is null or mv.currency = mrr_movements_by_month.currency)
    union
    select mrr_movements_by_month.currency where mrr_movements_by_month.currency is not null
  ), flows as (
    select mo.m_start, cu.currency,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'new'), 0) as f_new,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'expansion'), 0) as f_expansion,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'contraction'), 0) as f_contraction,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'churn'), 0) as f_churn,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'reactivation'), 0) as f_reactivation,
           coalesce(sum(mv.mrr_after - mv.mrr_before), 0) as f_net
    from months mo
    cross join currencies cu
    left join public.mrr_movements mv on mv.currency = cu.currency and mv.at >= mo.ts_start and mv.at < mo.ts_end
    group by mo.m_start, cu.currency
  ), ending as (
    select mo.m_start, cu.currency,
           coalesce((select sum(last.mrr_after) from (
              select distinct on (mv.subscription_id) mv.mrr_after
              from public.mrr_movements mv
              where mv.currency = cu.currency and mv.at < mo.ts_end
              order by mv.subscription_id, mv.at desc, mv.id desc) last), 0) as e_mrr
    from months mo cross join currencies cu
  )
  select f.m_start, f.currency,
         round(f.f_new, c.minor_unit), round(f.f_expansion, c.minor_unit), round(f.f_contraction, c.minor_unit),
         round(f.f_churn, c.minor_unit), round(f.f_reactivation, c.minor_unit), round(f.f_net, c.minor_unit),
         round(e.e_mrr, c.minor_unit)
  from flows f
  join ending e on e.m_start = f.m_start and e.currency = f.currency
  join public.currencies c on c.code = f.currency
  order by f.m_start, f.currency;
end
$$;

CREATE OR REPLACE FUNCTION public.preview_subscription_change(subscription_id uuid, plan_code text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  target jsonb;
begin
  perform private.assert_permission('billing.read');
  select * into s from public.subscriptions x where x.id = preview_subscription_change.subscription_id;
  if s.id is null then
    perform private.fail('billing.subscription_not_found', 'no such subscription');
  end if;
  target := private.plan_change_target(s, plan_code);
  return target || jsonb_build_object('subscription_id', s.id, 'status', s.status,
    'proration', case when s.status <> 'trialing' and target ->> 'direction' <> 'keep'
                      then private.plan_change_proration(s, (target ->> 'old_amount')::numeric, (target ->> 'new_amount')::numeric) end,
    'violations', to_jsonb(private.plan_violations(s.tenant_id, (target ->> 'plan_id')::uuid)));
end
$$;

CREATE OR REPLACE FUNCTION public.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
  p public.payments;
  v_constraint text;
begin
  perform private.assert_permission('billing.write');
  if coalesce(btrim(record_manual_payment.reference), '') = '' or length(record_manual_payment.reference) > 200 then
    perform private.fail('billing.invalid_reference', 'the bank reference must be 1 to 200 characters');
  end if;
  if coalesce(length(btrim(record_manual_payment.reason)), 0) < 3 then
    perform private.fail('billing.reason_required', 'say why (at least 3 characters)', 'e.g. "bank transfer received 23 Nov"');
  end if;
  select * into inv from public.invoices i where i.id = record_manual_payment.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status not in ('open', 'uncollectible') or inv.amount_due <= 0 then
    perform private.fail('billing.invoice_not_payable', format('invoice %s is %s with %s due',
      coalesce(inv.number, inv.id::text), inv.status, inv.amount_due),
      'only an open or uncollectible invoice with an amount due');
  end if;
  if amount is null or amount <= 0 or amount <> private.round_money(amount, inv.currency) then
    perform private.fail('billing.invalid_amount', format('amount must be > 0 with at most %s decimals',
      (select c.minor_unit from public.currencies c where c.code = inv.currency)),
      format('in %s', inv.currency));
  end if;
  if amount > inv.amount_due then
    perform private.fail('billing.overpayment', format('amount %s exceeds the %s due', amount, inv.amount_due));
  end if;
  if exists (select from public.payments x where x.gateway = 'manual' and x.gateway_payment_id = btrim(record_manual_payment.reference)) then
    perform private.fail('billing.duplicate_reference', format('a payment with reference %s is already recorded', btrim(record_manual_payment.reference)));
  end if;
  -- A concurrent call with the same reference (another invoice: the invoice lock does not serialise
  -- them) passed the check above too; its insert waits for ours and then hits the unique key.
  begin
    insert into public.payments (invoice_id, tenant_id, gateway, gateway_payment_id, reference, amount, currency, status, created_by)
    values (inv.id, inv.tenant_id, 'manual', btrim(record_manual_payment.reference), btrim(record_manual_payment.reference), amount, inv.currency, 'succeeded', auth.uid())
    returning * into p;
  exception when unique_violation then
    get stacked diagnostics v_constraint = constraint_name;
    if v_constraint is distinct from 'payments_gateway_gateway_payment_id_key' then
      raise;
    end if;
    perform private.fail('billing.duplicate_reference', format('a payment with reference %s is already recorded', btrim(record_manual_payment.reference)));
  end;
  perform audit.record('payment.record_manual', 'payment', p.id::text, null, to_jsonb(p), p.tenant_id, btrim(record_manual_payment.reason));
  p := private.apply_payment_money(p.id);
  select * into inv from public.invoices i where i.id = inv.id;
  return jsonb_build_object('payment_id', p.id, 'invoice_id', inv.id, 'invoice_status', inv.status, 'amount_due', inv.amount_due,
    'amount', p.amount, 'currency', p.currency);
end
$$;

CREATE OR REPLACE FUNCTION public.remove_payment_method(method_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  m public.payment_methods;
  v_new uuid;
begin
  if coalesce(length(btrim(remove_payment_method.reason)), 0) < 3 then
    perform private.fail('billing.reason_required', 'say why (at least 3 characters)', 'e.g. "card replaced"');
  end if;
  m := private.payment_method_for_change(remove_payment_method.method_id);
  delete from public.payment_methods x where x.id = m.id;
  if m.is_default then
    select x.id into v_new from public.payment_methods x where x.tenant_id = m.tenant_id order by x.created_at desc, x.id limit 1;
    update public.payment_methods x set is_default = true, updated_at = now() where x.id = v_new;
  end if;
  perform audit.record('payment_method.remove', 'payment_method', m.id::text, to_jsonb(m),
    jsonb_build_object('new_default_id', v_new), m.tenant_id, btrim(remove_payment_method.reason));
  return jsonb_build_object('removed', m.id, 'new_default_id', v_new);
end
$$;

CREATE OR REPLACE FUNCTION public.resume_subscription(subscription_id uuid, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
begin
  perform private.assert_permission('billing.write');
  s := private.lock_subscription(resume_subscription.subscription_id);
  if s.status = 'cancelled' then
    perform private.fail('billing.subscription_cancelled', 'a cancelled subscription cannot be resumed',
      'create a new subscription');
  end if;
  if not s.cancel_at_period_end then
    perform private.fail('billing.nothing_to_resume', 'the subscription has no pending cancellation');
  end if;
  update public.subscriptions x set cancel_at_period_end = false, updated_at = private.now() where x.id = s.id;
  perform audit.record('subscription.resume', 'subscription', s.id::text, jsonb_build_object('cancel_at_period_end', true),
    jsonb_build_object('cancel_at_period_end', false), s.tenant_id, reason);
  return private.subscription_json(s.id);
end
$$;

CREATE OR REPLACE FUNCTION public.set_billing_profile(tenant_id uuid, profile jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p_tenant uuid := set_billing_profile.tenant_id;
  allowed text[] := array['legal_name', 'billing_email', 'address', 'tax_registration_number', 'tax_treatment', 'tax_note', 'preferred_gateway'];
  extra text;
  r public.billing_profiles;
  before_row jsonb;
  constraint_name text;
begin
  perform private.assert_permission('billing.write');
  perform private.billing_tenant(p_tenant);
  if profile is null or jsonb_typeof(profile) <> 'object' then
    perform private.fail('billing.invalid_profile', 'the profile must be a JSON object',
      'keys: ' || array_to_string(allowed, ', '));
  end if;
  select string_agg(k, ', ') into extra from jsonb_object_keys(profile) k where k <> all (allowed);
  if extra is not null then
    perform private.fail('billing.invalid_profile', format('unknown profile keys: %s', extra),
      'keys: ' || array_to_string(allowed, ', '));
  end if;
  select * into r from public.billing_profiles b where b.tenant_id = p_tenant for update;
  if r.tenant_id is not null then
    before_row := to_jsonb(r);
  else
    r.tenant_id := p_tenant; r.address := '{}'; r.tax_treatment := 'standard'; r.preferred_gateway := 'stripe'; r.balance := 0;
  end if;
  if profile ? 'legal_name' then r.legal_name := nullif(trim(profile ->> 'legal_name'), ''); end if;
  if profile ? 'billing_email' then r.billing_email := nullif(trim(profile ->> 'billing_email'), ''); end if;
  if profile ? 'address' then r.address := coalesce(nullif(profile -> 'address', 'null'::jsonb), '{}'); end if;
  if profile ? 'tax_registration_number' then r.tax_registration_number := nullif(trim(profile ->> 'tax_registration_number'), ''); end if;
  if profile ? 'tax_treatment' then r.tax_treatment := coalesce(profile ->> 'tax_treatment', 'standard'); end if;
  if profile ? 'tax_note' then r.tax_note := nullif(profile -> 'tax_note', 'null'::jsonb); end if;
  if profile ? 'preferred_gateway' then r.preferred_gateway := coalesce(profile ->> 'preferred_gateway', 'stripe'); end if;
  r.updated_at := private.now();
  begin
    insert into public.billing_profiles as b select r.*
    on conflict on constraint billing_profiles_pkey do update set
      legal_name = excluded.legal_name, billing_email = excluded.billing_email, address = excluded.address,
      tax_registration_number = excluded.tax_registration_number, tax_treatment = excluded.tax_treatment,
      tax_note = excluded.tax_note, preferred_gateway = excluded.preferred_gateway, updated_at = excluded.updated_at;
  exception when check_violation then
    get stacked diagnostics constraint_name = constraint_name;
    perform private.fail('billing.invalid_profile', format('invalid billing profile (%s)', constraint_name),
      'billing_email like a@b.c; tax_registration_number 5–30 letters, digits or -; tax_treatment standard|reverse_charge|exempt; '
      || 'address and tax_note objects; preferred_gateway stripe|paytabs|hyperpay');
  end;
  select * into r from public.billing_profiles b where b.tenant_id = p_tenant;
  perform audit.record('billing.profile_set', 'billing_profile', p_tenant::text, before_row, to_jsonb(r), p_tenant, null);
  return to_jsonb(r);
end
$$;

CREATE OR REPLACE FUNCTION public.set_dunning_policy(policy jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before public.dunning_policy;
  v_after public.dunning_policy;
  k text;
  v_arr int[];
  v_id uuid;
begin
  perform private.assert_permission('billing.write');
  if policy is null or jsonb_typeof(policy) <> 'object' then
    perform private.fail('billing.invalid_policy', 'the policy must be a JSON object', 'e.g. {"retry_days":[1,3,5,7]}');
  end if;
  select * into v_before from public.dunning_policy p where p.id = 1 for update;
  v_after := v_before;
  for k in select jsonb_object_keys(policy) loop
    if k in ('retry_days', 'reminder_days') then
      if jsonb_typeof(policy -> k) <> 'array' or jsonb_array_length(policy -> k) > 20
         or exists (select from jsonb_array_elements(policy -> k) e
                    where jsonb_typeof(e) <> 'number' or (e #>> '{}')::numeric <> trunc((e #>> '{}')::numeric)
                       or (e #>> '{}')::numeric not between 0 and 365) then
        perform private.fail('billing.invalid_policy', format('%s must be an array of at most 20 whole days 0–365', k));
      end if;
      select coalesce(array_agg((e #>> '{}')::int order by o), '{}') into v_arr
      from jsonb_array_elements(policy -> k) with ordinality as x(e, o);
      if exists (select from generate_subscripts(v_arr, 1) i where i > 1 and v_arr[i] <= v_arr[i - 1]) then
        perform private.fail('billing.invalid_policy', format('%s must be strictly ascending', k));
      end if;
      if k = 'retry_days' then v_after.retry_days := v_arr; else v_after.reminder_days := v_arr; end if;
    elsif k in ('warn_after_days', 'past_due_after_days', 'suspend_after_days', 'uncollectible_after_days') then
      if jsonb_typeof(policy -> k) <> 'number' or (policy ->> k)::numeric <> trunc((policy ->> k)::numeric)
         or (policy ->> k)::numeric not between 0 and 365 then
        perform private.fail('billing.invalid_policy', format('%s must be a whole number of days 0–365', k), 'e.g. 7');
      end if;
      case k
        when 'warn_after_days' then v_after.warn_after_days := (policy ->> k)::int;
        when 'past_due_after_days' then v_after.past_due_after_days := (policy ->> k)::int;
        when 'suspend_after_days' then v_after.suspend_after_days := (policy ->> k)::int;
        else v_after.uncollectible_after_days := (policy ->> k)::int;
      end case;
    else
      perform private.fail('billing.invalid_policy', format('unknown policy field %s', k),
        'retry_days, reminder_days, warn_after_days, past_due_after_days, suspend_after_days, uncollectible_after_days');
    end if;
  end loop;
  if not (v_after.warn_after_days <= v_after.past_due_after_days and v_after.past_due_after_days <= v_after.suspend_after_days
          and v_after.suspend_after_days <= v_after.uncollectible_after_days) then
    perform private.fail('billing.invalid_policy', 'the stages must come in order: warn ≤ past_due ≤ suspend ≤ uncollectible days',
      format('now %s ≤ %s ≤ %s ≤ %s', v_after.warn_after_days, v_after.past_due_after_days, v_after.suspend_after_days,
        v_after.uncollectible_after_days));
  end if;
  update public.dunning_policy p
  set retry_days = v_after.retry_days, reminder_days = v_after.reminder_days, warn_after_days = v_after.warn_after_days,
      past_due_after_days = v_after.past_due_after_days, suspend_after_days = v_after.suspend_after_days,
      uncollectible_after_days = v_after.uncollectible_after_days, updated_at = now()
  where p.id = 1
  returning * into v_after;
  perform audit.record('dunning_policy.update', 'dunning_policy', '1', to_jsonb(v_before), to_jsonb(v_after), null, null);
  for v_id in select c.id from public.dunning_cases c where c.closed_at is null loop
    perform private.dunning_set_next(v_id);
  end loop;
  return to_jsonb(v_after);
end
$$;

CREATE OR REPLACE FUNCTION public.set_seller_profile(profile jsonb, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  cur public.seller_profile;
  nxt public.seller_profile;
  errors text[] := '{}';
  e text;
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  if profile is null or jsonb_typeof(profile) <> 'object' or length(profile::text) > 4000 then
    perform private.fail('billing.invalid_seller_profile', 'the seller profile must be a JSON object of at most 4000 characters',
      'keys: legal_name, address, country, tax_registrations');
  end if;
  select * into cur from public.seller_profile s where s.id = 1 for update;
  nxt := cur;
  nxt.id := 1;
  if profile ? 'legal_name' then nxt.legal_name := profile -> 'legal_name'; end if;
  if profile ? 'address' then nxt.address := profile -> 'address'; end if;
  if profile ? 'country' then nxt.country := profile ->> 'country'; end if;
  if profile ? 'tax_registrations' then nxt.tax_registrations := profile -> 'tax_registrations'; end if;
  nxt.address := coalesce(nxt.address, '{}');
  nxt.tax_registrations := coalesce(nxt.tax_registrations, '{}');

  if exists (select from jsonb_object_keys(profile) k where k not in ('legal_name', 'address', 'country', 'tax_registrations')) then
    errors := errors || 'only legal_name, address, country and tax_registrations'::text;
  end if;
  e := private.seller_text_error(nxt.legal_name, 'legal_name', 200, true);
  if e is not null then errors := errors || e; end if;
  e := private.seller_text_error(nxt.address, 'address', 500, false);
  if e is not null then errors := errors || e; end if;
  if coalesce(nxt.country, '') !~ '^[A-Z]{2}$' then
    errors := errors || 'country: an ISO 3166 alpha-2 code, e.g. OM'::text;
  end if;
  if jsonb_typeof(nxt.tax_registrations) <> 'object' then
    errors := errors || 'tax_registrations: an object {country: VAT number}'::text;
  else
    select errors || coalesce(array_agg(format('tax_registrations.%s: %s', x.key,
             case when x.key !~ '^[A-Z]{2}$' then 'the key is an ISO country code'
                  when x.key = 'SA' then 'a Saudi VAT number has 15 digits, the first and last being 3'
                  else 'letters and digits, at most 20' end) order by x.key), '{}')
    into errors
    from jsonb_each(nxt.tax_registrations) x
    where x.key !~ '^[A-Z]{2}$' or jsonb_typeof(x.value) <> 'string'
       or (x.key = 'SA' and (x.value #>> '{}') !~ '^3[0-9]{13}3$')
       or (x.value #>> '{}') !~ '^[A-Z0-9]{1,20}$';
  end if;
  if cardinality(errors) > 0 then
    perform private.fail('billing.invalid_seller_profile', 'the seller profile is not valid',
      array_to_string(errors, '; '));
  end if;

  insert into public.seller_profile as s (id, legal_name, address, country, tax_registrations, updated_at, updated_by)
  values (1, nxt.legal_name, nxt.address, nxt.country, nxt.tax_registrations, now(), auth.uid())
  on conflict (id) do update set legal_name = excluded.legal_name, address = excluded.address, country = excluded.country,
    tax_registrations = excluded.tax_registrations, updated_at = excluded.updated_at, updated_by = excluded.updated_by
  returning * into nxt;
  perform audit.record('seller_profile.update', 'seller_profile', '1',
    case when cur.id is not null then to_jsonb(cur) - 'updated_at' - 'updated_by' end,
    to_jsonb(nxt) - 'updated_at' - 'updated_by', null, reason);
  return to_jsonb(nxt);
end
$_$;

CREATE OR REPLACE FUNCTION public.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  before_json jsonb;
  cur int;
  price numeric;
  pr jsonb;
  inv public.invoices;
  mrr_before numeric;
  a public.add_ons;
  lbl jsonb;
  balance_credit numeric := 0;
begin
  perform private.assert_permission('billing.write');
  if quantity is null or quantity < 0 or quantity > 1000 then
    perform private.fail('billing.invalid_quantity', format('quantity must be 0–1000, got %s', coalesce(quantity::text, 'null')));
  end if;
  s := private.lock_subscription(set_subscription_add_on.subscription_id);
  if s.status not in ('trialing', 'active', 'past_due') then
    perform private.fail('billing.subscription_not_changeable', format('a %s subscription cannot change add-ons', s.status),
      'only live subscriptions change');
  end if;
  select * into a from public.add_ons x where x.code = set_subscription_add_on.add_on_code;
  if a.code is null or (a.status <> 'active' and quantity > 0) then
    perform private.fail('billing.unknown_add_on', format('no active add-on %s', coalesce(add_on_code, '(null)')));
  end if;
  price := private.add_on_price(a.code, s.currency, s.billing_interval);
  if price is null and quantity > 0 then
    perform private.fail('billing.no_price', format('add-on %s has no price in %s', a.code, s.currency), 'add a price first');
  end if;
  select x.quantity into cur from public.subscription_add_ons x where x.subscription_id = s.id and x.add_on_code = a.code;
  cur := coalesce(cur, 0);
  if cur = quantity then
    perform private.fail('billing.add_on_unchanged', format('the subscription has %s × %s already', cur, a.code));
  end if;
  before_json := private.subscription_json(s.id);
  mrr_before := private.subscription_mrr(s.id);
  if quantity = 0 then
    delete from public.subscription_add_ons x where x.subscription_id = s.id and x.add_on_code = a.code;
  else
    insert into public.subscription_add_ons as x (subscription_id, tenant_id, add_on_code, quantity)
    values (s.id, s.tenant_id, a.code, quantity)
    on conflict on constraint subscription_add_ons_pkey do update set quantity = excluded.quantity;
  end if;
  if quantity < cur then
    -- a decrease: the removed units' unused time goes to the customer balance (with its VAT)
    pr := private.unused_time_credit(s, price * (cur - quantity));
    if pr is not null and -(pr ->> 'total')::numeric > 0 then
      balance_credit := -(pr ->> 'total')::numeric;
      perform private.credit_customer_balance(s.tenant_id, balance_credit, s.currency,
        format('%s × %s add-on removed: unused %s of %s days', cur - quantity, a.code, pr ->> 'days_remaining', pr ->> 'days_in_period'), null);
    end if;
  end if;
  if quantity > cur and s.status in ('active', 'past_due') then
    pr := private.proration(s, 0, price * (quantity - cur));
    if (pr ->> 'charge')::numeric > 0 then
      lbl := private.interval_label(s.billing_interval);
      inv := private.new_invoice(s.tenant_id, s.id, 'subscription_update', s.currency, private.now(), s.current_period_end, null, null);
      insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
      values (inv.id, s.tenant_id, 1, 'proration',
              jsonb_build_object('en', format('%s × %s add-on (%s): %s of %s days', quantity - cur, a.name ->> 'en', lbl ->> 'en', pr ->> 'days_remaining', pr ->> 'days_in_period'),
                                 'ar', format('%s × إضافة %s (%s): %s من %s يوم', quantity - cur, coalesce(a.name ->> 'ar', a.name ->> 'en'), lbl ->> 'ar', pr ->> 'days_remaining', pr ->> 'days_in_period')),
              1, (pr ->> 'charge')::numeric, (pr ->> 'charge')::numeric, private.now(), s.current_period_end,
              jsonb_build_object('proration', pr, 'add_on', a.code, 'side', 'charge'));
      inv := private.finalize_invoice_core(inv.id);
    end if;
  end if;
  perform private.sync_tenant_add_on(s.tenant_id, a.code, quantity);
  perform private.record_mrr(s.id, mrr_before);
  perform audit.record('subscription.set_add_on', 'subscription', s.id::text, before_json, private.subscription_json(s.id), s.tenant_id, reason);
  return private.subscription_json(s.id) || jsonb_build_object('proration', pr, 'balance_credit', balance_credit,
    'invoice', case when inv.id is not null then private.invoice_json(inv.id) end);
end
$$;

CREATE OR REPLACE FUNCTION public.void_invoice(invoice_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
  now_at timestamptz := private.now();
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  select * into inv from public.invoices i where i.id = void_invoice.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status not in ('draft', 'open') then
    perform private.fail('billing.invoice_not_voidable', format('invoice %s is %s: only a draft or open invoice can be voided', coalesce(inv.number, inv.id::text), inv.status),
      case when inv.status = 'paid' then 'issue a credit note instead' else 'nothing to do' end);
  end if;
  if inv.amount_paid > 0 then
    perform private.fail('billing.invoice_has_payments', format('invoice %s has payments of %s', inv.number, inv.amount_paid));
  end if;
  if exists (select from public.credit_notes n where n.invoice_id = inv.id and n.status = 'issued') then
    perform private.fail('billing.invoice_has_credit_notes', format('invoice %s has credit notes: voiding it would take the credited amount off twice', inv.number));
  end if;
  if inv.balance_applied > 0 then
    update public.billing_profiles b set balance = b.balance + inv.balance_applied, updated_at = now_at where b.tenant_id = inv.tenant_id;
    insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id)
    values (inv.tenant_id, inv.balance_applied, inv.currency, 'returned from voided invoice ' || inv.number, inv.id);
  end if;
  -- the overage becomes billable again
  update public.limit_breaches b set billed_at = null
  where b.id in (select x::bigint from public.invoice_lines l, jsonb_array_elements_text(l.source -> 'breach_ids') x
                 where l.invoice_id = inv.id and l.kind = 'overage');
  update public.invoices i set status = 'void', voided_at = now_at, amount_due = 0, updated_at = now_at where i.id = inv.id;
  perform audit.record('invoice.void', 'invoice', inv.id::text, jsonb_build_object('status', inv.status, 'amount_due', inv.amount_due),
    jsonb_build_object('status', 'void', 'amount_due', 0), inv.tenant_id, reason);
  return private.invoice_json(inv.id);
end
$$;

CREATE OR REPLACE FUNCTION private.change_subscription_plan_core(s public.subscriptions, plan_code text, effective text, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_json jsonb;
  target jsonb;
  eff text;
  pr jsonb;
  inv public.invoices;
  mrr_before numeric;
  violations text[];
  new_plan uuid;
  lbl jsonb;
begin
  if effective is not null and effective not in ('now', 'period_end') then
    perform private.fail('billing.invalid_effective', format('effective must be now or period_end, got %s', effective));
  end if;
  before_json := private.subscription_json(s.id);
  target := private.plan_change_target(s, plan_code);
  new_plan := (target ->> 'plan_id')::uuid;
  if target ->> 'direction' = 'keep' then
    -- back to the current plan: drop the scheduled downgrade
    update public.subscriptions x set pending_plan_id = null, updated_at = private.now() where x.id = s.id;
    perform audit.record('subscription.change_plan', 'subscription', s.id::text, before_json, private.subscription_json(s.id), s.tenant_id, reason);
    return private.subscription_json(s.id) || jsonb_build_object('direction', 'keep', 'effective', 'now', 'invoice', null);
  end if;
  eff := coalesce(effective, target ->> 'default_effective');
  violations := private.plan_violations(s.tenant_id, new_plan);
  if cardinality(violations) > 0 then
    perform private.fail('billing.plan_limits_exceeded', format('current usage exceeds the hard limits of %s', target ->> 'plan_code'),
      array_to_string(violations, '; '));
  end if;
  mrr_before := private.subscription_mrr(s.id);
  if s.status = 'trialing' or eff = 'now' then
    if s.status <> 'trialing' then
      pr := private.plan_change_proration(s, (target ->> 'old_amount')::numeric, (target ->> 'new_amount')::numeric);
    end if;
    update public.subscriptions x set plan_id = new_plan, pending_plan_id = null, updated_at = private.now() where x.id = s.id returning * into s;
    if pr is not null and ((pr ->> 'credit')::numeric <> 0 or (pr ->> 'charge')::numeric <> 0) then
      inv := private.new_invoice(s.tenant_id, s.id, 'subscription_update', s.currency, private.now(), s.current_period_end, null, null);
      lbl := private.interval_label(s.billing_interval);
      insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
      values
        (inv.id, s.tenant_id, 1, 'proration',
         jsonb_build_object('en', format('Unused time on %s (%s): %s of %s days', target ->> 'from_plan_code', lbl ->> 'en', pr ->> 'days_remaining', pr ->> 'days_in_period'),
                            'ar', format('الوقت غير المستخدم من خطة %s (%s): %s من %s يوم', target ->> 'from_plan_code', lbl ->> 'ar', pr ->> 'days_remaining', pr ->> 'days_in_period')),
         1, (pr ->> 'credit')::numeric, (pr ->> 'credit')::numeric, private.now(), s.current_period_end,
         jsonb_build_object('proration', pr, 'plan_code', target ->> 'from_plan_code', 'side', 'credit')),
        (inv.id, s.tenant_id, 2, 'proration',
         jsonb_build_object('en', format('Remaining time on %s (%s): %s of %s days', target ->> 'plan_code', lbl ->> 'en', pr ->> 'days_remaining', pr ->> 'days_in_period'),
                            'ar', format('الوقت المتبقي على خطة %s (%s): %s من %s يوم', target ->> 'plan_code', lbl ->> 'ar', pr ->> 'days_remaining', pr ->> 'days_in_period')),
         1, (pr ->> 'charge')::numeric, (pr ->> 'charge')::numeric, private.now(), s.current_period_end,
         jsonb_build_object('proration', pr, 'plan_code', target ->> 'plan_code', 'side', 'charge'));
      inv := private.finalize_invoice_core(inv.id);
    end if;
    perform private.sync_tenant_plan(s, 'subscription.change_plan');
    perform private.record_mrr(s.id, mrr_before);
    eff := 'now';
  else
    update public.subscriptions x set pending_plan_id = new_plan, updated_at = private.now() where x.id = s.id;
  end if;
  perform audit.record('subscription.change_plan', 'subscription', s.id::text, before_json,
    private.subscription_json(s.id) || jsonb_build_object('direction', target ->> 'direction', 'effective', eff, 'proration', pr), s.tenant_id, reason);
  return private.subscription_json(s.id) || jsonb_build_object('direction', target ->> 'direction', 'effective', eff, 'proration', pr,
    'invoice', case when inv.id is not null then private.invoice_json(inv.id) end);
end
$$;

CREATE OR REPLACE FUNCTION private.lock_subscription(subscription_id uuid) RETURNS public.subscriptions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
begin
  select * into s from public.subscriptions x where x.id = lock_subscription.subscription_id for update;
  if s.id is null then
    perform private.fail('billing.subscription_not_found', 'no such subscription');
  end if;
  return s;
end
$$;

CREATE OR REPLACE FUNCTION private.plan_change_target(s public.subscriptions, plan_code text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.plans;
  old_plan public.plans;
  old_amount numeric;
  new_amount numeric;
  direction text;
begin
  if s.status not in ('trialing', 'active', 'past_due') then
    perform private.fail('billing.subscription_not_changeable', format('a %s subscription cannot change plan', s.status),
      case when s.status = 'cancelled' then 'create a new subscription' else 'settle the overdue invoices first' end);
  end if;
  if s.plan_id is null then
    perform private.fail('billing.subscription_has_no_plan', 'an add-on-only subscription has no plan to change');
  end if;
  p := private.current_plan(plan_code);
  if p.id = s.plan_id and s.pending_plan_id is null then
    perform private.fail('billing.same_plan', format('the subscription is already on %s', p.code));
  end if;
  select * into old_plan from public.plans x where x.id = s.plan_id;
  new_amount := private.plan_price(p.id, s.currency, s.billing_interval);
  if new_amount is null then
    perform private.fail('billing.no_price', format('plan %s has no %s price in %s', p.code, s.billing_interval, s.currency),
      'add the price first');
  end if;
  old_amount := coalesce(private.plan_price(s.plan_id, s.currency, s.billing_interval), 0);
  direction := case when p.id = s.plan_id then 'keep'
                    when new_amount > old_amount or (new_amount = old_amount and p.tier > old_plan.tier) then 'upgrade'
                    when new_amount < old_amount or (new_amount = old_amount and p.tier < old_plan.tier) then 'downgrade'
                    else 'lateral' end;
  return jsonb_build_object('plan_id', p.id, 'plan_code', p.code, 'from_plan_code', old_plan.code, 'direction', direction,
                            'old_amount', old_amount, 'new_amount', new_amount,
                            'default_effective', case when direction = 'upgrade' then 'now' else 'period_end' end);
end
$$;

CREATE OR REPLACE FUNCTION private.redeem_coupon(s public.subscriptions, coupon_code text) RETURNS public.coupons
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.coupons;
  plan_code text := (select p.code from public.plans p where p.id = s.plan_id);
begin
  select * into c from public.coupons x where x.code = upper(trim(redeem_coupon.coupon_code)) for update;
  if c.id is null then
    perform private.fail('billing.coupon_not_found', format('no coupon %s', coalesce(coupon_code, '(null)')), 'check the code');
  end if;
  if c.status <> 'active' then
    perform private.fail('billing.coupon_archived', format('coupon %s is archived', c.code), 'use an active coupon');
  end if;
  if c.expires_at is not null and c.expires_at <= private.now() then
    perform private.fail('billing.coupon_expired', format('coupon %s expired at %s', c.code, c.expires_at));
  end if;
  if c.max_redemptions is not null and c.times_redeemed >= c.max_redemptions then
    perform private.fail('billing.coupon_exhausted', format('coupon %s has been redeemed %s times, its maximum', c.code, c.times_redeemed));
  end if;
  if c.plan_codes is not null and (plan_code is null or plan_code <> all (c.plan_codes)) then
    perform private.fail('billing.coupon_not_applicable', format('coupon %s does not apply to plan %s', c.code, coalesce(plan_code, '(add-ons only)')),
      'plans: ' || array_to_string(c.plan_codes, ', '));
  end if;
  if c.kind = 'fixed' and c.currency <> s.currency then
    perform private.fail('billing.currency_mismatch', format('coupon %s is in %s, the subscription in %s', c.code, c.currency, s.currency));
  end if;
  if exists (select from public.coupon_redemptions r where r.coupon_id = c.id and r.subscription_id = s.id) then
    perform private.fail('billing.coupon_already_applied', format('coupon %s is already applied to this subscription', c.code));
  end if;
  insert into public.coupon_redemptions (coupon_id, subscription_id, tenant_id, redeemed_at) values (c.id, s.id, s.tenant_id, private.now());
  update public.coupons x set times_redeemed = x.times_redeemed + 1 where x.id = c.id returning * into c;
  return c;
end
$$;

CREATE OR REPLACE FUNCTION private.finalize_invoice_core(invoice_id uuid, with_audit boolean DEFAULT true) RETURNS public.invoices
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
declare
  inv public.invoices;
  tenant_currency text;
  p public.billing_profiles;
  now_at timestamptz := private.now();
  issue date;
  yr int;
  n int;
  num text;
  applied numeric := 0;
  due numeric;
  rate numeric;
  treatment text;
  mu int;
  cnt int;
  s_sub numeric;
  s_disc numeric;
  s_tax numeric;
  tot numeric;
begin
  select * into inv from public.invoices i where i.id = finalize_invoice_core.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status <> 'draft' then
    perform private.fail('billing.invoice_not_draft', format('invoice %s is %s, only a draft can be finalised', coalesce(inv.number, inv.id::text), inv.status));
  end if;
  select * into p from public.billing_profiles b where b.tenant_id = inv.tenant_id for update;
  treatment := coalesce(p.tax_treatment, 'standard');
  issue := private.local_date(now_at, inv.timezone);
  yr := extract(year from issue)::int;
  rate := case when treatment = 'standard' then private.tax_rate_for(inv.tax_country, issue) else 0 end;
  mu := private.currency_minor_unit(inv.currency);
  -- tax per line on (amount − discount), rounded; the totals are sums of the rounded lines
  with u as (
    update public.invoice_lines l set tax_amount = round((l.amount - l.discount_amount) * rate / 100, mu)
    where l.invoice_id = inv.id
    returning l.amount, l.discount_amount, l.tax_amount
  )
  select count(*), coalesce(sum(u.amount), 0), coalesce(sum(u.discount_amount), 0), coalesce(sum(u.tax_amount), 0)
  into cnt, s_sub, s_disc, s_tax from u;
  if cnt = 0 then
    perform private.fail('billing.invoice_empty', 'an invoice without lines cannot be finalised');
  end if;
  tot := s_sub - s_disc + s_tax;

  insert into private.document_sequences as d (kind, billing_year, last_number) values ('invoice', yr, 1)
  on conflict on constraint document_sequences_pkey do update set last_number = d.last_number + 1
  returning d.last_number into n;
  num := format('HQ-%s-%s', yr, lpad(n::text, 6, '0'));

  if p.tenant_id is not null and ((tot > 0 and p.balance > 0) or tot < 0) then
    select t.currency into tenant_currency from public.tenants t where t.id = inv.tenant_id;
    if inv.currency = tenant_currency then
      if tot > 0 then
        applied := greatest(least(p.balance, tot - inv.amount_credited - inv.amount_paid), 0);
        if applied > 0 then
          update public.billing_profiles b set balance = b.balance - applied, updated_at = now_at where b.tenant_id = inv.tenant_id;
          insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id)
          values (inv.tenant_id, -applied, inv.currency, 'applied to invoice ' || num, inv.id);
        end if;
      else
        update public.billing_profiles b set balance = b.balance - tot, updated_at = now_at where b.tenant_id = inv.tenant_id;
        insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id)
        values (inv.tenant_id, -tot, inv.currency, 'credit from invoice ' || num, inv.id);
      end if;
    end if;
  end if;
  due := greatest(tot - applied - inv.amount_credited - inv.amount_paid, 0);
  update public.invoices i
  set tax_treatment = treatment, tax_rate = rate,
      tax_note = case when treatment <> 'standard' then coalesce(p.tax_note, private.default_tax_note(treatment)) end,
      tax_registration_number = p.tax_registration_number, issue_date = issue, due_date = issue + 7,
      subtotal = s_sub, discount_total = s_disc, tax_total = s_tax, total = tot,
      number = num, billing_year = yr, balance_applied = applied, amount_due = due,
      status = case when due = 0 then 'paid' else 'open' end,
      paid_at = case when due = 0 then now_at end,
      finalized_at = now_at, updated_at = now_at
  where i.id = inv.id
  returning * into inv;
  if with_audit then
    perform audit.record('invoice.finalize', 'invoice', inv.id::text, jsonb_build_object('status', 'draft'),
      jsonb_build_object('status', inv.status, 'number', inv.number, 'total', inv.total, 'amount_due', inv.amount_due,
                         'balance_applied', inv.balance_applied, 'issue_date', inv.issue_date, 'due_date', inv.due_date),
      inv.tenant_id, null);
  end if;
  return inv;
end
$$;

CREATE OR REPLACE FUNCTION private.payment_method_for_change(method_id uuid) RETURNS public.payment_methods
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  m public.payment_methods;
  v_staff boolean := private.is_trusted_caller() or private.has_permission('billing.write');
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    perform private.fail('billing.not_signed_in', 'sign in first');
  end if;
  if not v_staff and not exists (select from private.my_tenant_ids_with_role(array['owner', 'admin'])) then
    perform private.fail('billing.forbidden', 'only the tenant''s owner or admin, or billing staff, may change its payment methods',
      'sign in as the tenant owner');
  end if;
  select * into m from public.payment_methods x
  where x.id = payment_method_for_change.method_id
    and (v_staff or x.tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin'])))
  for update;
  if m.id is null then
    perform private.fail('billing.payment_method_not_found', 'no such payment method');
  end if;
  -- one default per tenant: serialise with the apply job's saves
  perform pg_advisory_xact_lock(hashtext('billing.payment_methods:' || m.tenant_id::text));
  return m;
end
$$;

CREATE OR REPLACE FUNCTION private.recompute_invoice_amounts(invoice_id uuid) RETURNS public.invoices
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
declare
  inv public.invoices;
  mu int;
  s_sub numeric;
  s_disc numeric;
  s_tax numeric;
begin
  select * into inv from public.invoices i where i.id = recompute_invoice_amounts.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status = 'draft' then
    mu := private.currency_minor_unit(inv.currency);
    update public.invoice_lines l
    set amount = round(l.quantity * l.unit_amount, mu),
        discount_amount = least(l.discount_amount, greatest(round(l.quantity * l.unit_amount, mu), 0)),
        tax_amount = round((round(l.quantity * l.unit_amount, mu) - least(l.discount_amount, greatest(round(l.quantity * l.unit_amount, mu), 0)))
                           * inv.tax_rate / 100, mu)
    where l.invoice_id = inv.id;
  end if;
  select coalesce(sum(l.amount), 0), coalesce(sum(l.discount_amount), 0), coalesce(sum(l.tax_amount), 0)
  into s_sub, s_disc, s_tax from public.invoice_lines l where l.invoice_id = inv.id;
  update public.invoices i
  set subtotal = s_sub, discount_total = s_disc, tax_total = s_tax, total = s_sub - s_disc + s_tax,
      amount_due = greatest(s_sub - s_disc + s_tax - i.balance_applied - i.amount_credited - i.amount_paid, 0),
      updated_at = private.now()
  where i.id = inv.id
  returning * into inv;
  return inv;
end
$$;

CREATE OR REPLACE FUNCTION private.settle_invoice_amounts(invoice_id uuid, reason text DEFAULT NULL::text) RETURNS public.invoices
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before public.invoices;
  v_after public.invoices;
begin
  select * into v_before from public.invoices i where i.id = settle_invoice_amounts.invoice_id for update;
  if v_before.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  perform private.recompute_invoice_amounts(v_before.id);
  update public.invoices i
  set status = 'paid', paid_at = coalesce(i.paid_at, private.now()), updated_at = now()
  where i.id = v_before.id and i.status in ('open', 'uncollectible') and i.amount_due = 0;
  select * into v_after from public.invoices i where i.id = v_before.id;
  if v_after.status = 'paid' and v_before.status <> 'paid' then
    perform audit.record('invoice.pay', 'invoice', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after), v_after.tenant_id,
      settle_invoice_amounts.reason);
  end if;
  return v_after;
end
$$;

CREATE OR REPLACE FUNCTION private.sync_gateway_refund(gateway text, gateway_refund_id text) RETURNS public.refunds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  r public.refunds;
  v_before public.refunds;
  best public.payment_events;
  v_status text;
  v_claimed text;
  p public.payments;
begin
  select * into best from public.payment_events e
  where e.gateway = sync_gateway_refund.gateway and e.refund_id = sync_gateway_refund.gateway_refund_id
    and e.kind in ('refund_succeeded', 'refund_failed')
  order by private.payment_status_rank(replace(e.kind, 'refund_', '')) desc, e.occurred_at desc nulls last, e.id desc
  limit 1;
  if best.id is null then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || best.gateway || ':' || best.object_id));
  v_status := replace(best.kind, 'refund_', '');

  select * into v_before from public.refunds x
  where x.gateway = best.gateway and x.gateway_refund_id = sync_gateway_refund.gateway_refund_id for update;
  if v_before.id is null then
    -- Our refund id as each gateway echoes it: Stripe metadata, PayTabs cart_id / udf2, HyperPay
    -- merchantTransactionId.
    v_claimed := coalesce(best.payload #>> '{data,object,metadata,cmx_refund_id}', best.payload #>> '{metadata,cmx_refund_id}',
                          best.payload #>> '{metadata,refund_id}', best.payload #>> '{user_defined,udf2}', best.payload #>> '{cart_id}',
                          best.payload #>> '{payload,merchantTransactionId}', best.payload #>> '{merchantTransactionId}');
    if not exists (select from public.refunds x where x.id::text = v_claimed and x.gateway = best.gateway
                     and x.gateway_payment_id = best.object_id and x.gateway_refund_id like 'cmx\_%') then
      v_claimed := null;
    end if;
    select * into v_before from public.refunds x
    where x.gateway = best.gateway and x.gateway_payment_id = best.object_id and x.gateway_refund_id like 'cmx\_%'
      and (x.id::text = v_claimed or (v_claimed is null and x.amount = best.amount))
    order by x.created_at, x.id
    limit 1
    for update;
    if v_before.id is not null then
      update public.refunds x set gateway_refund_id = sync_gateway_refund.gateway_refund_id, updated_at = now()
      where x.id = v_before.id returning * into v_before;
    end if;
  end if;
  select * into p from public.payments x where x.gateway = best.gateway and x.gateway_payment_id = best.object_id;
  if v_before.id is null then
    insert into public.refunds (payment_id, gateway, gateway_refund_id, gateway_payment_id, invoice_id, tenant_id, amount, currency,
      status, reason)
    values (p.id, best.gateway, sync_gateway_refund.gateway_refund_id, best.object_id, p.invoice_id, p.tenant_id,
      best.amount, best.currency, 'pending', private.reason_code('billing.gateway_event'))
    returning * into v_before;
    perform audit.record('refund.record', 'refund', v_before.id::text, null, to_jsonb(v_before), v_before.tenant_id, private.reason_code('billing.gateway_event'));
  end if;
  if best.amount <= 0 then
    perform private.fail('billing.invalid_amount', 'a refund amount must be > 0', 'check the gateway event');
  end if;
  if private.payment_status_rank(v_status) >= private.payment_status_rank(v_before.status) then
    update public.refunds x
    set status = v_status, amount = best.amount, currency = best.currency,
        failure_code = case when v_status = 'failed' then coalesce(best.failure_code, x.failure_code) end,
        failure_message = case when v_status = 'failed' then coalesce(best.failure_message, x.failure_message) end,
        failed_at = case when v_status = 'failed' then coalesce(x.failed_at, private.now()) end,
        payment_id = coalesce(x.payment_id, p.id), invoice_id = coalesce(x.invoice_id, p.invoice_id),
        tenant_id = coalesce(x.tenant_id, p.tenant_id), updated_at = now()
    where x.id = v_before.id
    returning * into r;
  else
    r := v_before;
  end if;
  if r.status is distinct from v_before.status then
    perform audit.record('refund.' || r.status, 'refund', r.id::text, to_jsonb(v_before), to_jsonb(r), r.tenant_id, private.reason_code('billing.gateway_event'));
  end if;
  if r.payment_id is not null then
    perform private.refresh_payment_refunds(r.payment_id);
  end if;
  perform private.settle_failed_refund_credit(r.id);
  return r;
end
$$;

CREATE OR REPLACE FUNCTION public.flag_enabled(tenant_id uuid, flag_key text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  f public.feature_flags;
begin
  if not private.is_trusted_caller() then
    perform private.assert_entitlement_reader(tenant_id);
  end if;
  select * into f from public.feature_flags x where x.key = flag_key;
  if f.key is null then
    perform private.fail('flags.unknown_flag', format('unknown flag %s', coalesce(flag_key, '(null)')));
  end if;
  if tenant_id is null then
    perform private.fail('flags.tenant_required', 'a tenant id is required');
  end if;
  return private.evaluate_flag(f, tenant_id);
end
$$;

CREATE OR REPLACE FUNCTION public.flag_exposure(flag_key text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  f public.feature_flags;
  result jsonb;
begin
  perform private.assert_permission('flags.read');
  select * into f from public.feature_flags x where x.key = flag_key;
  if f.key is null then
    perform private.fail('flags.unknown_flag', format('unknown flag %s', coalesce(flag_key, '(null)')));
  end if;
  select jsonb_build_object('flag', f.key, 'killed', f.killed, 'tenants', count(*),
                            'enabled', count(*) filter (where private.evaluate_flag(f, t.id)),
                            'share', round(100.0 * count(*) filter (where private.evaluate_flag(f, t.id)) / nullif(count(*), 0), 2))
  into result
  from public.tenants t where t.status in ('trial', 'active', 'grace');
  return result;
end
$$;

CREATE OR REPLACE FUNCTION public.save_flag(key text, definition jsonb, reason text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  before_row public.feature_flags;
  errors text[];
  new_version int;
begin
  perform private.assert_permission('flags.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  perform private.assert_json_size(definition, 'the flag definition');
  if key is null or key !~ '^[a-z][a-z0-9_]*([.-][a-z0-9_]+)*$' then
    perform private.fail('flags.invalid_key', 'a flag key is lowercase words joined by . - or _');
  end if;
  if definition is null or jsonb_typeof(definition) <> 'object' then
    perform private.fail('flags.invalid', 'a flag definition is a JSON object');
  end if;
  errors := private.flag_rule_errors(coalesce(definition -> 'rules', '[]'));
  if definition ? 'default_enabled' and jsonb_typeof(definition -> 'default_enabled') <> 'boolean' then
    errors := errors || 'default_enabled must be true or false'::text;
  end if;
  if definition ? 'killed' and jsonb_typeof(definition -> 'killed') <> 'boolean' then
    errors := errors || 'killed must be true or false'::text;
  end if;
  if cardinality(errors) > 0 then
    perform private.fail('flags.invalid', 'the flag is not valid', array_to_string(errors, '; '));
  end if;
  select * into before_row from public.feature_flags x where x.key = save_flag.key for update;
  insert into public.feature_flags as x (key, description, killed, default_enabled, rules, updated_at, updated_by)
  values (key, coalesce(definition -> 'description', '{}'), coalesce((definition ->> 'killed')::boolean, false),
          coalesce((definition ->> 'default_enabled')::boolean, false), coalesce(definition -> 'rules', '[]'), private.now(), auth.uid())
  on conflict on constraint feature_flags_pkey do update
    set description = coalesce(definition -> 'description', x.description),
        killed = coalesce((definition ->> 'killed')::boolean, x.killed),
        default_enabled = coalesce((definition ->> 'default_enabled')::boolean, x.default_enabled),
        rules = coalesce(definition -> 'rules', x.rules),
        version = x.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by
  returning x.version into new_version;
  perform audit.record(case when before_row.key is null then 'flag.create' else 'flag.update' end, 'feature_flag', key,
                       to_jsonb(before_row), definition, null, reason);
  perform pg_notify('feature_flags', jsonb_build_object('key', key, 'version', new_version)::text);
  return new_version;
end
$_$;

CREATE OR REPLACE FUNCTION public.set_flag_killed(key text, killed boolean, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_row public.feature_flags;
  new_version int;
begin
  perform private.assert_permission('flags.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if killed is null then
    perform private.fail('flags.invalid', 'killed must be true or false', 'true kills the flag');
  end if;
  if length(trim(coalesce(reason, ''))) < 3 then
    perform private.fail('flags.reason_required', 'a reason is required');
  end if;
  select * into before_row from public.feature_flags x where x.key = set_flag_killed.key for update;
  if before_row.key is null then
    perform private.fail('flags.unknown_flag', format('unknown flag %s', coalesce(key, '(null)')));
  end if;
  update public.feature_flags x set killed = set_flag_killed.killed, version = x.version + 1, updated_at = private.now(), updated_by = auth.uid()
  where x.key = set_flag_killed.key returning x.version into new_version;
  perform audit.record(case when killed then 'flag.kill' else 'flag.revive' end, 'feature_flag', key,
                       jsonb_build_object('killed', before_row.killed), jsonb_build_object('killed', killed), null, reason);
  perform pg_notify('feature_flags', jsonb_build_object('key', key, 'version', new_version)::text);
end
$$;

CREATE OR REPLACE FUNCTION private.assert_json_count(value jsonb, what text, kind text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_max int := private.input_limit(kind);
  v_count int := case jsonb_typeof(value) when 'array' then jsonb_array_length(value)
                                         when 'object' then (select count(*) from jsonb_object_keys(value)) else 0 end;
begin
  if v_count > v_max then
    perform private.fail('input.too_many', format('%s has at most %s entries (got %s)', what, v_max, v_count),
      format('split or shorten %s', what));
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_json_size(value jsonb, what text, kind text DEFAULT 'json.bytes'::text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_max int := private.input_limit(kind);
  v_size int;
begin
  if value is null then
    return;
  end if;
  v_size := octet_length(value::text);
  if v_size > v_max then
    perform private.fail('input.too_large', format('%s is at most %s bytes of JSON (got %s)', what, v_max, v_size),
      format('send a smaller %s', what));
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_text_size(value text, what text, kind text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_max int := private.input_limit(kind);
begin
  if value is not null and length(value) > v_max then
    perform private.fail('input.too_long', format('%s is at most %s characters (got %s)', what, v_max, length(value)),
      format('shorten %s', what));
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.enter_heavy_section(what text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_caller text := coalesce(auth.uid()::text, 'system');
  v_taken boolean := false;
begin
  for slot in 1 .. private.input_limit('heavy.per_caller') loop
    if pg_try_advisory_xact_lock(hashtext('cmx.heavy.caller.' || slot), hashtext(v_caller)) then
      v_taken := true;
      exit;
    end if;
  end loop;
  if v_taken then
    v_taken := false;
    for slot in 1 .. private.input_limit('heavy.slots') loop
      if pg_try_advisory_xact_lock(hashtext('cmx.heavy.slot'), slot) then
        v_taken := true;
        exit;
      end if;
    end loop;
  end if;
  if not v_taken then
    perform private.fail('service.busy', format('too many large requests are running; %s was not started', what));
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.raise_timeout(what text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  perform private.fail('service.timeout', format('%s took too long and was cancelled', what));
end
$$;

CREATE OR REPLACE FUNCTION private.compute_tenant_health(tenant_id uuid) RETURNS public.tenant_health
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  signals jsonb;
  result public.tenant_health;
begin
  select * into t from public.tenants x where x.id = compute_tenant_health.tenant_id;
  if t.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  signals := private.tenant_health_signals(t);
  insert into public.tenant_health as h (tenant_id, score, signals, inputs, computed_at)
  values (t.id, least(100, greatest(0, coalesce((signals ->> 'lifecycle')::int, 0) + coalesce((signals ->> 'maturity')::int, 0)
                                       + coalesce((signals ->> 'activity')::int, 0) + coalesce((signals ->> 'provisioning')::int, 0))),
          signals, private.tenant_health_inputs(t), now())
  on conflict on constraint tenant_health_pkey do update set score = excluded.score, signals = excluded.signals,
    inputs = excluded.inputs, computed_at = excluded.computed_at
  returning * into result;
  return result;
end
$$;

CREATE OR REPLACE FUNCTION public.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer DEFAULT 15) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  target public.tenants;
  grant_row public.impersonations;
  previous public.impersonations;
begin
  perform private.assert_permission('impersonate.start');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if auth.uid() is null or private.current_staff_role() is null then
    perform private.fail('impersonation.staff_only', 'only signed-in HQ staff can impersonate');
  end if;
  if mode is null or mode not in ('read_only', 'full') then
    perform private.fail('impersonation.invalid_mode', format('unknown impersonation mode %L', mode));
  end if;
  if mode = 'full' then
    perform private.assert_permission('impersonate.full');
  end if;
  if coalesce(length(trim(reason)), 0) < 5 then
    perform private.fail('impersonation.reason_required', 'a reason of at least 5 characters is required');
  end if;
  if minutes is null or minutes not between 1 and 30 then
    perform private.fail('impersonation.invalid_duration', format('impersonation lasts 1 to 30 minutes, not %s', minutes));
  end if;
  select * into target from public.tenants t where t.id = start_impersonation.tenant_id;
  if target.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  if target.status in ('churned', 'draft') then
    perform private.fail('impersonation.tenant_unavailable', format('a %s tenant cannot be impersonated', target.status));
  end if;

  -- One impersonation at a time: a new one replaces the current one.
  for previous in update public.impersonations i set ended_at = clock_timestamp(), end_reason = 'replaced'
                  where i.staff_id = auth.uid() and i.ended_at is null returning * loop
    perform audit.record('impersonation.end', 'impersonation', previous.id::text, null,
                         jsonb_build_object('end_reason', 'replaced'), previous.tenant_id);
  end loop;

  insert into public.impersonations (staff_id, tenant_id, mode, reason, started_at, expires_at)
  values (auth.uid(), target.id, mode, trim(reason), clock_timestamp(), clock_timestamp() + make_interval(mins => minutes))
  returning * into grant_row;
  perform audit.record('impersonation.start', 'impersonation', grant_row.id::text, null, to_jsonb(grant_row), target.id, grant_row.reason);
  return jsonb_build_object('id', grant_row.id, 'tenant_id', grant_row.tenant_id, 'mode', grant_row.mode,
                            'started_at', grant_row.started_at, 'expires_at', grant_row.expires_at);
end
$$;

CREATE OR REPLACE FUNCTION private.create_job_queue(queue_name text, description text DEFAULT ''::text, max_attempts integer DEFAULT 5, visibility_timeout_seconds integer DEFAULT 300, batch_size integer DEFAULT 50, backoff_base_seconds integer DEFAULT 10, backoff_max_seconds integer DEFAULT 3600, idempotency_retention interval DEFAULT '24:00:00'::interval, history_retention interval DEFAULT '14 days'::interval) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_dlq text := create_job_queue.queue_name || '_dlq';
begin
  if create_job_queue.queue_name is null or create_job_queue.queue_name !~ '^[a-z][a-z0-9_]*$' or length(create_job_queue.queue_name) > 43
     or create_job_queue.queue_name like '%\_dlq' then
    perform private.fail('jobs.invalid_queue_name', format('invalid queue name: %s', coalesce(create_job_queue.queue_name, 'null')));
  end if;
  -- The declaration wins: re-running a migration resets the policy to what it declares.
  insert into private.job_queues as q (queue_name, dead_letter_queue, description, max_attempts, visibility_timeout_seconds,
    batch_size, backoff_base_seconds, backoff_max_seconds, idempotency_retention, history_retention)
  values (create_job_queue.queue_name, v_dlq, coalesce(create_job_queue.description, ''), create_job_queue.max_attempts,
    create_job_queue.visibility_timeout_seconds, create_job_queue.batch_size, create_job_queue.backoff_base_seconds,
    create_job_queue.backoff_max_seconds, create_job_queue.idempotency_retention, create_job_queue.history_retention)
  on conflict on constraint job_queues_pkey do update set
    description = excluded.description, max_attempts = excluded.max_attempts,
    visibility_timeout_seconds = excluded.visibility_timeout_seconds, batch_size = excluded.batch_size,
    backoff_base_seconds = excluded.backoff_base_seconds, backoff_max_seconds = excluded.backoff_max_seconds,
    idempotency_retention = excluded.idempotency_retention, history_retention = excluded.history_retention;
  if not exists (select from pgmq.list_queues() l where l.queue_name = create_job_queue.queue_name) then
    perform pgmq.create(create_job_queue.queue_name);
  end if;
  if not exists (select from pgmq.list_queues() l where l.queue_name = v_dlq) then
    perform pgmq.create(v_dlq);
  end if;
end
$_$;

CREATE OR REPLACE FUNCTION private.declare_schedule(job_name text, schedule text, command text, description text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
begin
  if declare_schedule.job_name is null or declare_schedule.job_name !~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' then
    perform private.fail('jobs.invalid_schedule_name', format('invalid schedule name: %s', coalesce(declare_schedule.job_name, 'null')));
  end if;
  if declare_schedule.command is null or btrim(declare_schedule.command) = ''
     or declare_schedule.description is null or btrim(declare_schedule.description) = '' then
    perform private.fail('jobs.invalid_schedule', 'a schedule needs a command and a description');
  end if;
  insert into private.cron_calendar as c (job_name, schedule, command, description)
  values (declare_schedule.job_name, declare_schedule.schedule, declare_schedule.command, declare_schedule.description)
  on conflict on constraint cron_calendar_pkey do update set
    schedule = excluded.schedule, command = excluded.command, description = excluded.description, declared_at = now();
  -- pg_cron validates the schedule itself (its error names the bad field).
  return cron.schedule(declare_schedule.job_name, declare_schedule.schedule, declare_schedule.command);
end
$_$;

CREATE OR REPLACE FUNCTION private.discard_dead_letter(queue text, job_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_queue private.job_queues;
  v_dead record;
begin
  perform private.assert_job_operator();
  v_queue := private.job_queue(discard_dead_letter.queue);
  execute format('select m.msg_id, m.message from pgmq.%I m where m.message @> jsonb_build_object(''job_id'', $1::bigint) for update',
      'q_' || v_queue.dead_letter_queue)
    into v_dead using discard_dead_letter.job_id;
  if v_dead.msg_id is null then
    perform private.fail('jobs.dead_letter_not_found', format('job %s is not in the dead letters of %s', coalesce(discard_dead_letter.job_id::text, 'null'), v_queue.queue_name),
      'see private.job_stats and the dead-letter queue ' || v_queue.dead_letter_queue);
  end if;
  perform pgmq.archive(v_queue.dead_letter_queue, v_dead.msg_id);
  if v_dead.message ? 'idempotency_key' then
    delete from private.job_keys k
    where k.queue_name = v_queue.queue_name and k.idempotency_key = v_dead.message ->> 'idempotency_key'
      and k.job_id = discard_dead_letter.job_id;
  end if;
end
$_$;

CREATE OR REPLACE FUNCTION private.dispatch(queue text DEFAULT NULL::text, batch_size integer DEFAULT NULL::integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_queue private.job_queues;
  v_job record;
  v_handled int := 0;
  v_attempt int;
  v_job_id bigint;
  v_context jsonb;
  v_started timestamptz;
  v_failed record;
  v_error jsonb;
  v_sqlstate text;
  v_message text;
  v_detail text;
  v_request_id bigint;
  v_base_url text;
  v_service_key text;
  v_done bigint[];
  v_done_keys text[];
  -- The batch's run history, written with one INSERT per batch.
  r_job_id bigint[];
  r_job_type text[];
  r_msg_id bigint[];
  r_attempt int[];
  r_kind text[];
  r_run_at timestamptz[];
  r_started timestamptz[];
  r_ended timestamptz[];
  r_outcome text[];
  r_error jsonb[];
  r_retry_at timestamptz[];
  r_request_id bigint[];
begin
  if dispatch.batch_size is not null and dispatch.batch_size not between 1 and 64 then
    perform private.fail('jobs.invalid_batch_size', 'batch_size must be between 1 and 64');
  end if;
  if dispatch.queue is not null then
    perform private.job_queue(dispatch.queue);
  end if;

  for v_queue in
    select * from private.job_queues q
    where q.paused_at is null and (dispatch.queue is null or q.queue_name = dispatch.queue)
    order by q.queue_name
  loop
    v_done := '{}';
    v_done_keys := '{}';
    r_job_id := '{}'; r_job_type := '{}'; r_msg_id := '{}'; r_attempt := '{}'; r_kind := '{}'; r_run_at := '{}';
    r_started := '{}'; r_ended := '{}'; r_outcome := '{}'; r_error := '{}'; r_retry_at := '{}'; r_request_id := '{}';
    for v_job in
      select m.msg_id, m.read_ct, m.message, h.sql_handler, h.edge_function
      from pgmq.read(v_queue.queue_name, v_queue.visibility_timeout_seconds, coalesce(dispatch.batch_size, v_queue.batch_size)) m
      left join private.job_handlers h on h.job_type = m.message ->> 'job_type'
    loop
      v_handled := v_handled + 1;
      v_started := clock_timestamp();
      v_job_id := (v_job.message ->> 'job_id')::bigint;
      v_attempt := coalesce((v_job.message ->> 'attempts_before')::int, 0) + v_job.read_ct;
      v_error := null;
      v_request_id := null;

      -- Read again: the previous attempt was an Edge Function call that never acknowledged.
      if v_job.read_ct > 1 then
        update private.job_runs r
        set outcome = 'timed_out', ended_at = v_started,
            error_message = format('no acknowledgement within %s s', v_queue.visibility_timeout_seconds),
            error_detail = 'jobs.ack_timeout'
        where r.job_id = v_job_id and r.attempt = v_attempt - 1 and r.outcome = 'running';
        if found and v_job.read_ct > coalesce((v_job.message ->> 'max_attempts')::int, v_queue.max_attempts) then
          perform private.dead_letter_job(v_queue, v_job.msg_id, v_job.message, v_attempt - 1,
            jsonb_build_object('message', format('no acknowledgement within %s s', v_queue.visibility_timeout_seconds),
              'detail', 'jobs.ack_timeout', 'attempt', v_attempt - 1, 'at', v_started));
          update private.job_runs r set outcome = 'dead_lettered'
          where r.job_id = v_job_id and r.attempt = v_attempt - 1;
          continue;
        end if;
      end if;

      v_context := jsonb_build_object('job_id', v_job_id, 'queue', v_queue.queue_name, 'job_type', v_job.message ->> 'job_type',
        'attempt', v_attempt, 'max_attempts', (v_job.message -> 'max_attempts'), 'idempotency_key', v_job.message -> 'idempotency_key',
        'msg_id', v_job.msg_id);
      -- Each handler in its own subtransaction: a failing job never rolls back the others.
      begin
        if v_job.sql_handler is not null then
          execute format('select %s($1, $2)', v_job.sql_handler) using v_job.message -> 'payload', v_context;
        elsif v_job.edge_function is not null then
          if v_base_url is null then
            select t.base_url, t.service_key into v_base_url, v_service_key from private.edge_function_target() t;
          end if;
          v_request_id := net.http_post(
            url := v_base_url || '/functions/v1/' || v_job.edge_function,
            body := v_context || jsonb_build_object('payload', v_job.message -> 'payload'),
            params := '{}'::jsonb,
            headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || v_service_key),
            timeout_milliseconds := least(v_queue.visibility_timeout_seconds, 60) * 1000);
        else
          perform private.fail('jobs.no_handler', format('no handler registered for job type %s', v_job.message ->> 'job_type'));
        end if;
      exception when others then
        get stacked diagnostics v_sqlstate = returned_sqlstate, v_message = message_text, v_detail = pg_exception_detail;
        v_error := jsonb_build_object('message', v_message, 'sqlstate', v_sqlstate, 'detail', nullif(v_detail, ''),
          'attempt', v_attempt, 'at', clock_timestamp());
      end;

      r_job_id := r_job_id || v_job_id;
      r_job_type := r_job_type || (v_job.message ->> 'job_type');
      r_msg_id := r_msg_id || v_job.msg_id;
      r_attempt := r_attempt || v_attempt;
      r_kind := r_kind || case when v_job.sql_handler is not null then 'sql' when v_job.edge_function is not null then 'edge_function' else 'none' end;
      r_run_at := r_run_at || (v_job.message ->> 'run_at')::timestamptz;
      r_started := r_started || v_started;
      r_error := r_error || v_error;
      r_request_id := r_request_id || v_request_id;
      if v_error is null and v_job.sql_handler is null then
        -- Posted: the Edge Function acknowledges with complete_job / fail_job.
        r_ended := r_ended || null::timestamptz;
        r_outcome := r_outcome || 'running'::text;
        r_retry_at := r_retry_at || null::timestamptz;
      elsif v_error is null then
        v_done := v_done || v_job.msg_id;
        if v_job.message ? 'idempotency_key' then
          v_done_keys := v_done_keys || (v_job.message ->> 'idempotency_key');
        end if;
        r_ended := r_ended || clock_timestamp();
        r_outcome := r_outcome || 'succeeded'::text;
        r_retry_at := r_retry_at || null::timestamptz;
      else
        select f.outcome, f.retry_at into v_failed
        from private.job_attempt_failed(v_queue, v_job.msg_id, v_job.message, v_job.read_ct, v_attempt, v_error) f;
        r_ended := r_ended || clock_timestamp();
        r_outcome := r_outcome || v_failed.outcome;
        r_retry_at := r_retry_at || v_failed.retry_at;
      end if;
    end loop;

    if cardinality(r_job_id) > 0 then
      insert into private.job_runs (job_id, queue_name, job_type, msg_id, attempt, handler_kind, run_at, started_at, ended_at,
        outcome, error_message, error_sqlstate, error_detail, retry_at, net_request_id)
      select u.job_id, v_queue.queue_name, u.job_type, u.msg_id, u.attempt, u.kind, u.run_at, u.started, u.ended,
        u.outcome, u.error ->> 'message', u.error ->> 'sqlstate', u.error ->> 'detail', u.retry_at, u.request_id
      from unnest(r_job_id, r_job_type, r_msg_id, r_attempt, r_kind, r_run_at, r_started, r_ended, r_outcome, r_error,
        r_retry_at, r_request_id) as u(job_id, job_type, msg_id, attempt, kind, run_at, started, ended, outcome, error, retry_at, request_id);
    end if;
    if cardinality(v_done) > 0 then
      perform pgmq.delete(v_queue.queue_name, v_done);
    end if;
    if cardinality(v_done_keys) > 0 then
      perform private.job_succeeded_keys(v_queue, v_done_keys);
    end if;
  end loop;
  return v_handled;
end
$_$;

CREATE OR REPLACE FUNCTION private.edge_function_target(OUT base_url text, OUT service_key text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
begin
  if to_regclass('vault.decrypted_secrets') is not null then
    execute $q$select max(s.decrypted_secret) filter (where s.name = 'project_url'),
                      max(s.decrypted_secret) filter (where s.name = 'service_role_key')
               from vault.decrypted_secrets s where s.name in ('project_url', 'service_role_key')$q$
      into base_url, service_key;
  end if;
  if base_url is null or service_key is null then
    perform private.fail('jobs.edge_config_missing', 'Edge Function jobs need the Vault secrets project_url and service_role_key');
  end if;
  base_url := rtrim(base_url, '/');
end
$_$;

CREATE OR REPLACE FUNCTION private.enqueue(queue text, job_type text, payload jsonb, idempotency_key text DEFAULT NULL::text, run_at timestamp with time zone DEFAULT now(), max_attempts integer DEFAULT NULL::integer) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_queue_name text;
  v_queue_max_attempts int;
  v_known_type boolean;
  v_handler_max_attempts int;
  v_max_attempts int;
  v_job_id bigint;
  v_held_by bigint;
  v_run_at timestamptz := coalesce(enqueue.run_at, now());
  v_delay int;
  v_message jsonb;
begin
  -- One lookup for both; the error paths call the helpers that explain what is wrong.
  select q.queue_name, q.max_attempts, h.job_type is not null, h.max_attempts
  into v_queue_name, v_queue_max_attempts, v_known_type, v_handler_max_attempts
  from private.job_queues q left join private.job_handlers h on h.job_type = enqueue.job_type
  where q.queue_name = enqueue.queue;
  if v_queue_name is null then
    perform private.job_queue(enqueue.queue);
  end if;
  if not v_known_type then
    perform private.fail('jobs.unknown_job_type', format('unknown job type: %s', coalesce(enqueue.job_type, 'null')));
  end if;
  if enqueue.payload is null or jsonb_typeof(enqueue.payload) <> 'object' then
    perform private.fail('jobs.invalid_payload', format('job payload must be a JSON object, got %s', coalesce(jsonb_typeof(enqueue.payload), 'null')));
  end if;
  if enqueue.max_attempts is not null and enqueue.max_attempts not between 1 and 100 then
    perform private.fail('jobs.invalid_max_attempts', format('max_attempts must be between 1 and 100, got %s', enqueue.max_attempts));
  end if;
  if enqueue.idempotency_key is not null and (btrim(enqueue.idempotency_key) = '' or length(enqueue.idempotency_key) > 200) then
    perform private.fail('jobs.invalid_idempotency_key', 'idempotency_key must be 1 to 200 characters and not blank');
  end if;
  v_max_attempts := coalesce(enqueue.max_attempts, v_handler_max_attempts, v_queue_max_attempts);
  v_job_id := nextval('private.job_id_seq');

  if enqueue.idempotency_key is not null then
    -- One statement claims the key or finds its holder, so concurrent enqueues agree.
    insert into private.job_keys as k (queue_name, idempotency_key, job_id, state)
    values (v_queue_name, enqueue.idempotency_key, v_job_id, 'pending')
    on conflict on constraint job_keys_pkey do update
      set job_id = excluded.job_id, state = 'pending', expires_at = null, created_at = now()
      where k.state = 'succeeded' and k.expires_at <= private.now()
    returning k.job_id into v_held_by;
    if v_held_by is null then
      select k.job_id into v_held_by from private.job_keys k
      where k.queue_name = v_queue_name and k.idempotency_key = enqueue.idempotency_key;
      return v_held_by;
    end if;
  end if;

  v_message := jsonb_build_object('job_id', v_job_id, 'job_type', enqueue.job_type, 'payload', enqueue.payload,
    'max_attempts', v_max_attempts, 'run_at', v_run_at);
  if enqueue.idempotency_key is not null then
    v_message := v_message || jsonb_build_object('idempotency_key', enqueue.idempotency_key);
  end if;
  -- Whole seconds: the pgmq API shared by 1.4 and 1.5 takes an integer delay.
  v_delay := least(greatest(ceil(extract(epoch from (v_run_at - clock_timestamp()))), 0), 2147483647)::int;
  perform pgmq.send(v_queue_name, v_message, v_delay);
  return v_job_id;
end
$$;

CREATE OR REPLACE FUNCTION private.fail_job(job_id bigint, attempt integer, error text, retry boolean DEFAULT true) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_run private.job_runs := private.job_running_attempt(fail_job.job_id, fail_job.attempt);
  v_queue private.job_queues := private.job_queue(v_run.queue_name);
  v_message jsonb;
  v_read_ct int;
  v_now timestamptz := clock_timestamp();
  v_failed record;
begin
  if fail_job.error is null or btrim(fail_job.error) = '' then
    perform private.fail('jobs.invalid_acknowledgement', 'error is required');
  end if;
  execute format('select m.message, m.read_ct from pgmq.%I m where m.msg_id = $1 for update', 'q_' || v_queue.queue_name)
    into v_message, v_read_ct using v_run.msg_id;
  if v_message is null then
    perform private.fail('jobs.stale_attempt', format('job %s is no longer in its queue', fail_job.job_id));
  end if;
  select * into v_failed from private.job_attempt_failed(v_queue, v_run.msg_id, v_message, v_read_ct, v_run.attempt,
    jsonb_build_object('message', left(fail_job.error, 2000), 'detail', 'jobs.edge_function_failed', 'attempt', v_run.attempt, 'at', v_now),
    coalesce(fail_job.retry, true));
  update private.job_runs r
  set outcome = v_failed.outcome, ended_at = v_now, error_message = left(fail_job.error, 2000),
      error_detail = 'jobs.edge_function_failed', retry_at = v_failed.retry_at
  where r.id = v_run.id;
  return v_failed.outcome;
end
$_$;

CREATE OR REPLACE FUNCTION private.register_job_handler(job_type text, sql_handler regprocedure DEFAULT NULL::regprocedure, edge_function text DEFAULT NULL::text, max_attempts integer DEFAULT NULL::integer, description text DEFAULT ''::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_handler text;
begin
  if register_job_handler.job_type is null
     or register_job_handler.job_type !~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' or length(register_job_handler.job_type) > 100 then
    perform private.fail('jobs.invalid_job_type', format('invalid job type: %s', coalesce(register_job_handler.job_type, 'null')));
  end if;
  if (register_job_handler.sql_handler is null) = (register_job_handler.edge_function is null) then
    perform private.fail('jobs.invalid_handler', 'a handler is either a SQL function or an Edge Function');
  end if;
  if register_job_handler.edge_function is not null and register_job_handler.edge_function !~ '^[A-Za-z0-9_-]{1,100}$' then
    perform private.fail('jobs.invalid_handler', format('invalid Edge Function name: %s', register_job_handler.edge_function),
      'the folder name under supabase/functions');
  end if;
  if register_job_handler.max_attempts is not null and register_job_handler.max_attempts not between 1 and 100 then
    perform private.fail('jobs.invalid_max_attempts', 'max_attempts must be between 1 and 100',
      'or null for the queue''s default');
  end if;
  if register_job_handler.sql_handler is not null then
    if not exists (
      select from pg_catalog.pg_proc p
      where p.oid = register_job_handler.sql_handler and p.prokind = 'f'
        and p.proargtypes = '3802 3802'::pg_catalog.oidvector   -- (jsonb, jsonb)
    ) then
      perform private.fail('jobs.invalid_handler_signature', format('%s is not a handler function', register_job_handler.sql_handler));
    end if;
    -- Schema-qualified and quoted as needed (search_path is empty here).
    v_handler := register_job_handler.sql_handler::regproc::text;
  end if;
  insert into private.job_handlers as h (job_type, sql_handler, edge_function, max_attempts, description, updated_at)
  values (register_job_handler.job_type, v_handler, register_job_handler.edge_function, register_job_handler.max_attempts,
    coalesce(register_job_handler.description, ''), now())
  on conflict on constraint job_handlers_pkey do update set
    sql_handler = excluded.sql_handler, edge_function = excluded.edge_function, max_attempts = excluded.max_attempts,
    description = excluded.description, updated_at = excluded.updated_at;
end
$_$;

CREATE OR REPLACE FUNCTION private.retry_dead_letter(queue text, job_id bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_queue private.job_queues;
  v_dead record;
begin
  perform private.assert_job_operator();
  v_queue := private.job_queue(retry_dead_letter.queue);
  execute format('select m.msg_id, m.message from pgmq.%I m where m.message @> jsonb_build_object(''job_id'', $1::bigint) for update',
      'q_' || v_queue.dead_letter_queue)
    into v_dead using retry_dead_letter.job_id;
  if v_dead.msg_id is null then
    perform private.fail('jobs.dead_letter_not_found', format('job %s is not in the dead letters of %s', coalesce(retry_dead_letter.job_id::text, 'null'), v_queue.queue_name),
      'see private.job_stats and the dead-letter queue ' || v_queue.dead_letter_queue);
  end if;
  -- A fresh budget of attempts; attempt numbers keep counting so the history stays unambiguous.
  perform pgmq.send(v_queue.queue_name,
    (v_dead.message - array['attempts', 'last_error', 'dead_lettered_at', 'source_msg_id'])
      || jsonb_build_object('attempts_before', (v_dead.message ->> 'attempts')::int, 'run_at', clock_timestamp()), 0);
  perform pgmq.delete(v_queue.dead_letter_queue, v_dead.msg_id);
  if v_dead.message ? 'idempotency_key' then
    update private.job_keys k set state = 'pending'
    where k.queue_name = v_queue.queue_name and k.idempotency_key = v_dead.message ->> 'idempotency_key'
      and k.job_id = retry_dead_letter.job_id;
  end if;
  return retry_dead_letter.job_id;
end
$_$;

CREATE OR REPLACE FUNCTION private.job_queue(p_queue text) RETURNS private.job_queues
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_queue private.job_queues;
begin
  select * into v_queue from private.job_queues q where q.queue_name = p_queue;
  if not found then
    perform private.fail('jobs.unknown_queue', format('unknown job queue: %s', coalesce(p_queue, 'null')),
      'queues: ' || coalesce((select string_agg(q.queue_name, ', ' order by q.queue_name) from private.job_queues q), 'none'));
  end if;
  return v_queue;
end
$$;

CREATE OR REPLACE FUNCTION private.job_running_attempt(p_job_id bigint, p_attempt integer) RETURNS private.job_runs
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_run private.job_runs;
begin
  if p_job_id is null or p_attempt is null then
    perform private.fail('jobs.invalid_acknowledgement', 'job_id and attempt are required',
      'echo job_id and attempt from the request body');
  end if;
  select * into v_run from private.job_runs r
  where r.job_id = p_job_id and r.attempt = p_attempt
  order by r.id desc limit 1
  for update;
  if not found then
    perform private.fail('jobs.unknown_attempt', format('no attempt %s of job %s', p_attempt, p_job_id));
  end if;
  if v_run.outcome <> 'running' then
    perform private.fail('jobs.stale_attempt', format('attempt %s of job %s is no longer running (%s)', p_attempt, p_job_id, v_run.outcome));
  end if;
  return v_run;
end
$$;

CREATE OR REPLACE FUNCTION private.register_workflow_guard(key text, name jsonb, checker regprocedure, description jsonb DEFAULT '{}'::jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if not exists (select from pg_catalog.pg_proc p where p.oid = checker
                 and p.proargtypes = pg_catalog.format('%s %s', 'public.orders'::regtype::oid, 'text'::regtype::oid)::pg_catalog.oidvector
                 and p.prorettype = 'text'::regtype) then
    perform private.fail('workflow.invalid_guard', format('%s is not a workflow guard', checker));
  end if;
  insert into public.workflow_guards as g (key, name, description, checker)
  values (key, name, description, checker::regproc::text)
  on conflict on constraint workflow_guards_pkey do update
    set name = excluded.name, description = excluded.description, checker = excluded.checker;
end
$$;

CREATE OR REPLACE FUNCTION public.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text DEFAULT NULL::text, items_count integer DEFAULT 1, amount_total numeric DEFAULT 0, currency text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_role text := private.order_actor_role(tenant_id);
  v_template uuid;
  v_version uuid;
  v_start text;
  v_id uuid;
  v_limit jsonb;
begin
  if v_role is null then
    if tenant_id in (select private.impersonated_tenant_ids(false)) then
      perform private.fail('workflow.read_only', 'a read-only impersonation cannot create orders');
    end if;
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  if v_role = 'viewer' then
    perform private.fail('workflow.role_not_allowed', 'viewers cannot create orders');
  end if;
  perform private.assert_workflow_module(tenant_id);
  select t.id into v_template from public.workflow_templates t
  where t.service_category = create_order.service_category and not t.archived;
  if v_template is null then
    perform private.fail('workflow.unknown_service_category', format('no workflow for service category %s', coalesce(service_category, 'null')),
      (select 'known: ' || string_agg(t.service_category, ', ' order by t.service_category) from public.workflow_templates t where not t.archived));
  end if;
  v_version := private.ensure_tenant_workflow(tenant_id, v_template);
  if v_version is null then
    perform private.fail('workflow.not_published', 'the template has no published version yet');
  end if;
  -- count the order against the month's limit; the counter's row lock serialises the last unit
  v_limit := private.increment_usage(tenant_id, 'max_orders_per_month', 1);
  if v_limit ->> 'outcome' = 'blocked' then
    perform private.raise_limit_reached(v_limit);
  end if;
  select s ->> 'code' into v_start from public.workflow_versions v, jsonb_array_elements(v.definition -> 'stages') s
  where v.id = v_version and s ->> 'kind' = 'start';
  insert into public.orders (tenant_id, number, customer_name, customer_phone, service_category, template_id, version_id,
                             items_count, amount_total, currency, current_stage, stage_entered_at, created_by)
  values (tenant_id, number, customer_name, customer_phone, service_category, v_template, v_version, items_count,
          coalesce(amount_total, 0), coalesce(currency, (select t.currency from public.tenants t where t.id = create_order.tenant_id)),
          v_start, private.now(), auth.uid())
  returning id into v_id;
  insert into public.order_transitions (order_id, tenant_id, template_id, version_id, from_stage, to_stage, actor_id, actor_role,
                                        impersonation_id, at)
  values (v_id, tenant_id, v_template, v_version, null, v_start, auth.uid(), v_role,
          private.current_impersonation_id(tenant_id), private.now());
  return jsonb_build_object('id', v_id, 'number', number, 'stage', v_start,
    'limit', jsonb_build_object('limit_key', 'max_orders_per_month', 'outcome', v_limit ->> 'outcome', 'type', v_limit ->> 'type',
                                'limit', v_limit -> 'limit', 'used', v_limit -> 'used'),
    'warnings', private.limit_warnings(v_limit));
end
$$;

CREATE OR REPLACE FUNCTION public.order_next_stages(order_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
  v_role text;
begin
  select * into o from public.orders x where x.id = order_next_stages.order_id;
  v_role := case when found then coalesce(private.order_actor_role(o.tenant_id),
                 case when o.tenant_id in (select private.impersonated_tenant_ids(false)) then 'viewer' end) end;
  if v_role is null then
    perform private.fail('workflow.order_not_found', 'no such order');
  end if;
  return (select coalesce(jsonb_agg(jsonb_build_object('to', t ->> 'to', 'label', t -> 'label', 'guards', coalesce(t -> 'guards', '[]'))), '[]')
          from public.workflow_versions v, jsonb_array_elements(v.definition -> 'transitions') t
          where v.id = o.version_id and t ->> 'from' = o.current_stage and t -> 'roles' ? v_role);
end
$$;

CREATE OR REPLACE FUNCTION public.record_order_payment(order_id uuid, amount numeric, reference text DEFAULT NULL::text, allow_overpayment boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
  v_after public.orders;
  v_due numeric;
  v_payment uuid;
begin
  o := private.order_for_fact(record_order_payment.order_id, 'payments');
  perform private.assert_text_size(reference, 'the payment reference', 'reference');
  if amount is null or amount <= 0 or amount <> round(amount, 3) or amount > 99999999999.999 then
    perform private.fail('order.invalid_payment_amount', format('a payment is a positive amount with at most 3 decimals, not %s', coalesce(amount::text, 'null')));
  end if;
  v_due := greatest(o.amount_total - o.amount_paid, 0);
  if amount > v_due and not coalesce(allow_overpayment, false) then
    perform private.fail('order.overpayment', format('%s %s is more than the %s %s still due', amount, o.currency, v_due, o.currency));
  end if;
  insert into public.order_payments (order_id, tenant_id, amount, currency, overpayment, reference, recorded_by, impersonation_id)
  values (o.id, o.tenant_id, amount, o.currency, amount > v_due, nullif(btrim(reference), ''), auth.uid(),
          private.current_impersonation_id(o.tenant_id))
  returning id into v_payment;
  update public.orders x set amount_paid = x.amount_paid + record_order_payment.amount,
                             paid = x.amount_paid + record_order_payment.amount >= x.amount_total
  where x.id = o.id
  returning * into v_after;
  perform audit.record('order.record_payment', 'order', o.id::text,
    jsonb_build_object('amount_paid', o.amount_paid, 'paid', o.paid),
    jsonb_build_object('amount_paid', v_after.amount_paid, 'paid', v_after.paid, 'payment_id', v_payment, 'amount', amount,
                       'overpayment', amount > v_due),
    o.tenant_id, nullif(btrim(reference), ''));
  return jsonb_build_object('order_id', o.id, 'payment_id', v_payment, 'amount_paid', v_after.amount_paid,
                            'amount_due', greatest(v_after.amount_total - v_after.amount_paid, 0), 'paid', v_after.paid);
end
$$;

CREATE OR REPLACE FUNCTION public.record_scan(order_id uuid, status text, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
begin
  o := private.order_for_fact(record_scan.order_id, 'scans');
  perform private.assert_text_size(note, 'the scan note', 'note');
  if status is null or status not in ('ok', 'failed') then
    perform private.fail('order.invalid_scan_status', format('a scan result is ok or failed, not %s', coalesce(status, 'null')));
  end if;
  update public.orders x set scan_status = record_scan.status where x.id = o.id;
  perform audit.record('order.record_scan', 'order', o.id::text, jsonb_build_object('scan_status', o.scan_status),
    jsonb_build_object('scan_status', status), o.tenant_id, nullif(btrim(note), ''));
  return jsonb_build_object('order_id', o.id, 'scan_status', status);
end
$$;

CREATE OR REPLACE FUNCTION public.search_orders(query text, for_tenant uuid DEFAULT NULL::uuid, max_rows integer DEFAULT 50) RETURNS TABLE(id uuid, tenant_id uuid, tenant_slug text, number text, customer_name text, customer_phone text, service_category text, current_stage text, stage_entered_at timestamp with time zone, created_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  q text := lower(trim(coalesce(query, '')));
  digits text := regexp_replace(coalesce(query, ''), '[^0-9]', '', 'g');
  conds text[] := '{}';
  where_sql text;
  sql text;
  broad_at constant int := 500;
  hits int;
  bitmap_setting text;
  found_rows bigint;
begin
  if not (private.is_trusted_caller() or private.has_permission('support.read') or private.has_permission('tenants.read')) then
    perform private.assert_permission('support.read');
  end if;
  if max_rows is null or max_rows not between 1 and 500 then
    perform private.fail('orders.invalid_limit', 'max_rows is 1 to 500');
  end if;
  if length(q) < 3 and for_tenant is null then
    perform private.fail('orders.search_too_short', 'search needs at least 3 characters, or a tenant');
  end if;
  if length(q) > 100 then
    perform private.fail('orders.search_too_long', 'search text is at most 100 characters');
  end if;
  if q <> '' then
    conds := conds || format('lower(o.number) like %L', replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_') || '%');
    if length(digits) >= 3 then
      conds := conds || format('o.phone_digits like %L', '%' || digits || '%');
    end if;
    if length(q) >= 3 or search_orders.for_tenant is not null then
      conds := conds || format('lower(o.customer_name) like %L', '%' || replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_') || '%');
    end if;
  end if;
  where_sql := 'true'
      || case when search_orders.for_tenant is not null then format(' and o.tenant_id = %L', search_orders.for_tenant) else '' end
      || case when cardinality(conds) > 0 then ' and (' || array_to_string(conds, ' or ') || ')' else '' end;
  sql := 'select o.id, o.tenant_id, t.slug, o.number, o.customer_name, o.customer_phone, o.service_category, o.current_stage, '
      || 'o.stage_entered_at, o.created_at from public.orders o join public.tenants t on t.id = o.tenant_id where '
      || where_sql || format(' order by o.created_at desc limit %s', max_rows);
  -- A broad term (a common surname) matches thousands of orders: fetching them all through the
  -- trigram index and sorting is slow, while walking orders newest-first finds max_rows matches
  -- almost at once. A rare term is the opposite. Count matches up to a cap to tell which.
  execute format('select count(*) from (select 1 from public.orders o where %s limit %s) hits', where_sql, broad_at) into hits;
  if hits >= broad_at then
    bitmap_setting := current_setting('enable_bitmapscan');
    perform set_config('enable_bitmapscan', 'off', true);
  end if;
  return query execute sql;
  get diagnostics found_rows = row_count;
  if bitmap_setting is not null then
    perform set_config('enable_bitmapscan', bitmap_setting, true);
  end if;
  -- Reading customer data across tenants is audited: who searched, for what, where, how much came back.
  perform audit.record('orders.search', 'order_search', null, null,
    jsonb_build_object('query', search_orders.query, 'for_tenant', search_orders.for_tenant,
                       'max_rows', search_orders.max_rows, 'result_count', found_rows),
    search_orders.for_tenant);
end
$$;

CREATE OR REPLACE FUNCTION public.transition_order(order_id uuid, to_stage text, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  o public.orders;
  def jsonb;
  tr jsonb;
  from_stage jsonb;
  v_role text;
  v_allowed text;
  v_missing text[] := '{}';
  v_guard text;
  v_checker text;
  v_msg text;
  v_now timestamptz := private.now();
  v_duration numeric;
  v_sla int;
begin
  if note is not null and length(note) > 2000 then
    perform private.fail('workflow.note_too_long', 'a transition note is at most 2000 characters');
  end if;
  -- The row lock: a second transition of the same order waits here, then sees the new stage. Only
  -- orders of tenants the caller reaches are read and locked: another tenant's order answers like
  -- a missing one, and a caller without the right never waits on its lock.
  select * into o from public.orders x
  where x.id = transition_order.order_id
    and (private.is_trusted_caller()
         or x.tenant_id in (select private.my_tenant_ids())
         or x.tenant_id in (select private.impersonated_tenant_ids(false)))
  for update;
  v_role := case when found then private.order_actor_role(o.tenant_id) end;
  if v_role is null then
    if found and o.tenant_id in (select private.impersonated_tenant_ids(false)) then
      perform private.fail('workflow.read_only', 'a read-only impersonation cannot move orders');
    end if;
    perform private.fail('workflow.order_not_found', 'no such order');
  end if;
  perform private.assert_workflow_module(o.tenant_id);
  select v.definition into def from public.workflow_versions v where v.id = o.version_id;
  select t into tr from jsonb_array_elements(def -> 'transitions') t
  where t ->> 'from' = o.current_stage and t ->> 'to' = transition_order.to_stage;
  select coalesce(string_agg(t ->> 'to', ', '), 'none (the order is in a final stage)') into v_allowed
  from jsonb_array_elements(def -> 'transitions') t
  where t ->> 'from' = o.current_stage and t -> 'roles' ? v_role;
  if tr is null then
    perform private.fail('workflow.illegal_transition', format('an order in %s cannot move to %s', o.current_stage, coalesce(to_stage, 'null')),
      format('allowed next stages: %s', v_allowed));
  end if;
  if not (tr -> 'roles' ? v_role) then
    perform private.fail('workflow.role_not_allowed', format('a tenant %s may not move an order from %s to %s', v_role, o.current_stage, to_stage),
      format('allowed roles: %s; your allowed next stages: %s',
                    (select string_agg(r, ', ') from jsonb_array_elements_text(tr -> 'roles') r), v_allowed));
  end if;
  for v_guard in select jsonb_array_elements_text(coalesce(tr -> 'guards', '[]')) loop
    select g.checker into v_checker from public.workflow_guards g where g.key = v_guard;
    if v_checker is null then
      v_missing := v_missing || format('%s (unknown guard)', v_guard);
      continue;
    end if;
    execute format('select %s($1, $2)', v_checker) into v_msg using o, note;
    if v_msg is not null then
      v_missing := v_missing || format('%s: %s', v_guard, v_msg);
    end if;
  end loop;
  if cardinality(v_missing) > 0 then
    perform private.fail('workflow.guard_failed', format('cannot move to %s yet: %s', to_stage, array_to_string(v_missing, '; ')),
      format('missing: %s; allowed next stages: %s', array_to_string(v_missing, '; '), v_allowed));
  end if;

  select s into from_stage from jsonb_array_elements(def -> 'stages') s where s ->> 'code' = o.current_stage;
  v_sla := (from_stage ->> 'sla_minutes')::int;
  v_duration := round(extract(epoch from (v_now - o.stage_entered_at))::numeric, 3);
  update public.orders x set current_stage = transition_order.to_stage, stage_entered_at = v_now
  where x.id = o.id;
  insert into public.order_transitions (order_id, tenant_id, template_id, version_id, from_stage, to_stage, actor_id, actor_role,
                                        impersonation_id, at, duration_seconds, sla_minutes, sla_breached, note)
  values (o.id, o.tenant_id, o.template_id, o.version_id, o.current_stage, to_stage, auth.uid(), v_role,
          private.current_impersonation_id(o.tenant_id), v_now, v_duration, v_sla,
          coalesce(v_duration > v_sla * 60, false), nullif(trim(note), ''));
  return jsonb_build_object('order_id', o.id, 'from', o.current_stage, 'to', to_stage, 'at', v_now,
    'duration_seconds', v_duration, 'sla_breached', coalesce(v_duration > v_sla * 60, false),
    'next', (select coalesce(jsonb_agg(t ->> 'to'), '[]') from jsonb_array_elements(def -> 'transitions') t
             where t ->> 'from' = to_stage and t -> 'roles' ? v_role));
end
$_$;

CREATE OR REPLACE FUNCTION private.order_for_fact(order_id uuid, what text) RETURNS public.orders
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
  v_role text;
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    perform private.fail('auth.not_signed_in', 'sign in first');
  end if;
  select * into o from public.orders x
  where x.id = order_for_fact.order_id
    and (private.is_trusted_caller()
         or x.tenant_id in (select private.my_tenant_ids())
         or x.tenant_id in (select private.impersonated_tenant_ids(false)))
  for update;
  if o.id is null then
    perform private.fail('workflow.order_not_found', 'no such order');
  end if;
  v_role := private.order_actor_role(o.tenant_id);
  if v_role is null then
    perform private.fail('workflow.read_only', format('a read-only impersonation cannot record %s', what));
  end if;
  if v_role not in ('owner', 'admin', 'operator') then
    perform private.fail('workflow.role_not_allowed', format('a tenant %s may not record %s', v_role, what));
  end if;
  return o;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_entitlement_reader(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if private.is_trusted_caller() or private.can_read_tenant(tenant_id) or private.has_permission('plans.read') then
    return;
  end if;
  if auth.uid() is null then
    perform private.fail('auth.not_signed_in', 'sign in first');
  end if;
  perform private.fail('tenant.forbidden', 'this tenant is not yours to see');
end
$$;

CREATE OR REPLACE FUNCTION private.assert_tenant_exists(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if tenant_id is null or not exists (select from public.tenants t where t.id = tenant_id) then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.change_plan_alone(t public.tenants, plan_code text, effective text, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  cur public.tenant_plans;
  old_plan public.plans;
  new_plan public.plans;
  direction text;
  violations text[];
  old_price numeric;
  new_price numeric;
  now_at timestamptz := private.now();
  scheduled boolean;
  result jsonb;
begin
  select * into new_plan from public.plans p where p.code = plan_code and p.is_current;
  if new_plan.id is null then
    perform private.fail('plans.not_found', format('no plan %s', coalesce(plan_code, '(null)')),
      coalesce('plans: ' || (select string_agg(p.code, ', ' order by p.tier) from public.plans p where p.is_current and p.status = 'active'), 'none'));
  end if;
  if new_plan.status <> 'active' then
    perform private.fail('plans.archived', format('plan %s is archived', plan_code));
  end if;
  select * into cur from public.tenant_plans x where x.tenant_id = t.id for update;
  select * into old_plan from public.plans p where p.id = cur.plan_id;
  if old_plan.id = new_plan.id then
    perform private.fail('plans.same_plan', format('the tenant is already on %s v%s', new_plan.code, new_plan.version));
  end if;
  new_price := private.plan_price(new_plan.id, t.currency, coalesce(cur.billing_interval, 'month'));
  if new_price is null then
    perform private.fail('plans.no_price', format('plan %s has no %s price in %s', plan_code, coalesce(cur.billing_interval, 'month'), t.currency));
  end if;
  old_price := coalesce(private.plan_price(old_plan.id, t.currency, cur.billing_interval), 0);
  direction := case when old_plan.id is null then 'new'
                    when new_price > old_price or (new_price = old_price and new_plan.tier > old_plan.tier) then 'upgrade'
                    when new_price < old_price or (new_price = old_price and new_plan.tier < old_plan.tier) then 'downgrade'
                    else 'lateral' end;
  violations := private.plan_violations(t.id, new_plan.id);
  if cardinality(violations) > 0 then
    perform private.fail('plans.downgrade_blocked', format('current usage exceeds the hard limits of %s', plan_code),
      array_to_string(violations, '; '));
  end if;

  scheduled := effective = 'period_end' and old_plan.id is not null;
  if old_plan.id is null then
    insert into public.tenant_plans (tenant_id, plan_id, started_at, current_period_start, current_period_end)
    values (t.id, new_plan.id, now_at, now_at, now_at + interval '1 month');
  elsif not scheduled then
    update public.tenant_plans x set plan_id = new_plan.id, pending_plan_id = null, pending_effective_at = null, updated_at = now_at
    where x.tenant_id = t.id;
  else
    update public.tenant_plans x set pending_plan_id = new_plan.id, pending_effective_at = x.current_period_end, updated_at = now_at
    where x.tenant_id = t.id;
    -- a scheduled change replaces an earlier one
    update public.plan_changes pc set status = 'cancelled' where pc.tenant_id = t.id and pc.status = 'scheduled';
  end if;
  insert into public.plan_changes (tenant_id, from_plan_id, to_plan_id, direction, effective, effective_at, status, proration, reason, actor_id)
  values (t.id, old_plan.id, new_plan.id, direction, case when scheduled then 'period_end' else 'now' end,
          case when scheduled then cur.current_period_end else now_at end,
          case when scheduled then 'scheduled' else 'applied' end, '{}', reason, auth.uid());
  result := jsonb_build_object('tenant_id', t.id, 'from', old_plan.code, 'from_version', old_plan.version,
    'to', new_plan.code, 'to_version', new_plan.version, 'direction', direction,
    'effective', case when scheduled then 'period_end' else 'now' end,
    'effective_at', case when scheduled then cur.current_period_end else now_at end,
    'status', case when scheduled then 'scheduled' else 'applied' end,
    -- no subscription: nothing is prorated or invoiced
    'billed', false, 'subscription_id', null, 'proration', null, 'invoice', null);
  perform audit.record('plan.change', 'tenant', t.id::text, jsonb_build_object('plan', old_plan.code, 'version', old_plan.version),
                       result, t.id, reason);
  perform private.refresh_entitlements(t.id, 'plan.change');
  return result;
end
$$;

CREATE OR REPLACE FUNCTION private.change_tenant_plan(tenant_id uuid, plan_code text, effective text, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  s public.subscriptions;
  changed jsonb;
  from_code text;
begin
  if effective is not null and effective not in ('now', 'period_end') then
    perform private.fail('plans.invalid_effective', 'effective must be now or period_end', format('got %s', effective));
  end if;
  select * into t from public.tenants x where x.id = change_tenant_plan.tenant_id for update;
  if t.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  s := private.live_plan_subscription(t.id);
  if s.id is null then
    return private.change_plan_alone(t, plan_code, coalesce(effective, 'now'), reason);
  end if;
  perform private.assert_permission('billing.write');
  from_code := (select p.code from public.plans p where p.id = s.plan_id);
  changed := private.change_subscription_plan_core(s, plan_code, effective, reason);
  -- the same answer shape as the plan-alone path, plus the subscription's own
  return changed || jsonb_build_object(
    'tenant_id', t.id, 'subscription_id', s.id, 'billed', true,
    'from', from_code, 'to', coalesce(changed ->> 'pending_plan_code', changed ->> 'plan_code'),
    'to_version', (select p.version from public.plans p where p.id = coalesce((changed ->> 'pending_plan_id')::uuid, (changed ->> 'plan_id')::uuid)),
    'status', case when changed ->> 'effective' = 'period_end' then 'scheduled' else 'applied' end,
    'effective_at', case when changed ->> 'effective' = 'period_end' then (changed ->> 'current_period_end')::timestamptz else private.now() end);
end
$$;

CREATE OR REPLACE FUNCTION private.current_entitlements(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  e record;
  computed jsonb;
begin
  select x.entitlements, x.version, x.stale or x.valid_until <= private.now() as suspect into e
  from public.tenant_entitlements x where x.tenant_id = current_entitlements.tenant_id;
  if found and not e.suspect then
    return e.entitlements || jsonb_build_object('version', e.version);
  end if;
  computed := private.compute_entitlements(tenant_id);
  if computed is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  return computed || jsonb_build_object('version', coalesce(e.version, 0));
end
$$;

CREATE OR REPLACE FUNCTION private.increment_usage(tenant_id uuid, limit_key text, amount numeric DEFAULT 1, period_start date DEFAULT NULL::date) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  ent jsonb := private.current_entitlements(tenant_id);
  period date;
  used numeric;
  decision jsonb;
begin
  if amount is null or amount = 0 then
    perform private.fail('entitlements.invalid_amount', 'the amount must be a non-zero number');
  end if;
  -- validates the key (unknown feature, not a limit) before touching counters
  decision := private.limit_decision(ent, limit_key, 0, 0);
  period := coalesce(period_start, (decision ->> 'period_start')::date);
  insert into public.usage_counters (tenant_id, feature_key, period_start) values (tenant_id, limit_key, period)
  on conflict on constraint usage_counters_pkey do nothing;
  -- the row lock serialises concurrent increments, so two callers cannot both take the last unit
  select u.used into used from public.usage_counters u
  where u.tenant_id = increment_usage.tenant_id and u.feature_key = limit_key and u.period_start = period for update;
  if amount < 0 then
    update public.usage_counters u set used = greatest(u.used + amount, 0), updated_at = private.now()
    where u.tenant_id = increment_usage.tenant_id and u.feature_key = limit_key and u.period_start = period;
    return private.limit_decision(ent, limit_key, 0, greatest(used + amount, 0)) || jsonb_build_object('applied', true);
  end if;
  decision := private.limit_decision(ent, limit_key, amount, used);
  if decision ->> 'outcome' <> 'blocked' then
    update public.usage_counters u set used = u.used + amount, updated_at = private.now()
    where u.tenant_id = increment_usage.tenant_id and u.feature_key = limit_key and u.period_start = period;
  end if;
  if decision ->> 'outcome' <> 'allowed' then
    insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before,
                                       requested, overage_units, unit_price, amount, currency)
    values (tenant_id, limit_key, period, decision ->> 'outcome', decision ->> 'type', coalesce((decision ->> 'limit')::numeric, 0),
            used, amount, (decision ->> 'overage_units')::numeric, (decision ->> 'unit_price')::numeric,
            (decision ->> 'overage_amount')::numeric, decision ->> 'currency');
    perform pg_notify('limit_breaches', jsonb_build_object('tenant_id', tenant_id, 'limit_key', limit_key,
                                                            'outcome', decision ->> 'outcome')::text);
  end if;
  return decision || jsonb_build_object('applied', decision ->> 'outcome' <> 'blocked',
                                        'used', case when decision ->> 'outcome' <> 'blocked' then used + amount else used end);
end
$$;

CREATE OR REPLACE FUNCTION private.limit_decision(ent jsonb, limit_key text, requested numeric, used numeric) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  l jsonb := ent -> 'limits' -> limit_key;
  lim numeric;
  restriction text := ent ->> 'status_restriction';
  outcome text;
  reason text;
  over numeric := 0;
begin
  if requested is null or requested < 0 then
    perform private.fail('entitlements.invalid_request', 'the requested amount must be zero or more',
      format('got %s', coalesce(requested::text, 'null')));
  end if;
  if l is null then
    if ent -> 'features' ? limit_key then
      perform private.fail('entitlements.not_a_limit', format('%s is not a limit', limit_key));
    end if;
    perform private.unknown_feature(limit_key);
  end if;
  lim := case when jsonb_typeof(l -> 'limit') = 'number' then (l ->> 'limit')::numeric end;
  if requested > 0 and restriction in ('suspended', 'frozen', 'inactive') then
    outcome := 'blocked'; reason := 'tenant.restricted';
  elsif lim is null or used + requested <= lim then
    outcome := 'allowed';
  elsif l ->> 'type' = 'soft' then
    outcome := 'warn'; reason := 'limit.soft_exceeded';
  elsif l ->> 'type' = 'overage' and restriction is distinct from 'grace' then
    outcome := 'overage'; reason := 'limit.overage';
    over := used + requested - greatest(lim, used);
  else
    outcome := 'blocked';
    reason := case when l ->> 'type' = 'overage' then 'tenant.grace' else 'limit.hard_exceeded' end;
  end if;
  return jsonb_build_object(
    'outcome', outcome, 'reason', reason, 'limit_key', limit_key, 'limit', lim, 'type', l ->> 'type',
    'used', used, 'requested', requested,
    'remaining', case when lim is not null then greatest(lim - used, 0) end,
    'period', l ->> 'period', 'period_start', private.usage_period_start(l ->> 'period', private.now()),
    'overage_units', over, 'unit_price', l -> 'unit_price', 'currency', l -> 'currency',
    'overage_amount', case when over > 0 then round(over * coalesce((l ->> 'unit_price')::numeric, 0), 3) end,
    'status_restriction', restriction);
end
$$;

CREATE OR REPLACE FUNCTION private.raise_limit_reached(decision jsonb) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  perform private.fail('entitlements.limit_reached', format('the tenant has reached its %s limit (%s %s%s)', decision ->> 'limit_key',
                     coalesce(decision ->> 'limit', '0'), decision ->> 'type',
                     case when decision ->> 'period' = 'month' then ' per month' else '' end),
    format('%s: %s used, limit %s%s', decision ->> 'limit_key', decision ->> 'used', coalesce(decision ->> 'limit', '0'),
                  case when decision ->> 'reason' = 'tenant.grace' then '; no billable overage while the tenant is in grace'
                       else '; upgrade the plan or add an add-on' end));
end
$$;

CREATE OR REPLACE FUNCTION private.set_override(tenant_id uuid, feature_key text, kind text, value jsonb, reason text, expires_at timestamp with time zone) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  f public.features;
  e text;
  previous public.entitlement_overrides;
  new_id uuid;
begin
  perform private.assert_permission('plans.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  perform private.assert_json_size(value, 'the value');
  perform private.assert_tenant_exists(tenant_id);
  select * into f from public.features x where x.key = feature_key;
  if f.key is null then perform private.unknown_feature(feature_key); end if;
  if kind = 'grant' then
    e := private.feature_value_error(f, value);
    if e is not null then
      perform private.fail('entitlements.invalid_value', format('bad value for %s', feature_key), e);
    end if;
  end if;
  if length(trim(coalesce(reason, ''))) < 3 then
    perform private.fail('entitlements.reason_required', 'a reason is required');
  end if;
  if expires_at is not null and expires_at <= private.now() then
    perform private.fail('entitlements.invalid_expiry', 'the expiry must be in the future');
  end if;
  update public.entitlement_overrides o set removed_at = private.now(), removed_by = auth.uid()
  where o.tenant_id = set_override.tenant_id and o.feature_key = set_override.feature_key and o.removed_at is null
  returning * into previous;
  insert into public.entitlement_overrides (tenant_id, feature_key, kind, value, reason, actor_id, created_at, expires_at)
  values (tenant_id, feature_key, kind, case when kind = 'grant' then value end, trim(reason), auth.uid(), private.now(), expires_at)
  returning id into new_id;
  perform audit.record('entitlement.' || kind, 'tenant', tenant_id::text, to_jsonb(previous),
                       jsonb_build_object('feature', feature_key, 'value', value, 'expires_at', expires_at), tenant_id, reason);
  perform private.refresh_entitlements(tenant_id, 'entitlement.' || kind);
  return new_id;
end
$$;

CREATE OR REPLACE FUNCTION private.unknown_feature(feature_key text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform private.fail('entitlements.unknown_feature', format('unknown feature %s', coalesce(feature_key, '(null)')));
end
$$;

CREATE OR REPLACE FUNCTION public.archive_plan(code text, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('plans.write');
  update public.plans p set status = 'archived', is_default = false where p.code = archive_plan.code and p.status = 'active';
  if not found then
    perform private.fail('plans.not_found', format('no active plan %s', code));
  end if;
  perform audit.record('plan.archive', 'plan', code, null, null, null, reason);
end
$$;

CREATE OR REPLACE FUNCTION public.preview_plan_change(tenant_id uuid, plan_code text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  s public.subscriptions;
  cur public.tenant_plans;
  old_plan public.plans;
  new_plan public.plans;
  target jsonb;
  old_price numeric;
  new_price numeric;
begin
  perform private.assert_permission('plans.read');
  select * into t from public.tenants x where x.id = preview_plan_change.tenant_id;
  if t.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  select * into s from public.subscriptions x
  where x.tenant_id = t.id and x.plan_id is not null and x.status <> 'cancelled';
  if s.id is not null then
    target := private.plan_change_target(s, plan_code);
    return target || jsonb_build_object('billed', true, 'subscription_id', s.id, 'subscription_status', s.status,
      'currency', s.currency, 'interval', s.billing_interval,
      'proration', case when s.status <> 'trialing' and target ->> 'direction' <> 'keep'
                        then private.plan_change_proration(s, (target ->> 'old_amount')::numeric, (target ->> 'new_amount')::numeric) end,
      'violations', to_jsonb(private.plan_violations(t.id, (target ->> 'plan_id')::uuid)));
  end if;
  select * into new_plan from public.plans p where p.code = plan_code and p.is_current;
  if new_plan.id is null then
    perform private.fail('plans.not_found', format('no plan %s', coalesce(plan_code, '(null)')));
  end if;
  select * into cur from public.tenant_plans x where x.tenant_id = t.id;
  select * into old_plan from public.plans p where p.id = cur.plan_id;
  old_price := coalesce(private.plan_price(old_plan.id, t.currency, coalesce(cur.billing_interval, 'month')), 0);
  new_price := private.plan_price(new_plan.id, t.currency, coalesce(cur.billing_interval, 'month'));
  return jsonb_build_object('billed', false, 'subscription_id', null, 'plan_id', new_plan.id, 'plan_code', new_plan.code,
    'from_plan_code', old_plan.code, 'currency', t.currency, 'interval', coalesce(cur.billing_interval, 'month'),
    'old_amount', old_price, 'new_amount', new_price,
    'direction', case when old_plan.id is null then 'new' when old_plan.id = new_plan.id then 'keep'
                      when new_price > old_price or (new_price = old_price and new_plan.tier > old_plan.tier) then 'upgrade'
                      when new_price < old_price or (new_price = old_price and new_plan.tier < old_plan.tier) then 'downgrade'
                      else 'lateral' end,
    'default_effective', 'now', 'proration', null,
    'violations', to_jsonb(private.plan_violations(t.id, new_plan.id)));
end
$$;

CREATE OR REPLACE FUNCTION public.remove_entitlement_override(override_id uuid, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.entitlement_overrides;
begin
  perform private.assert_permission('plans.write');
  update public.entitlement_overrides x set removed_at = private.now(), removed_by = auth.uid()
  where x.id = override_id and x.removed_at is null returning * into o;
  if o.id is null then
    perform private.fail('entitlements.override_not_found', 'no such live override');
  end if;
  perform audit.record('entitlement.remove_override', 'tenant', o.tenant_id::text, to_jsonb(o), null, o.tenant_id, reason);
  perform private.refresh_entitlements(o.tenant_id, 'entitlement.remove_override');
end
$$;

CREATE OR REPLACE FUNCTION public.save_plan(code text, definition jsonb, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  errors text[] := '{}';
  cur public.plans;
  saved_id uuid;
  new_version boolean := false;
  k text;
  v jsonb;
  f public.features;
  e text;
  before_image jsonb;
begin
  perform private.assert_permission('plans.write');
  if code is null or code !~ '^[a-z][a-z0-9_]*$' then
    errors := errors || 'code: lowercase letters, digits and _'::text;
  end if;
  if definition is null or jsonb_typeof(definition) <> 'object' then
    perform private.fail('plans.invalid', 'a plan definition is a JSON object');
  end if;
  if coalesce(trim(definition -> 'name' ->> 'en'), '') = '' then
    errors := errors || 'name.en is required'::text;
  end if;
  if definition ? 'trial_days' and not coalesce(case when (definition ->> 'trial_days') ~ '^\d{1,3}$' then (definition ->> 'trial_days')::int <= 365 end, false) then
    errors := errors || 'trial_days: 0–365'::text;
  end if;
  for v in select * from jsonb_array_elements(case when jsonb_typeof(definition -> 'prices') = 'array' then definition -> 'prices' else '[]' end) loop
    if coalesce(v ->> 'currency', '') !~ '^[A-Z]{3}$' or coalesce(v ->> 'interval', '') not in ('month', 'year')
       or jsonb_typeof(v -> 'amount') is distinct from 'number' or (v ->> 'amount')::numeric < 0 then
      errors := errors || format('prices: %s needs currency (ISO 4217), interval month|year and amount ≥ 0', v)::text;
    end if;
  end loop;
  for k, v in select * from jsonb_each(coalesce(definition -> 'features', '{}')) order by 1 loop
    select * into f from public.features x where x.key = k;
    e := private.feature_value_error(f, v);
    if f.type = 'limit' then e := 'is a limit: put it under limits'; end if;
    if e is not null then errors := errors || format('features.%s: %s', k, e)::text; end if;
  end loop;
  for k, v in select * from jsonb_each(coalesce(definition -> 'limits', '{}')) order by 1 loop
    select * into f from public.features x where x.key = k;
    e := case when f.key is not null and f.type <> 'limit' then 'is not a limit'
              when jsonb_typeof(v) <> 'object' then 'must be {limit, type}'
              else private.feature_value_error(f, coalesce(v -> 'limit', 'null'::jsonb)) end;
    if e is null and coalesce(v ->> 'type', f.default_limit_type) not in ('hard', 'soft', 'overage') then
      e := 'type must be hard, soft or overage';
    end if;
    if e is null and v ->> 'type' = 'overage' and jsonb_typeof(v -> 'overage_prices') is distinct from 'object' then
      e := 'a billable overage needs overage_prices {currency: unit price}';
    end if;
    if e is not null then errors := errors || format('limits.%s: %s', k, e)::text; end if;
  end loop;
  if cardinality(errors) > 0 then
    perform private.fail('plans.invalid', 'the plan is not valid', array_to_string(errors, '; '));
  end if;

  select * into cur from public.plans p where p.code = save_plan.code and p.is_current for update;
  before_image := case when cur.id is not null then private.plan_audit_image(cur.id) end;
  if cur.id is not null and (exists (select from public.tenant_plans tp where tp.plan_id = cur.id or tp.pending_plan_id = cur.id)
                             or exists (select from public.plan_changes pc where pc.to_plan_id = cur.id or pc.from_plan_id = cur.id)) then
    -- grandfathering: subscribers keep this version; new subscribers get the next one
    update public.plans p set is_current = false where p.id = cur.id;
    new_version := true;
  end if;
  if definition -> 'is_default' = 'true'::jsonb then
    update public.plans p set is_default = false where p.is_default and p.code <> save_plan.code;
  end if;
  if cur.id is null or new_version then
    insert into public.plans (code, version, name, description, tier, trial_days, status, is_current, is_default, created_by)
    values (code, coalesce(cur.version + 1, 1), definition -> 'name', coalesce(definition -> 'description', '{}'),
            coalesce((definition ->> 'tier')::int, cur.tier, 0), coalesce((definition ->> 'trial_days')::int, cur.trial_days, 0),
            coalesce(cur.status, 'active'), true, coalesce((definition ->> 'is_default')::boolean, cur.is_default, false), auth.uid())
    returning id into saved_id;
  else
    saved_id := cur.id;
    update public.plans p set name = definition -> 'name', description = coalesce(definition -> 'description', p.description),
      tier = coalesce((definition ->> 'tier')::int, p.tier), trial_days = coalesce((definition ->> 'trial_days')::int, p.trial_days),
      is_default = coalesce((definition ->> 'is_default')::boolean, p.is_default)
    where p.id = cur.id;
    delete from public.plan_prices x where x.plan_id = cur.id;
    delete from public.plan_features x where x.plan_id = cur.id;
  end if;
  insert into public.plan_prices (plan_id, currency, interval, amount)
  select saved_id, x ->> 'currency', x ->> 'interval', (x ->> 'amount')::numeric
  from jsonb_array_elements(coalesce(definition -> 'prices', '[]')) x;
  insert into public.plan_features (plan_id, feature_key, value)
  select saved_id, x.key, x.value from jsonb_each(coalesce(definition -> 'features', '{}')) x;
  insert into public.plan_features (plan_id, feature_key, value, limit_type, overage_prices)
  select saved_id, x.key, coalesce(x.value -> 'limit', 'null'::jsonb), coalesce(x.value ->> 'type', f2.default_limit_type),
         x.value -> 'overage_prices'
  from jsonb_each(coalesce(definition -> 'limits', '{}')) x join public.features f2 on f2.key = x.key;

  -- before and after in the same shape (a definition image of the plan as stored), so the diff
  -- lists exactly the fields that changed (issue 13 §10)
  perform audit.record(case when cur.id is null then 'plan.create' when new_version then 'plan.version' else 'plan.update' end,
                       'plan', saved_id::text, before_image, private.plan_audit_image(saved_id), null, reason);
  return jsonb_build_object('plan_id', saved_id, 'code', code,
                            'version', (select p.version from public.plans p where p.id = saved_id), 'new_version', new_version);
end
$_$;

CREATE OR REPLACE FUNCTION public.set_feature_default(feature_key text, value jsonb, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  f public.features;
  e text;
begin
  perform private.assert_permission('plans.write');
  select * into f from public.features x where x.key = feature_key for update;
  if f.key is null then perform private.unknown_feature(feature_key); end if;
  e := private.feature_value_error(f, value);
  if e is not null then
    perform private.fail('entitlements.invalid_value', format('bad value for %s', feature_key), e);
  end if;
  update public.features x set default_value = value where x.key = feature_key;
  perform audit.record('feature.set_default', 'feature', feature_key, jsonb_build_object('default_value', f.default_value),
                       jsonb_build_object('default_value', value), null, reason);
  perform private.invalidate_all_entitlements('feature.' || feature_key);
end
$$;

CREATE OR REPLACE FUNCTION public.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer DEFAULT 1, reason text DEFAULT NULL::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_row public.tenant_add_ons;
begin
  perform private.assert_permission('plans.write');
  perform private.assert_tenant_exists(tenant_id);
  select * into before_row from public.tenant_add_ons a where a.tenant_id = set_tenant_add_on.tenant_id and a.add_on_code = set_tenant_add_on.add_on_code;
  if quantity is null or quantity < 0 or quantity > 1000 then
    perform private.fail('entitlements.invalid_quantity', 'quantity must be 0–1000 (0 removes the add-on)',
      format('got %s', coalesce(quantity::text, 'null')));
  end if;
  if quantity = 0 then
    delete from public.tenant_add_ons a where a.tenant_id = set_tenant_add_on.tenant_id and a.add_on_code = set_tenant_add_on.add_on_code;
  else
    if not exists (select from public.add_ons x where x.code = add_on_code and x.status = 'active') then
      perform private.fail('entitlements.unknown_add_on', format('no active add-on %s', coalesce(add_on_code, '(null)')));
    end if;
    insert into public.tenant_add_ons as a (tenant_id, add_on_code, quantity, started_at, expires_at)
    values (tenant_id, add_on_code, quantity, private.now(), expires_at)
    on conflict on constraint tenant_add_ons_pkey do update set quantity = excluded.quantity, expires_at = excluded.expires_at;
  end if;
  perform audit.record('entitlement.set_add_on', 'tenant', tenant_id::text, to_jsonb(before_row),
                       jsonb_build_object('add_on', add_on_code, 'quantity', quantity, 'expires_at', expires_at), tenant_id, reason);
  perform private.refresh_entitlements(tenant_id, 'add_on');
end
$$;

CREATE OR REPLACE FUNCTION private.plans_check_tier() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if new.tier not between 0 and 100 then
    perform private.fail('plans.invalid', 'the plan is not valid', 'tier: 0–100');
  end if;
  return new;
end
$$;

CREATE OR REPLACE FUNCTION private.plan_features_check_values() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  problem text := private.overage_prices_error(new.overage_prices);
begin
  if problem is not null then
    perform private.fail('plans.invalid', 'the plan is not valid', format('limits.%s: %s', new.feature_key, problem));
  end if;
  return new;
end
$$;

CREATE OR REPLACE FUNCTION private.job_tenant_provision(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  outcome jsonb;
begin
  if (payload ->> 'tenant_id') is null then
    perform private.fail('provisioning.invalid_payload', 'tenant.provision needs payload.tenant_id');
  end if;
  outcome := private.provision_tenant((payload ->> 'tenant_id')::uuid);
  if jsonb_array_length(outcome -> 'failed') > 0 then
    perform private.fail('provisioning.step_failed', format('provisioning steps failed: %s', outcome -> 'failed'));
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.provision_tenant(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  step public.provisioning_steps;
  done text[] := '{}';
  failed text[] := '{}';
  error_text text;
begin
  if not exists (select from public.tenants t where t.id = provision_tenant.tenant_id) then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  for step in
    select s.* from public.provisioning_steps s
    left join public.tenant_provisioning p on p.step_code = s.code and p.tenant_id = provision_tenant.tenant_id
    where s.enabled and (p.status is distinct from 'done' or p.applied_version < s.version)
    order by s.sort_order, s.code
  loop
    insert into public.tenant_provisioning as p (tenant_id, step_code, status, attempts, started_at)
    values (provision_tenant.tenant_id, step.code, 'pending', 1, clock_timestamp())
    on conflict on constraint tenant_provisioning_pkey do update
      set status = 'pending', attempts = p.attempts + 1, started_at = clock_timestamp(), finished_at = null;
    begin
      execute format('select %s($1)', step.handler) using provision_tenant.tenant_id;
      update public.tenant_provisioning p set status = 'done', applied_version = step.version, last_error = null,
        finished_at = clock_timestamp()
      where p.tenant_id = provision_tenant.tenant_id and p.step_code = step.code;
      done := done || step.code;
    exception when others then
      get stacked diagnostics error_text = message_text;
      update public.tenant_provisioning p set status = 'failed', last_error = left(error_text, 1000), finished_at = clock_timestamp()
      where p.tenant_id = provision_tenant.tenant_id and p.step_code = step.code;
      failed := failed || step.code;
    end;
  end loop;
  if cardinality(done) + cardinality(failed) > 0 then
    perform audit.record('tenant.provision', 'tenant', tenant_id::text, null,
                         jsonb_build_object('done', to_jsonb(done), 'failed', to_jsonb(failed)), tenant_id);
  end if;
  return jsonb_build_object('done', to_jsonb(done), 'failed', to_jsonb(failed));
end
$_$;

CREATE OR REPLACE FUNCTION private.register_provisioning_step(code text, name jsonb, sort_order integer, handler regprocedure, version integer DEFAULT 1, description jsonb DEFAULT '{}'::jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if not exists (select from pg_catalog.pg_proc p where p.oid = handler and p.proargtypes = '2950'::pg_catalog.oidvector) then
    perform private.fail('provisioning.invalid_handler', format('%s is not a provisioning step handler', handler));
  end if;
  insert into public.provisioning_steps as s (code, name, description, sort_order, handler, version)
  values (code, name, description, sort_order, handler::regproc::text, version)
  on conflict on constraint provisioning_steps_pkey do update
    set name = excluded.name, description = excluded.description, sort_order = excluded.sort_order,
        handler = excluded.handler, version = excluded.version;
end
$$;

CREATE OR REPLACE FUNCTION public.retry_provisioning_step(tenant_id uuid, step_code text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  row_before public.tenant_provisioning;
begin
  perform private.assert_permission('tenants.lifecycle');
  select * into row_before from public.tenant_provisioning p
  where p.tenant_id = retry_provisioning_step.tenant_id and p.step_code = retry_provisioning_step.step_code for update;
  if row_before.tenant_id is null then
    perform private.fail('provisioning.step_not_found', format('step %s has not run for this tenant', step_code));
  end if;
  if row_before.status = 'done' then
    perform private.fail('provisioning.already_done', format('step %s is already done', step_code));
  end if;
  update public.tenant_provisioning p set status = 'pending'
  where p.tenant_id = retry_provisioning_step.tenant_id and p.step_code = retry_provisioning_step.step_code;
  perform audit.record('tenant.provision_retry', 'tenant', tenant_id::text, to_jsonb(row_before), null, tenant_id);
  return private.enqueue_provisioning(tenant_id, 'retry:' || step_code || ':' || extract(epoch from clock_timestamp())::text);
end
$$;

CREATE OR REPLACE FUNCTION public.tenant_onboarding_checklist(tenant_id uuid) RETURNS TABLE(item text, label jsonb, done boolean, source text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
begin
  if not private.can_read_tenant(tenant_onboarding_checklist.tenant_id) and not private.is_trusted_caller() then
    perform private.fail('tenant.forbidden', 'you cannot see this tenant');
  end if;
  select * into t from public.tenants x where x.id = tenant_onboarding_checklist.tenant_id;
  if t.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  return query
    select s.code, s.name, coalesce(p.status = 'done' and p.applied_version >= s.version, false), 'provisioning'
    from public.provisioning_steps s
    left join public.tenant_provisioning p on p.step_code = s.code and p.tenant_id = t.id
    where s.enabled
    order by s.sort_order;
  return query values
    ('contact_email', '{"en":"Contact email set","ar":"تم تعيين البريد الإلكتروني"}'::jsonb, coalesce(t.contact ->> 'email', '') <> '', 'profile'),
    ('legal_name', '{"en":"Legal name set","ar":"تم تعيين الاسم القانوني"}'::jsonb, coalesce(t.legal_name, '') <> '', 'profile'),
    ('logo', '{"en":"Logo uploaded","ar":"تم رفع الشعار"}'::jsonb, coalesce(t.branding ->> 'logo_url', '') <> '', 'profile'),
    ('owner', '{"en":"An owner can sign in","ar":"يوجد مالك للحساب"}'::jsonb,
      exists (select from public.tenant_members m where m.tenant_id = t.id and m.role = 'owner'), 'profile');
end
$$;

CREATE OR REPLACE FUNCTION private.assert_not_last_super_admin(leaving uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if exists (select from public.platform_staff where user_id = leaving and role_code = 'super_admin' and status = 'active')
     and (select count(*) from public.platform_staff where role_code = 'super_admin' and status = 'active') <= 1 then
    perform private.fail('staff.last_super_admin', 'the last active super admin cannot be removed');
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_permission(permission text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if private.is_trusted_caller() then
    return;
  end if;
  if auth.uid() is null then
    perform private.fail('auth.not_signed_in', 'sign in first');
  end if;
  if private.current_staff_role() is null then
    perform private.fail('auth.not_staff', 'only active HQ staff may do this', format('requires %s', permission));
  end if;
  if not private.is_mfa_session() then
    perform private.fail('auth.mfa_required', 'HQ requires a multi-factor (aal2) session');
  end if;
  if not private.has_permission(permission) then
    perform private.fail('auth.permission_denied', format('your role may not do this (needs %s)', permission),
      format('ask a super admin for %s', permission));
  end if;
end
$$;

CREATE OR REPLACE FUNCTION public.activate_my_staff_account() RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
  session_factor uuid;
begin
  select * into old_row from public.platform_staff s where s.user_id = auth.uid() for update;
  if old_row.user_id is null then
    perform private.fail('auth.not_staff', 'only HQ staff may do this');
  end if;
  if exists (select from public.tenant_members m where m.user_id = old_row.user_id) then
    perform private.fail('staff.tenant_account', 'a tenant account cannot become HQ staff');
  end if;
  if old_row.status = 'disabled' then
    perform private.fail('staff.disabled', 'your HQ account is disabled');
  end if;
  if not private.is_mfa_session() then
    perform private.fail('auth.mfa_required', 'HQ requires a multi-factor (aal2) session',
      'enrol and verify an authenticator first');
  end if;
  if old_row.status = 'invited' then
    if not exists (select from private.password_changes p where p.user_id = old_row.user_id and p.changed_at >= old_row.invited_at) then
      perform private.fail('staff.invitation_incomplete', 'set a new password through your invitation link first');
    end if;
    select s.factor_id into session_factor from auth.sessions s
    where s.id = nullif(auth.jwt() ->> 'session_id', '')::uuid and s.user_id = old_row.user_id;
    if not exists (select from auth.mfa_factors f where f.id = session_factor and f.user_id = old_row.user_id
                   and f.status = 'verified' and f.created_at >= old_row.invited_at) then
      perform private.fail('staff.invitation_incomplete', 'verify with an authenticator enrolled after your invitation',
        'a factor from before the invitation does not count: enrol a new one');
    end if;
    update public.platform_staff s set status = 'active', updated_at = now() where s.user_id = auth.uid() returning * into new_row;
    perform audit.record('staff.activate', 'staff', auth.uid()::text, private.staff_json(old_row), private.staff_json(new_row));
  end if;
  return 'active';
end
$$;

CREATE OR REPLACE FUNCTION public.change_staff_role(user_id uuid, role text, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  if coalesce(trim(reason), '') = '' then
    perform private.fail('staff.reason_required', 'a reason is required', 'say why the role changes');
  end if;
  old_row := private.lock_staff_row(change_staff_role.user_id);
  if not exists (select from public.platform_roles where code = change_staff_role.role) then
    perform private.fail('staff.unknown_role', format('unknown role %L', change_staff_role.role),
      (select 'roles: ' || string_agg(code, ', ' order by sort_order) from public.platform_roles));
  end if;
  if old_row.role_code = change_staff_role.role then
    return;
  end if;
  if old_row.role_code = 'super_admin' then
    perform private.assert_not_last_super_admin(old_row.user_id);
  end if;
  update public.platform_staff s set role_code = change_staff_role.role, updated_at = now()
  where s.user_id = change_staff_role.user_id returning * into new_row;
  perform audit.record('staff.change_role', 'staff', user_id::text, private.staff_json(old_row), private.staff_json(new_row),
                       null, reason);
end
$$;

CREATE OR REPLACE FUNCTION public.disable_staff(user_id uuid, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  if coalesce(trim(reason), '') = '' then
    perform private.fail('staff.reason_required', 'a reason is required', 'say why the member is disabled');
  end if;
  old_row := private.lock_staff_row(disable_staff.user_id);
  if old_row.status = 'disabled' then
    return;
  end if;
  perform private.assert_not_last_super_admin(old_row.user_id);
  update public.platform_staff s set status = 'disabled', disabled_at = now(), disabled_reason = reason, updated_at = now()
  where s.user_id = disable_staff.user_id returning * into new_row;
  delete from auth.sessions s where s.user_id = disable_staff.user_id;
  perform audit.record('staff.disable', 'staff', user_id::text, private.staff_json(old_row), private.staff_json(new_row),
                       null, reason);
end
$$;

CREATE OR REPLACE FUNCTION public.invite_staff(email text, role text, display_name text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  normalized text := lower(trim(invite_staff.email));
  new_user uuid := extensions.gen_random_uuid();
  member public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  if normalized is null or normalized !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform private.fail('staff.invalid_email', format('%L is not an email address', invite_staff.email));
  end if;
  if not exists (select from public.platform_roles where code = invite_staff.role) then
    perform private.fail('staff.unknown_role', format('unknown role %L', invite_staff.role),
      (select 'roles: ' || string_agg(code, ', ' order by sort_order) from public.platform_roles));
  end if;
  if exists (select from public.platform_staff s where s.email = normalized) then
    perform private.fail('staff.already_exists', format('%s is already HQ staff', normalized));
  end if;
  -- An existing account comes with someone's password and factors: HQ never adopts it.
  if exists (select from auth.users u where lower(u.email) = normalized) then
    perform private.fail('staff.email_unavailable', format('%s cannot be invited to HQ', normalized));
  end if;

  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
                          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  values ('00000000-0000-0000-0000-000000000000', new_user, 'authenticated', 'authenticated', normalized, '',
          now(), now(), '{"provider":"email","providers":["email"]}',
          jsonb_build_object('display_name', invite_staff.display_name), now(), now());
  insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
  values (new_user::text, new_user, jsonb_build_object('sub', new_user::text, 'email', normalized), 'email', now(), now());

  insert into public.platform_staff (user_id, email, display_name, role_code, status, invited_by)
  values (new_user, normalized, invite_staff.display_name, invite_staff.role, 'invited', auth.uid())
  returning * into member;
  perform audit.record('staff.invite', 'staff', new_user::text, null, private.staff_json(member));
  return new_user;
end
$_$;

CREATE OR REPLACE FUNCTION private.platform_staff_not_tenant_member() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.lock_identity(new.user_id);
  if exists (select from public.tenant_members m where m.user_id = new.user_id) then
    perform private.fail('staff.email_unavailable', 'this address cannot be invited to HQ');
  end if;
  return new;
end
$$;

CREATE OR REPLACE FUNCTION private.lock_staff_row(user_id uuid) RETURNS public.platform_staff
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  member public.platform_staff;
begin
  select * into member from public.platform_staff s where s.user_id = lock_staff_row.user_id for update;
  if member.user_id is null then
    perform private.fail('staff.not_found', 'no such staff member');
  end if;
  return member;
end
$$;

CREATE OR REPLACE FUNCTION private.job_payload_tenant(payload jsonb, job_type text) RETURNS uuid
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  return (payload ->> 'tenant_id')::uuid;
exception when others then
  perform private.fail('jobs.invalid_payload', format('bad %s payload %s', job_type, payload), '{"tenant_id": uuid}');
end
$$;

CREATE OR REPLACE FUNCTION public.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text DEFAULT 'ar'::text, legal_name text DEFAULT NULL::text, branding jsonb DEFAULT '{}'::jsonb, contact jsonb DEFAULT '{}'::jsonb, custom_fields jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  t public.tenants;
begin
  perform private.assert_permission('tenants.write');
  if create_tenant.slug is null or create_tenant.slug !~ '^[a-z0-9]([a-z0-9-]{1,46}[a-z0-9])$' then
    perform private.fail('tenant.invalid_slug', format('invalid slug %L', left(create_tenant.slug, 64)));
  end if;
  if exists (select from public.tenants x where x.slug = create_tenant.slug) then
    perform private.fail('tenant.slug_taken', format('the slug %L is taken', create_tenant.slug));
  end if;
  if name is null or jsonb_typeof(name) <> 'object' or coalesce(trim(name ->> 'en'), '') = '' then
    perform private.fail('tenant.name_required', 'the tenant needs an English name');
  end if;
  if not exists (select from public.regions r where r.code = create_tenant.region) then
    perform private.fail('tenant.invalid_region', format('unknown region %L', left(create_tenant.region, 16)),
      (select string_agg(r.code, ', ' order by r.sort) from public.regions r));
  end if;
  if not exists (select from public.countries c where c.code = create_tenant.country) then
    perform private.fail('tenant.invalid_country', format('invalid country %L', left(create_tenant.country, 8)),
      'one of public.countries: ' || (select string_agg(c.code, ', ' order by c.code) from public.countries c));
  end if;
  if not exists (select from public.currencies c where c.code = create_tenant.currency) then
    perform private.fail('tenant.invalid_currency', format('invalid currency %L', left(create_tenant.currency, 8)),
      'one of public.currencies: ' || (select string_agg(c.code, ', ' order by c.code) from public.currencies c));
  end if;
  if not exists (select from public.locales l where l.code = create_tenant.default_locale) then
    perform private.fail('tenant.invalid_locale', format('unsupported locale %L', left(create_tenant.default_locale, 8)),
      (select string_agg(l.code, ' or ' order by l.code) from public.locales l));
  end if;

  -- lengths and the remaining rules: private.assert_valid_tenant, through the insert trigger
  insert into public.tenants (slug, name, legal_name, country, region, timezone, currency, default_locale,
                              branding, contact, custom_fields, created_by)
  values (create_tenant.slug, create_tenant.name, nullif(trim(create_tenant.legal_name), ''), create_tenant.country,
          create_tenant.region, create_tenant.timezone, create_tenant.currency, create_tenant.default_locale,
          coalesce(create_tenant.branding, '{}'), coalesce(create_tenant.contact, '{}'),
          coalesce(create_tenant.custom_fields, '{}'), auth.uid())
  returning * into t;
  insert into public.tenant_status_history (tenant_id, from_status, to_status, action, actor_id)
  values (t.id, null, 'draft', 'create', auth.uid());
  perform audit.record('tenant.create', 'tenant', t.id::text, null, to_jsonb(t), t.id);
  return t.id;
end
$_$;

CREATE OR REPLACE FUNCTION public.tenant_billing_fields_editable(tenant_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- the same answer for a tenant that does not exist and one the caller may not see
  if not private.can_read_tenant(tenant_id)
     or not exists (select from public.tenants t where t.id = tenant_billing_fields_editable.tenant_id) then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  return private.has_permission('tenants.write') and not private.tenant_billed(tenant_id);
end
$$;

CREATE OR REPLACE FUNCTION private.tenants_validate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if tg_op = 'UPDATE' and (new.country, new.region, new.currency) is distinct from (old.country, old.region, old.currency) then
    -- a request (signed-in user) needs HQ's tenants.write; tenant owners keep the rest of the profile
    if auth.uid() is not null and not private.has_permission('tenants.write') then
      perform private.fail('tenant.billing_fields_staff_only', 'only HQ staff may change a tenant''s country, region or currency');
    end if;
    if private.tenant_billed(old.id) then
      perform private.fail('tenant.billing_fields_locked', 'the tenant has been billed: its country, region and currency are fixed');
    end if;
  end if;
  perform private.assert_valid_tenant(new);
  new.updated_at := now();
  return new;
end
$$;

CREATE OR REPLACE FUNCTION private.tenant_members_not_staff() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.lock_identity(new.user_id);
  if exists (select from public.platform_staff s where s.user_id = new.user_id) then
    perform private.fail('tenant.member_is_staff', 'an HQ staff account cannot be a tenant member');
  end if;
  return new;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_valid_tenant(t public.tenants) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  problems text[] := '{}';
  field_errors text[];
  limits jsonb := private.tenant_text_limits();
  field text;
  value text;
begin
  if not private.is_valid_timezone(t.timezone) then
    problems := problems || format('unknown timezone %L (use an IANA name such as Asia/Muscat)', left(t.timezone, 64));
  end if;
  if not exists (select from public.countries c where c.code = t.country) then
    problems := problems || format('unknown country %L', left(t.country, 8));
  end if;
  if not exists (select from public.regions r where r.code = t.region) then
    problems := problems || format('unknown region %L', left(t.region, 16));
  end if;
  if not exists (select from public.currencies c where c.code = t.currency) then
    problems := problems || format('unknown currency %L', left(t.currency, 8));
  end if;
  if not exists (select from public.locales l where l.code = t.default_locale) then
    problems := problems || format('unsupported language %L', left(t.default_locale, 8));
  end if;
  if t.branding ? 'primary_color' and (t.branding ->> 'primary_color') !~ '^#[0-9a-fA-F]{6}$' then
    problems := problems || 'branding.primary_color must be a #rrggbb colour'::text;
  end if;
  if t.branding ? 'logo_url' and (t.branding ->> 'logo_url') !~ '^https://' then
    problems := problems || 'branding.logo_url must be an https URL'::text;
  end if;
  if t.contact ? 'email' and (t.contact ->> 'email') !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    problems := problems || 'contact.email is not an email address'::text;
  end if;
  -- lengths: every text field, then the custom fields' JSON as a whole
  foreach field in array array['name.en', 'name.ar', 'legal_name', 'timezone', 'contact.name', 'contact.email',
                               'contact.phone', 'branding.logo_url', 'branding.invoice_header'] loop
    value := case field
      when 'name.en' then t.name ->> 'en'
      when 'name.ar' then t.name ->> 'ar'
      when 'legal_name' then t.legal_name
      when 'timezone' then t.timezone
      when 'contact.name' then t.contact ->> 'name'
      when 'contact.email' then t.contact ->> 'email'
      when 'contact.phone' then t.contact ->> 'phone'
      when 'branding.logo_url' then t.branding ->> 'logo_url'
      when 'branding.invoice_header' then t.branding ->> 'invoice_header'
    end;
    if char_length(value) > (limits ->> field)::int then
      problems := problems || format('%s is longer than %s characters', field, limits ->> field);
    end if;
  end loop;
  if octet_length(t.custom_fields::text) > (limits ->> 'custom_fields')::int then
    problems := problems || format('custom_fields is larger than %s bytes', limits ->> 'custom_fields');
  end if;
  select private.json_schema_errors(s.schema, t.custom_fields, 'custom_fields') into field_errors
  from public.tenant_custom_field_schema s;
  problems := problems || coalesce(field_errors, '{}');
  if cardinality(problems) > 0 then
    perform private.fail('tenant.invalid', 'the tenant profile is not valid', array_to_string(problems, '; '));
  end if;
end
$_$;

CREATE OR REPLACE FUNCTION private.transition_tenant(tenant_id uuid, action text, reason text, trial_days integer DEFAULT NULL::integer) RETURNS public.tenants
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_row public.tenants;
  after_row public.tenants;
  rule public.tenant_lifecycle_transitions;
  settings public.tenant_lifecycle_settings;
  v_permission text;
begin
  -- 1. the caller's right (every permission the action needs in any status)
  for v_permission in select distinct r.permission from public.tenant_lifecycle_transitions r
                      where r.action = transition_tenant.action loop
    perform private.assert_permission(v_permission);
  end loop;
  if v_permission is null then
    perform private.fail('tenant.unknown_action', format('unknown lifecycle action %L', transition_tenant.action));
  end if;
  -- 2. the input alone
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if coalesce(trim(reason), '') = '' and transition_tenant.action not in ('submit', 'approve', 'activate', 'start_trial') then
    perform private.fail('tenant.reason_required', 'a reason is required for this change',
      format('say why the tenant should %s', transition_tenant.action));
  end if;
  if trial_days is not null and (transition_tenant.action <> 'start_trial' or trial_days not between 1 and 365) then
    perform private.fail('tenant.invalid_trial_days', 'trial days apply to start_trial only, between 1 and 365');
  end if;
  -- 3. the target: lock, then its state
  select * into before_row from public.tenants t where t.id = transition_tenant.tenant_id for update;
  if before_row.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  select * into rule from public.tenant_lifecycle_transitions r
  where r.action = transition_tenant.action and r.from_status = before_row.status;
  if rule.action is null then
    perform private.fail('tenant.illegal_transition', format('cannot %s a tenant that is %s', replace(transition_tenant.action, '_', ' '), before_row.status),
      coalesce('allowed: ' || (select string_agg(r.action || ' → ' || r.to_status, ', ' order by r.action)
                                      from public.tenant_lifecycle_transitions r where r.from_status = before_row.status),
                      'no transitions leave this status'));
  end if;
  select * into settings from public.tenant_lifecycle_settings;
  if transition_tenant.action = 'submit' and coalesce(before_row.contact ->> 'email', '') = '' then
    perform private.fail('tenant.contact_required', 'a tenant needs a contact email before approval');
  end if;
  if transition_tenant.action = 'churn' and before_row.status_changed_at > private.now() - make_interval(days => settings.churn_after_days) then
    perform private.fail('tenant.retention_not_elapsed', 'the tenant has not been archived long enough to churn',
      format('churn is possible from %s', before_row.status_changed_at + make_interval(days => settings.churn_after_days)));
  end if;

  update public.tenants t
  set status = rule.to_status,
      status_changed_at = private.now(),
      trial_ends_at = case when rule.to_status = 'trial'
                           then private.now() + make_interval(days => coalesce(trial_days, settings.default_trial_days))
                           when rule.to_status = 'active' then null else t.trial_ends_at end
  where t.id = before_row.id
  returning * into after_row;

  insert into public.tenant_status_history (tenant_id, from_status, to_status, action, reason, actor_id)
  values (after_row.id, before_row.status, after_row.status, transition_tenant.action, nullif(trim(reason), ''), auth.uid());
  perform audit.record('tenant.' || transition_tenant.action, 'tenant', after_row.id::text,
                       to_jsonb(before_row), to_jsonb(after_row), after_row.id, nullif(trim(reason), ''));
  perform private.after_tenant_status_change(after_row, before_row.status, transition_tenant.action);
  return after_row;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_name_size(value jsonb, what text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if jsonb_typeof(value) = 'object' then
    perform private.assert_json_count(value, what, 'name.locales');
    if exists (select from jsonb_each(value) e where length(e.value #>> '{}') > private.input_limit('name')) then
      perform private.fail('input.too_long', format('%s is at most %s characters in each language', what, private.input_limit('name')),
        format('shorten %s', what));
    end if;
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_period(from_ts timestamp with time zone, to_ts timestamp with time zone) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if from_ts is null or to_ts is null or to_ts <= from_ts or to_ts - from_ts > interval '400 days' then
    perform private.fail('workflow.invalid_period', 'a period needs from < to, at most 400 days apart');
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_valid_patch(patch jsonb) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  bad text[];
begin
  if patch is null or jsonb_typeof(patch) <> 'object' then
    perform private.fail('workflow.invalid_patch', 'an override patch is an object');
  end if;
  perform private.assert_json_size(patch, 'the override', 'workflow.patch_bytes');
  select array_agg(k) into bad from jsonb_object_keys(patch) k
  where k not in ('rename', 'sla', 'disable', 'add_stages', 'add_transitions');
  if bad is not null then
    perform private.fail('workflow.invalid_patch', format('unknown override keys: %s', array_to_string(bad, ', ')));
  end if;
  if jsonb_typeof(coalesce(patch -> 'rename', '{}')) <> 'object' or jsonb_typeof(coalesce(patch -> 'sla', '{}')) <> 'object'
     or jsonb_typeof(coalesce(patch -> 'disable', '[]')) <> 'array' or jsonb_typeof(coalesce(patch -> 'add_stages', '[]')) <> 'array'
     or jsonb_typeof(coalesce(patch -> 'add_transitions', '[]')) <> 'array' then
    perform private.fail('workflow.invalid_patch', 'rename and sla are objects keyed by stage; disable, add_stages and add_transitions are arrays',
      'e.g. {"sla": {"washing": 120}, "disable": ["tagging"]}');
  end if;
  perform private.assert_json_count(patch -> 'rename', 'the override''s renames', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'sla', 'the override''s SLAs', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'add_stages', 'the override''s added stages', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'add_transitions', 'the override''s added transitions', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'disable', 'the override''s disabled stages', 'workflow.patch_disable');
  if exists (select from jsonb_each(coalesce(patch -> 'rename', '{}')) r
             where jsonb_typeof(r.value) <> 'object' or coalesce(trim(r.value ->> 'en'), '') = '') then
    perform private.fail('workflow.invalid_patch', 'a renamed stage needs an English name',
      'rename: {"stage": {"en": "...", "ar": "..."}}');
  end if;
  if exists (select from jsonb_array_elements(coalesce(patch -> 'add_stages', '[]')) s where s ->> 'kind' = 'start') then
    perform private.fail('workflow.invalid_patch', 'an added stage cannot be a start stage', 'add normal or terminal stages');
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_valid_workflow(definition jsonb) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  errs jsonb := private.workflow_definition_errors(definition);
begin
  if jsonb_array_length(errs) > 0 then
    perform private.fail('workflow.invalid_definition', format('the workflow has %s problem(s): %s', jsonb_array_length(errs),
                       (select string_agg(e ->> 'message', '; ') from jsonb_array_elements(errs) e)),
      (select string_agg(e ->> 'code' || coalesce(':' || (e ->> 'subject'), ''), ', ') from jsonb_array_elements(errs) e));
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_workflow_admin(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if private.is_trusted_caller()
     or tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))
     or tenant_id in (select private.impersonated_tenant_ids(true)) then
    return;
  end if;
  if tenant_id in (select private.my_tenant_ids()) then
    perform private.fail('workflow.forbidden', 'only the tenant''s owners and admins may change its workflows');
  end if;
  perform private.assert_permission('workflows.write');
end
$$;

CREATE OR REPLACE FUNCTION private.assert_workflow_module(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_status text;
begin
  select t.status into v_status from public.tenants t where t.id = assert_workflow_module.tenant_id;
  if v_status is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  if v_status not in ('trial', 'active', 'grace') then
    perform private.fail('workflow.module_unavailable', format('workflows are not available to a %s tenant', v_status));
  end if;
  -- The plan (with add-ons, grants and revocations) must include the module.
  if not public.has_feature(assert_workflow_module.tenant_id, 'module.workflow') then
    perform private.fail('workflow.module_unavailable', 'the tenant''s plan does not include workflows',
      'upgrade the plan, or grant module.workflow');
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.assert_workflow_size(definition jsonb, what text DEFAULT 'the workflow'::text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_too_many_guards text;
begin
  perform private.assert_json_size(definition, what, 'workflow.bytes');
  if jsonb_typeof(definition) = 'object' then
    perform private.assert_json_count(definition -> 'stages', what || '''s stages', 'workflow.stages');
    perform private.assert_json_count(definition -> 'transitions', what || '''s transitions', 'workflow.transitions');
    if jsonb_typeof(definition -> 'transitions') = 'array' then
      select coalesce(t ->> 'from', '?') || '→' || coalesce(t ->> 'to', '?') into v_too_many_guards
      from jsonb_array_elements(definition -> 'transitions') t
      where jsonb_typeof(t -> 'guards') = 'array' and jsonb_array_length(t -> 'guards') > private.input_limit('workflow.guards')
         or jsonb_typeof(t -> 'roles') = 'array' and jsonb_array_length(t -> 'roles') > 4
      limit 1;
      if v_too_many_guards is not null then
        perform private.fail('input.too_many', format('transition %s has too many guards or roles (at most %s guards and 4 roles)', v_too_many_guards,
                           private.input_limit('workflow.guards')));
      end if;
    end if;
  end if;
end
$$;

CREATE OR REPLACE FUNCTION private.build_tenant_workflow(tenant_id uuid, template_id uuid, base_version_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  base public.workflow_versions;
  v_patch jsonb;
  applied record;
  errs jsonb;
  v_next int;
  v_id uuid;
begin
  select * into base from public.workflow_versions v where v.id = build_tenant_workflow.base_version_id;
  select o.patch into v_patch from public.tenant_workflow_overrides o
  where o.tenant_id = build_tenant_workflow.tenant_id and o.template_id = build_tenant_workflow.template_id;
  select * into applied from private.apply_workflow_patch(base.definition, v_patch);
  errs := private.workflow_definition_errors(applied.result);
  if jsonb_array_length(errs) > 0 then
    perform private.fail('workflow.override_invalid', format('the tenant''s overrides do not fit version %s: %s', base.version,
                       (select string_agg(e ->> 'message', '; ') from jsonb_array_elements(applied.conflicts || errs) e)),
      (select string_agg(e ->> 'code' || coalesce(':' || (e ->> 'subject'), ''), ', ') from jsonb_array_elements(applied.conflicts || errs) e));
  end if;
  -- serialise builds of one tenant's workflow for one template
  perform pg_advisory_xact_lock(hashtextextended(tenant_id::text || template_id::text, 0));
  select coalesce(max(v.version), 0) + 1 into v_next from public.workflow_versions v
  where v.tenant_id = build_tenant_workflow.tenant_id and v.template_id = build_tenant_workflow.template_id;
  insert into public.workflow_versions (template_id, tenant_id, version, base_version_id, definition, patch, conflicts, published_by)
  values (template_id, tenant_id, v_next, base.id, applied.result, v_patch, applied.conflicts, auth.uid())
  returning id into v_id;
  insert into public.tenant_workflows as w (tenant_id, template_id, version_id, base_version_id, conflicts)
  values (tenant_id, template_id, v_id, base.id, applied.conflicts)
  on conflict on constraint tenant_workflows_pkey do update
    set version_id = excluded.version_id, base_version_id = excluded.base_version_id, conflicts = excluded.conflicts,
        upgraded_at = now();
  return jsonb_build_object('version_id', v_id, 'version', v_next, 'base_version', base.version,
                            'conflicts', applied.conflicts);
end
$$;

CREATE OR REPLACE FUNCTION private.job_workflow_aggregate(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_day date;
begin
  begin
    v_day := coalesce((payload ->> 'day')::date, ((private.now() at time zone 'UTC')::date - 1));
  exception when others then
    perform private.fail('workflow.invalid_payload', 'workflow.aggregate_daily needs payload.day as YYYY-MM-DD');
  end;
  perform private.aggregate_workflow_day(v_day);
end
$$;

CREATE OR REPLACE FUNCTION public.create_workflow_template(code text, service_category text, name jsonb, draft jsonb, description jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_id uuid;
begin
  perform private.assert_permission('workflows.write');
  perform private.assert_name_size(name, 'the template name');
  perform private.assert_name_size(description, 'the template description');
  perform private.assert_json_size(description, 'the template description');
  perform private.assert_workflow_size(draft, 'the draft');
  if code is null or code !~ '^[a-z][a-z0-9_]{1,39}$' or service_category is null or service_category !~ '^[a-z][a-z0-9_]{1,39}$' then
    perform private.fail('workflow.invalid_code', 'template code and service category are lower-case codes (2-40 characters)');
  end if;
  if name is null or jsonb_typeof(name) <> 'object' or coalesce(trim(name ->> 'en'), '') = '' then
    perform private.fail('workflow.name_required', 'a template needs an English name');
  end if;
  if draft is null or jsonb_typeof(draft) <> 'object' then
    perform private.fail('workflow.malformed', 'a draft is a workflow definition object');
  end if;
  if exists (select from public.workflow_templates t where t.code = create_workflow_template.code
             or t.service_category = create_workflow_template.service_category) then
    perform private.fail('workflow.template_exists', 'a template with this code or service category exists');
  end if;
  insert into public.workflow_templates (code, service_category, name, description, draft, created_by)
  values (code, service_category, name, coalesce(description, '{}'), draft, auth.uid())
  returning id into v_id;
  perform audit.record('workflow_template.create', 'workflow_template', v_id::text, null,
                       jsonb_build_object('code', code, 'service_category', service_category, 'name', name));
  return v_id;
end
$_$;

CREATE OR REPLACE FUNCTION public.publish_workflow_template(template_id uuid, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  tpl public.workflow_templates;
  v_id uuid;
  v_latest jsonb;
begin
  perform private.assert_permission('workflows.write');
  perform private.assert_text_size(note, 'the publish note', 'note');
  select * into tpl from public.workflow_templates t where t.id = publish_workflow_template.template_id for update;
  if not found then
    perform private.fail('workflow.template_not_found', 'no such workflow template');
  end if;
  perform private.assert_valid_workflow(tpl.draft);
  select v.definition into v_latest from public.workflow_versions v
  where v.template_id = tpl.id and v.tenant_id is null and v.version = tpl.latest_version;
  if v_latest is not distinct from tpl.draft then
    perform private.fail('workflow.nothing_to_publish', 'the draft is the same as the latest version',
      format('version %s is current', tpl.latest_version));
  end if;
  insert into public.workflow_versions (template_id, version, definition, note, published_by)
  values (tpl.id, tpl.latest_version + 1, tpl.draft, note, auth.uid())
  returning id into v_id;
  update public.workflow_templates t set latest_version = tpl.latest_version + 1, updated_at = now() where t.id = tpl.id;
  perform audit.record('workflow_template.publish', 'workflow_template', tpl.id::text, null,
                       jsonb_build_object('version', tpl.latest_version + 1, 'version_id', v_id, 'note', note));
  return jsonb_build_object('version_id', v_id, 'version', tpl.latest_version + 1);
end
$$;

CREATE OR REPLACE FUNCTION public.save_workflow_draft(template_id uuid, draft jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before jsonb;
begin
  perform private.assert_permission('workflows.write');
  perform private.enter_heavy_section('saving the draft');
  perform private.assert_workflow_size(draft, 'the draft');
  if draft is null or jsonb_typeof(draft) <> 'object' then
    perform private.fail('workflow.malformed', 'a draft is a workflow definition object');
  end if;
  select t.draft into v_before from public.workflow_templates t where t.id = save_workflow_draft.template_id for update;
  if not found then
    perform private.fail('workflow.template_not_found', 'no such workflow template');
  end if;
  update public.workflow_templates t set draft = save_workflow_draft.draft, updated_at = now()
  where t.id = save_workflow_draft.template_id;
  perform audit.record('workflow_template.save_draft', 'workflow_template', template_id::text, v_before, draft);
  -- the editor shows these on the graph
  return private.workflow_definition_errors(draft);
exception when query_canceled then
  perform private.raise_timeout('saving the draft');
end
$$;

CREATE OR REPLACE FUNCTION public.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before jsonb;
  v_base uuid;
  applied record;
  result jsonb;
begin
  perform private.assert_workflow_admin(tenant_id);
  perform private.enter_heavy_section('saving the workflow override');
  perform private.assert_valid_patch(patch);
  perform private.assert_workflow_module(tenant_id);
  if not exists (select from public.workflow_templates t where t.id = set_tenant_workflow_override.template_id) then
    perform private.fail('workflow.template_not_found', 'no such workflow template');
  end if;
  select w.base_version_id into v_base from public.tenant_workflows w
  where w.tenant_id = set_tenant_workflow_override.tenant_id and w.template_id = set_tenant_workflow_override.template_id;
  if v_base is null then
    select v.id into v_base from public.workflow_versions v join public.workflow_templates t on t.id = v.template_id
    where v.template_id = set_tenant_workflow_override.template_id and v.tenant_id is null and v.version = t.latest_version;
  end if;
  if v_base is null then
    perform private.fail('workflow.not_published', 'the template has no published version yet');
  end if;
  select * into applied from private.apply_workflow_patch((select v.definition from public.workflow_versions v where v.id = v_base), patch);
  if jsonb_array_length(applied.conflicts) > 0 then
    perform private.fail('workflow.invalid_patch', format('the override does not fit the workflow: %s',
                       (select string_agg(e ->> 'message', '; ') from jsonb_array_elements(applied.conflicts) e)),
      (select string_agg(e ->> 'code' || ':' || (e ->> 'subject'), ', ') from jsonb_array_elements(applied.conflicts) e));
  end if;
  perform private.assert_valid_workflow(applied.result);
  select o.patch into v_before from public.tenant_workflow_overrides o
  where o.tenant_id = set_tenant_workflow_override.tenant_id and o.template_id = set_tenant_workflow_override.template_id;
  insert into public.tenant_workflow_overrides as o (tenant_id, template_id, patch, updated_by)
  values (tenant_id, template_id, patch, auth.uid())
  on conflict on constraint tenant_workflow_overrides_pkey do update
    set patch = excluded.patch, updated_by = excluded.updated_by, updated_at = now();
  result := private.build_tenant_workflow(tenant_id, template_id, v_base);
  perform audit.record('workflow_override.set', 'workflow_template', template_id::text, v_before,
                       jsonb_build_object('patch', patch, 'version_id', result -> 'version_id'), tenant_id);
  return result;
exception when query_canceled then
  perform private.raise_timeout('saving the workflow override');
end
$$;

CREATE OR REPLACE FUNCTION public.stuck_orders(for_tenant uuid DEFAULT NULL::uuid, max_rows integer DEFAULT 100) RETURNS TABLE(order_id uuid, tenant_id uuid, number text, stage text, stage_entered_at timestamp with time zone, sla_minutes integer, overdue_minutes numeric)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_workflow_reader(stuck_orders.for_tenant);
  if max_rows is null or max_rows not between 1 and 1000 then
    perform private.fail('workflow.invalid_limit', 'max_rows is 1 to 1000');
  end if;
  return query
  select o.id, o.tenant_id, o.number, o.current_stage, o.stage_entered_at, (s ->> 'sla_minutes')::int,
         round((extract(epoch from (private.now() - o.stage_entered_at)) / 60 - (s ->> 'sla_minutes')::int)::numeric, 1)
  from public.orders o
  join public.workflow_versions v on v.id = o.version_id
  cross join lateral (select st from jsonb_array_elements(v.definition -> 'stages') st where st ->> 'code' = o.current_stage) z(s)
  where (stuck_orders.for_tenant is null or o.tenant_id = stuck_orders.for_tenant)
    and s ->> 'kind' <> 'terminal' and (s ->> 'sla_minutes') is not null
    and o.stage_entered_at + make_interval(mins => (s ->> 'sla_minutes')::int) < private.now()
  order by 7 desc
  limit max_rows;
end
$$;

CREATE OR REPLACE FUNCTION public.upgrade_tenant_workflow(tenant_id uuid, template_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_latest uuid;
  v_before public.tenant_workflows;
  result jsonb;
begin
  perform private.assert_workflow_admin(tenant_id);
  perform private.assert_workflow_module(tenant_id);
  select v.id into v_latest from public.workflow_versions v join public.workflow_templates t on t.id = v.template_id
  where t.id = upgrade_tenant_workflow.template_id and v.tenant_id is null and v.version = t.latest_version;
  if not found then
    if not exists (select from public.workflow_templates t where t.id = upgrade_tenant_workflow.template_id) then
      perform private.fail('workflow.template_not_found', 'no such workflow template');
    end if;
    perform private.fail('workflow.not_published', 'the template has no published version yet');
  end if;
  select * into v_before from public.tenant_workflows w
  where w.tenant_id = upgrade_tenant_workflow.tenant_id and w.template_id = upgrade_tenant_workflow.template_id for update;
  result := private.build_tenant_workflow(tenant_id, template_id, v_latest);
  perform audit.record('workflow.upgrade', 'workflow_template', template_id::text,
                       case when v_before.version_id is null then null
                            else jsonb_build_object('version_id', v_before.version_id, 'base_version_id', v_before.base_version_id) end,
                       result, tenant_id);
  return result;
end
$$;

CREATE OR REPLACE FUNCTION private.workflow_versions_immutable() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform private.fail('workflow.version_immutable', 'published workflow versions cannot be changed');
end
$$;

DROP FUNCTION private.billing_fail(text, text, text, text);
