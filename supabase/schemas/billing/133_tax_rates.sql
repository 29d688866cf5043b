CREATE TABLE public.tax_rates (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    country text NOT NULL,
    rate numeric(6,3) NOT NULL,
    name jsonb NOT NULL,
    valid_from date NOT NULL,
    valid_to date,
    CONSTRAINT tax_rates_check CHECK (((valid_to IS NULL) OR (valid_to > valid_from))),
    CONSTRAINT tax_rates_country_check CHECK ((country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT tax_rates_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text))),
    CONSTRAINT tax_rates_rate_check CHECK (((rate >= (0)::numeric) AND (rate < (100)::numeric)))
);

COMMENT ON TABLE public.tax_rates IS 'VAT rates by country over time (valid_from until valid_to); the invoice uses the rate valid on its issue date. Code-owned reference data.';
COMMENT ON COLUMN public.tax_rates.id IS 'Identifier of the rate.';
COMMENT ON COLUMN public.tax_rates.country IS 'ISO 3166 alpha-2 country.';
COMMENT ON COLUMN public.tax_rates.rate IS 'Rate in percent (0 to under 100).';
COMMENT ON COLUMN public.tax_rates.name IS 'Tax name by language (VAT, ضريبة القيمة المضافة).';
COMMENT ON COLUMN public.tax_rates.valid_from IS 'First day the rate applies.';
COMMENT ON COLUMN public.tax_rates.valid_to IS 'First day it no longer applies; null: still valid.';

ALTER TABLE ONLY public.tax_rates
    ADD CONSTRAINT tax_rates_country_valid_from_key UNIQUE (country, valid_from);

ALTER TABLE ONLY public.tax_rates
    ADD CONSTRAINT tax_rates_pkey PRIMARY KEY (id);

ALTER TABLE public.tax_rates ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read tax rates" ON public.tax_rates FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.tax_rates FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tax_rates TO authenticated;
GRANT ALL ON TABLE public.tax_rates TO service_role;

INSERT INTO public.tax_rates (id, country, rate, name, valid_from, valid_to) VALUES
	('eb889fb1-071c-4079-aff1-8cd9c5b7eba1', 'SA', 5.000, '{"ar": "ضريبة القيمة المضافة 5٪", "en": "VAT 5%"}', '2018-01-01', '2020-07-01'),
	('3562e3ec-84d1-43da-9d76-cdc5d1ba54dd', 'SA', 15.000, '{"ar": "ضريبة القيمة المضافة 15٪", "en": "VAT 15%"}', '2020-07-01', NULL),
	('1d244982-bcac-491c-9e7c-9a237d0a4012', 'AE', 5.000, '{"ar": "ضريبة القيمة المضافة 5٪", "en": "VAT 5%"}', '2018-01-01', NULL),
	('4b777c05-8a5b-4966-8e88-4b097a7d5193', 'OM', 5.000, '{"ar": "ضريبة القيمة المضافة 5٪", "en": "VAT 5%"}', '2021-04-16', NULL),
	('90e3ba82-1727-4215-9b58-6d32173a493e', 'BH', 5.000, '{"ar": "ضريبة القيمة المضافة 5٪", "en": "VAT 5%"}', '2019-01-01', '2022-01-01'),
	('f867d54e-e611-408d-b0df-164798fb708c', 'BH', 10.000, '{"ar": "ضريبة القيمة المضافة 10٪", "en": "VAT 10%"}', '2022-01-01', NULL),
	('084217cf-47f3-4c72-a34a-bd51307ef7a2', 'KW', 0.000, '{"ar": "لا ضريبة", "en": "No VAT"}', '2000-01-01', NULL),
	('f9ed6d47-4fec-4edc-8fc9-5ae975366d63', 'QA', 0.000, '{"ar": "لا ضريبة", "en": "No VAT"}', '2000-01-01', NULL);
