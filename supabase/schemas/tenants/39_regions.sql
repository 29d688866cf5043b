CREATE TABLE public.regions (
    code text NOT NULL,
    name jsonb NOT NULL,
    sort integer DEFAULT 0 NOT NULL,
    CONSTRAINT regions_code_check CHECK ((code ~ '^[A-Z]{2,3}(-[A-Z]{2})?$'::text)),
    CONSTRAINT regions_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text)))
);

COMMENT ON COLUMN public.regions.code IS 'Region code (GCC-OM, EU…).';
COMMENT ON COLUMN public.regions.name IS 'Display name by language; English required.';
COMMENT ON COLUMN public.regions.sort IS 'Display order.';

ALTER TABLE ONLY public.regions
    ADD CONSTRAINT regions_pkey PRIMARY KEY (code);

ALTER TABLE public.regions ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read regions" ON public.regions FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.regions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.regions TO authenticated;
GRANT ALL ON TABLE public.regions TO service_role;

COMMENT ON TABLE public.regions IS 'Data regions a tenant may live in.';

INSERT INTO public.regions (code, name, sort) VALUES
	('GCC-OM', '{"ar": "عُمان", "en": "Oman"}', 1),
	('GCC-SA', '{"ar": "السعودية", "en": "Saudi Arabia"}', 2),
	('GCC-AE', '{"ar": "الإمارات", "en": "United Arab Emirates"}', 3),
	('GCC-BH', '{"ar": "البحرين", "en": "Bahrain"}', 4),
	('GCC-KW', '{"ar": "الكويت", "en": "Kuwait"}', 5),
	('GCC-QA', '{"ar": "قطر", "en": "Qatar"}', 6),
	('EU', '{"ar": "الاتحاد الأوروبي", "en": "European Union"}', 7);
