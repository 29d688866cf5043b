CREATE TABLE public.currencies (
    code text NOT NULL,
    minor_unit integer NOT NULL,
    name jsonb NOT NULL,
    CONSTRAINT currencies_code_check CHECK ((code ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT currencies_minor_unit_check CHECK (((minor_unit >= 0) AND (minor_unit <= 3))),
    CONSTRAINT currencies_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text)))
);

COMMENT ON TABLE public.currencies IS 'Currencies HQ bills in (ISO 4217) with their minor unit; code-owned reference data.';
COMMENT ON COLUMN public.currencies.code IS 'ISO 4217 code, three upper-case letters (OMR, SAR, AED…).';
COMMENT ON COLUMN public.currencies.minor_unit IS 'Decimal places of the currency (0-3): amounts are rounded to it (OMR 3, SAR 2).';
COMMENT ON COLUMN public.currencies.name IS 'Display name by language: {"en": …, "ar": …}.';

ALTER TABLE ONLY public.currencies
    ADD CONSTRAINT currencies_pkey PRIMARY KEY (code);

ALTER TABLE public.currencies ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read currencies" ON public.currencies FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.currencies FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.currencies TO authenticated;
GRANT ALL ON TABLE public.currencies TO service_role;

INSERT INTO public.currencies (code, minor_unit, name) VALUES
	('OMR', 3, '{"ar": "ريال عماني", "en": "Omani rial"}'),
	('KWD', 3, '{"ar": "دينار كويتي", "en": "Kuwaiti dinar"}'),
	('BHD', 3, '{"ar": "دينار بحريني", "en": "Bahraini dinar"}'),
	('SAR', 2, '{"ar": "ريال سعودي", "en": "Saudi riyal"}'),
	('AED', 2, '{"ar": "درهم إماراتي", "en": "UAE dirham"}'),
	('QAR', 2, '{"ar": "ريال قطري", "en": "Qatari riyal"}'),
	('USD', 2, '{"ar": "دولار أمريكي", "en": "US dollar"}'),
	('EUR', 2, '{"ar": "يورو", "en": "Euro"}');
