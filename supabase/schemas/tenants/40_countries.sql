CREATE TABLE public.countries (
    code text NOT NULL,
    name jsonb NOT NULL,
    region text NOT NULL,
    currency text NOT NULL,
    CONSTRAINT countries_code_check CHECK ((code ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT countries_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT countries_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text)))
);

COMMENT ON COLUMN public.countries.code IS 'ISO 3166 alpha-2 code (OM, SA…).';
COMMENT ON COLUMN public.countries.name IS 'Display name by language; English required.';
COMMENT ON COLUMN public.countries.region IS 'The data region tenants of this country usually live in.';
COMMENT ON COLUMN public.countries.currency IS 'The usual billing currency (ISO 4217).';

ALTER TABLE ONLY public.countries
    ADD CONSTRAINT countries_pkey PRIMARY KEY (code);

CREATE INDEX countries_region_idx ON public.countries USING btree (region);

ALTER TABLE ONLY public.countries
    ADD CONSTRAINT countries_region_fkey FOREIGN KEY (region) REFERENCES public.regions(code);

ALTER TABLE public.countries ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read countries" ON public.countries FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.countries FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.countries TO authenticated;
GRANT ALL ON TABLE public.countries TO service_role;

COMMENT ON TABLE public.countries IS 'Countries a tenant may be in (ISO 3166 alpha-2), with the usual region and currency.';

INSERT INTO public.countries (code, name, region, currency) VALUES
	('OM', '{"ar": "عُمان", "en": "Oman"}', 'GCC-OM', 'OMR'),
	('SA', '{"ar": "السعودية", "en": "Saudi Arabia"}', 'GCC-SA', 'SAR'),
	('AE', '{"ar": "الإمارات العربية المتحدة", "en": "United Arab Emirates"}', 'GCC-AE', 'AED'),
	('BH', '{"ar": "البحرين", "en": "Bahrain"}', 'GCC-BH', 'BHD'),
	('KW', '{"ar": "الكويت", "en": "Kuwait"}', 'GCC-KW', 'KWD'),
	('QA', '{"ar": "قطر", "en": "Qatar"}', 'GCC-QA', 'QAR'),
	('DE', '{"ar": "ألمانيا", "en": "Germany"}', 'EU', 'EUR'),
	('FR', '{"ar": "فرنسا", "en": "France"}', 'EU', 'EUR'),
	('NL', '{"ar": "هولندا", "en": "Netherlands"}', 'EU', 'EUR'),
	('IE', '{"ar": "أيرلندا", "en": "Ireland"}', 'EU', 'EUR');
