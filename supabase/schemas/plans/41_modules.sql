CREATE TABLE public.modules (
    code text NOT NULL,
    name jsonb NOT NULL,
    description jsonb DEFAULT '{}'::jsonb NOT NULL,
    sort_order integer DEFAULT 100 NOT NULL,
    CONSTRAINT modules_code_check CHECK ((code ~ '^[a-z][a-z0-9_]*$'::text)),
    CONSTRAINT modules_description_check CHECK ((jsonb_typeof(description) = 'object'::text)),
    CONSTRAINT modules_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text)))
);

COMMENT ON TABLE public.modules IS 'Product modules grouping features in the plan editor and entitlements (orders, workflow, billing…); code-owned reference data.';
COMMENT ON COLUMN public.modules.code IS 'Stable identifier: lower-case letters, digits and underscores.';
COMMENT ON COLUMN public.modules.name IS 'Display name by language; English required.';
COMMENT ON COLUMN public.modules.description IS 'Description by language; may be empty.';
COMMENT ON COLUMN public.modules.sort_order IS 'Display order.';

ALTER TABLE ONLY public.modules
    ADD CONSTRAINT modules_pkey PRIMARY KEY (code);

ALTER TABLE public.modules ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read modules" ON public.modules FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.modules FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.modules TO authenticated;
GRANT ALL ON TABLE public.modules TO service_role;

INSERT INTO public.modules (code, name, description, sort_order) VALUES
	('orders', '{"ar": "الطلبات", "en": "Orders"}', '{"en": "Order intake, tagging, pickup"}', 1),
	('invoicing', '{"ar": "الفوترة", "en": "Invoicing"}', '{"en": "Customer invoices and receipts"}', 2),
	('workflow', '{"ar": "محرك سير العمل", "en": "Workflow engine"}', '{"en": "Configurable order workflows"}', 3),
	('delivery', '{"ar": "التوصيل", "en": "Delivery"}', '{"en": "Pickup and delivery routes, drivers"}', 4),
	('pos', '{"ar": "نقاط البيع", "en": "Point of sale"}', '{"en": "Counter POS terminals"}', 5),
	('loyalty', '{"ar": "الولاء", "en": "Loyalty"}', '{"en": "Points and memberships"}', 6),
	('reports', '{"ar": "التقارير", "en": "Reports"}', '{"en": "Dashboards and exports"}', 7),
	('inventory', '{"ar": "المخزون", "en": "Inventory"}', '{"en": "Consumables stock"}', 8),
	('b2b', '{"ar": "حسابات الشركات", "en": "Corporate accounts"}', '{"en": "Contracts and monthly billing for businesses"}', 9),
	('api', '{"ar": "الوصول البرمجي", "en": "API access"}', '{"en": "Public API and webhooks"}', 10);
