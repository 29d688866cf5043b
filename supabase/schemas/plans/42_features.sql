CREATE TABLE public.features (
    key text NOT NULL,
    type text NOT NULL,
    name jsonb NOT NULL,
    description jsonb DEFAULT '{}'::jsonb NOT NULL,
    module_code text,
    default_value jsonb NOT NULL,
    enum_values text[],
    period text,
    default_limit_type text,
    unit text,
    kept_when text DEFAULT 'never'::text NOT NULL,
    sort_order integer DEFAULT 100 NOT NULL,
    CONSTRAINT features_check CHECK (((type = 'limit'::text) = ((period IS NOT NULL) AND (default_limit_type IS NOT NULL)))),
    CONSTRAINT features_check1 CHECK (((type = 'enum'::text) = (enum_values IS NOT NULL))),
    CONSTRAINT features_check2 CHECK (
CASE type
    WHEN 'boolean'::text THEN (jsonb_typeof(default_value) = 'boolean'::text)
    WHEN 'limit'::text THEN ((jsonb_typeof(default_value) = 'null'::text) OR ((jsonb_typeof(default_value) = 'number'::text) AND ((default_value)::numeric >= (0)::numeric)))
    ELSE ((jsonb_typeof(default_value) = 'string'::text) AND ((default_value #>> '{}'::text[]) = ANY (enum_values)))
END),
    CONSTRAINT features_default_limit_type_check CHECK ((default_limit_type = ANY (ARRAY['hard'::text, 'soft'::text, 'overage'::text]))),
    CONSTRAINT features_description_check CHECK ((jsonb_typeof(description) = 'object'::text)),
    CONSTRAINT features_kept_when_check CHECK ((kept_when = ANY (ARRAY['never'::text, 'suspended'::text, 'frozen'::text]))),
    CONSTRAINT features_key_check CHECK ((key ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'::text)),
    CONSTRAINT features_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text))),
    CONSTRAINT features_period_check CHECK ((period = ANY (ARRAY['month'::text, 'none'::text]))),
    CONSTRAINT features_type_check CHECK ((type = ANY (ARRAY['boolean'::text, 'limit'::text, 'enum'::text])))
);

COMMENT ON TABLE public.features IS 'The catalogue of what plans grant: boolean features, numeric limits (users, orders per month…) and enum options, grouped in modules. Code-owned reference data.';
COMMENT ON COLUMN public.features.key IS 'Stable key: dotted lower-case segments (orders.monthly, branding.custom).';
COMMENT ON COLUMN public.features.type IS 'boolean, limit (a number; period and default_limit_type set) or enum (one of enum_values).';
COMMENT ON COLUMN public.features.name IS 'Display name by language: {"en": …, "ar": …}; English required.';
COMMENT ON COLUMN public.features.description IS 'Description by language; may be empty.';
COMMENT ON COLUMN public.features.module_code IS 'The module it belongs to, for grouping in the console; null: none.';
COMMENT ON COLUMN public.features.default_value IS 'Value when a plan does not set it: a boolean, a number >= 0 or null (unlimited) for a limit, one of enum_values for an enum.';
COMMENT ON COLUMN public.features.enum_values IS 'The allowed values of an enum feature; null for other types.';
COMMENT ON COLUMN public.features.period IS 'For limits: month (usage resets each month) or none (a standing count, e.g. users).';
COMMENT ON COLUMN public.features.default_limit_type IS 'For limits: hard (refused beyond), soft (allowed with a warning) or overage (allowed and billed).';
COMMENT ON COLUMN public.features.unit IS 'Unit the limit counts, for display (users, orders, GB).';
COMMENT ON COLUMN public.features.kept_when IS 'Whether the feature stays on when the tenant is restricted: never, suspended (kept while suspended) or frozen (kept even frozen).';
COMMENT ON COLUMN public.features.sort_order IS 'Display order within its module.';

ALTER TABLE ONLY public.features
    ADD CONSTRAINT features_pkey PRIMARY KEY (key);

CREATE INDEX features_module_idx ON public.features USING btree (module_code);

ALTER TABLE ONLY public.features
    ADD CONSTRAINT features_module_code_fkey FOREIGN KEY (module_code) REFERENCES public.modules(code);

ALTER TABLE public.features ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read features" ON public.features FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.features FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.features TO authenticated;
GRANT ALL ON TABLE public.features TO service_role;

INSERT INTO public.features (key, type, name, description, module_code, default_value, enum_values, period, default_limit_type, unit, kept_when, sort_order) VALUES
	('module.orders', 'boolean', '{"ar": "الطلبات", "en": "Orders module"}', '{}', 'orders', 'false', NULL, NULL, NULL, NULL, 'suspended', 1),
	('module.invoicing', 'boolean', '{"ar": "الفوترة", "en": "Invoicing module"}', '{}', 'invoicing', 'false', NULL, NULL, NULL, NULL, 'never', 2),
	('module.workflow', 'boolean', '{"ar": "محرك سير العمل", "en": "Workflow engine module"}', '{}', 'workflow', 'false', NULL, NULL, NULL, NULL, 'never', 3),
	('module.delivery', 'boolean', '{"ar": "التوصيل", "en": "Delivery module"}', '{}', 'delivery', 'false', NULL, NULL, NULL, NULL, 'never', 4),
	('module.pos', 'boolean', '{"ar": "نقاط البيع", "en": "Point of sale module"}', '{}', 'pos', 'false', NULL, NULL, NULL, NULL, 'never', 5),
	('module.loyalty', 'boolean', '{"ar": "الولاء", "en": "Loyalty module"}', '{}', 'loyalty', 'false', NULL, NULL, NULL, NULL, 'never', 6),
	('module.reports', 'boolean', '{"ar": "التقارير", "en": "Reports module"}', '{}', 'reports', 'false', NULL, NULL, NULL, NULL, 'frozen', 7),
	('module.inventory', 'boolean', '{"ar": "المخزون", "en": "Inventory module"}', '{}', 'inventory', 'false', NULL, NULL, NULL, NULL, 'never', 8),
	('module.b2b', 'boolean', '{"ar": "حسابات الشركات", "en": "Corporate accounts module"}', '{}', 'b2b', 'false', NULL, NULL, NULL, NULL, 'never', 9),
	('module.api', 'boolean', '{"ar": "الوصول البرمجي", "en": "API access module"}', '{}', 'api', 'false', NULL, NULL, NULL, NULL, 'never', 10),
	('orders.express', 'boolean', '{"ar": "الخدمة السريعة", "en": "Express service"}', '{}', 'orders', 'false', NULL, NULL, NULL, NULL, 'never', 20),
	('orders.tagging', 'boolean', '{"ar": "ترقيم القطع", "en": "Garment tagging"}', '{}', 'orders', 'true', NULL, NULL, NULL, NULL, 'never', 21),
	('invoicing.pdf', 'boolean', '{"ar": "فواتير PDF", "en": "PDF invoices"}', '{}', 'invoicing', 'false', NULL, NULL, NULL, NULL, 'never', 30),
	('invoicing.zatca', 'boolean', '{"ar": "الفوترة الإلكترونية", "en": "ZATCA e-invoicing"}', '{}', 'invoicing', 'false', NULL, NULL, NULL, NULL, 'never', 31),
	('notifications.whatsapp', 'boolean', '{"ar": "إيصالات واتساب", "en": "WhatsApp receipts"}', '{}', NULL, 'false', NULL, NULL, NULL, NULL, 'never', 40),
	('notifications.sms', 'boolean', '{"ar": "رسائل SMS", "en": "SMS notifications"}', '{}', NULL, 'false', NULL, NULL, NULL, NULL, 'never', 41),
	('workflow.custom', 'boolean', '{"ar": "سير عمل مخصص", "en": "Custom workflows"}', '{}', 'workflow', 'false', NULL, NULL, NULL, NULL, 'never', 50),
	('delivery.routing', 'boolean', '{"ar": "تحسين المسارات", "en": "Route optimisation"}', '{}', 'delivery', 'false', NULL, NULL, NULL, NULL, 'never', 60),
	('reports.export', 'boolean', '{"ar": "تصدير البيانات", "en": "Data export"}', '{}', 'reports', 'true', NULL, NULL, NULL, NULL, 'frozen', 70),
	('branding.custom', 'boolean', '{"ar": "هوية مخصصة", "en": "Custom branding"}', '{}', NULL, 'false', NULL, NULL, NULL, NULL, 'never', 80),
	('sso', 'boolean', '{"ar": "الدخول الموحد", "en": "Single sign-on"}', '{}', NULL, 'false', NULL, NULL, NULL, NULL, 'never', 81),
	('support.tier', 'enum', '{"ar": "مستوى الدعم", "en": "Support tier"}', '{}', NULL, '"community"', '{community,standard,priority,dedicated}', NULL, NULL, NULL, 'never', 90),
	('analytics.level', 'enum', '{"ar": "التحليلات", "en": "Analytics"}', '{}', NULL, '"none"', '{none,basic,advanced}', NULL, NULL, NULL, 'never', 91),
	('max_users', 'limit', '{"ar": "المستخدمون", "en": "Users"}', '{}', NULL, '1', NULL, 'none', 'hard', 'users', 'never', 100),
	('max_branches', 'limit', '{"ar": "الفروع", "en": "Branches"}', '{}', NULL, '1', NULL, 'none', 'hard', 'branches', 'never', 101),
	('max_pos', 'limit', '{"ar": "أجهزة نقاط البيع", "en": "POS terminals"}', '{}', NULL, '1', NULL, 'none', 'hard', 'terminals', 'never', 102),
	('max_orders_per_month', 'limit', '{"ar": "الطلبات شهرياً", "en": "Orders per month"}', '{}', NULL, '100', NULL, 'month', 'hard', 'orders', 'never', 103),
	('storage_mb', 'limit', '{"ar": "التخزين", "en": "Storage"}', '{}', NULL, '500', NULL, 'none', 'soft', 'MB', 'never', 104),
	('whatsapp_messages_per_month', 'limit', '{"ar": "رسائل واتساب شهرياً", "en": "WhatsApp messages per month"}', '{}', NULL, '0', NULL, 'month', 'overage', 'messages', 'never', 105),
	('sms_per_month', 'limit', '{"ar": "الرسائل القصيرة شهرياً", "en": "SMS per month"}', '{}', NULL, '0', NULL, 'month', 'overage', 'messages', 'never', 106),
	('api_calls_per_month', 'limit', '{"ar": "طلبات API شهرياً", "en": "API calls per month"}', '{}', NULL, '0', NULL, 'month', 'soft', 'calls', 'never', 107);
