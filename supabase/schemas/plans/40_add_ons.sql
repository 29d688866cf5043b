CREATE TABLE public.add_ons (
    code text NOT NULL,
    name jsonb NOT NULL,
    description jsonb DEFAULT '{}'::jsonb NOT NULL,
    prices jsonb DEFAULT '{}'::jsonb NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    CONSTRAINT add_ons_code_check CHECK ((code ~ '^[a-z][a-z0-9_]*$'::text)),
    CONSTRAINT add_ons_description_check CHECK ((jsonb_typeof(description) = 'object'::text)),
    CONSTRAINT add_ons_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text))),
    CONSTRAINT add_ons_prices_check CHECK ((jsonb_typeof(prices) = 'object'::text)),
    CONSTRAINT add_ons_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text])))
);

COMMENT ON TABLE public.add_ons IS 'Add-ons a tenant can buy on top of its plan (extra users, branches…), with their prices; HQ reference data edited by plans.write staff.';
COMMENT ON COLUMN public.add_ons.code IS 'Stable identifier: lower-case letters, digits and underscores, starting with a letter.';
COMMENT ON COLUMN public.add_ons.name IS 'Display name by language: {"en": …, "ar": …}; English required.';
COMMENT ON COLUMN public.add_ons.description IS 'Description by language: {"en": …, "ar": …}; may be empty.';
COMMENT ON COLUMN public.add_ons.prices IS 'Price per unit by currency and interval: {"OMR": {"month": 2.5, "year": 25}}, amounts in major units of the currency.';
COMMENT ON COLUMN public.add_ons.status IS 'active (can be bought) or archived (kept for existing holders, not offered).';

ALTER TABLE ONLY public.add_ons
    ADD CONSTRAINT add_ons_pkey PRIMARY KEY (code);

ALTER TABLE public.add_ons ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read add-ons" ON public.add_ons FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.add_ons FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.add_ons TO authenticated;
GRANT ALL ON TABLE public.add_ons TO service_role;
