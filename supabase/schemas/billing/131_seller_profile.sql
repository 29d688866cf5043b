CREATE TABLE public.seller_profile (
    id integer DEFAULT 1 NOT NULL,
    legal_name jsonb NOT NULL,
    address jsonb DEFAULT '{}'::jsonb NOT NULL,
    country text NOT NULL,
    tax_registrations jsonb DEFAULT '{}'::jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid,
    CONSTRAINT seller_profile_address_check CHECK ((jsonb_typeof(address) = 'object'::text)),
    CONSTRAINT seller_profile_country_check CHECK ((country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT seller_profile_id_check CHECK ((id = 1)),
    CONSTRAINT seller_profile_legal_name_check CHECK (((jsonb_typeof(legal_name) = 'object'::text) AND (COALESCE(btrim((legal_name ->> 'en'::text)), ''::text) <> ''::text))),
    CONSTRAINT seller_profile_tax_registrations_check CHECK ((jsonb_typeof(tax_registrations) = 'object'::text))
);

COMMENT ON COLUMN public.seller_profile.id IS 'Always 1: the table holds exactly one row.';
COMMENT ON COLUMN public.seller_profile.legal_name IS 'HQ''s legal name by language; English required.';
COMMENT ON COLUMN public.seller_profile.address IS 'HQ''s address by language, as printed on invoices.';
COMMENT ON COLUMN public.seller_profile.country IS 'HQ''s home country (ISO 3166 alpha-2).';
COMMENT ON COLUMN public.seller_profile.updated_at IS 'When the profile last changed.';
COMMENT ON COLUMN public.seller_profile.updated_by IS 'Staff user who last changed it.';

ALTER TABLE ONLY public.seller_profile
    ADD CONSTRAINT seller_profile_pkey PRIMARY KEY (id);

CREATE INDEX seller_profile_updated_by_idx ON public.seller_profile USING btree (updated_by);

ALTER TABLE ONLY public.seller_profile
    ADD CONSTRAINT seller_profile_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE public.seller_profile ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read the seller profile" ON public.seller_profile FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.seller_profile FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON TABLE public.seller_profile TO service_role;
GRANT SELECT ON TABLE public.seller_profile TO authenticated;

COMMENT ON TABLE public.seller_profile IS 'HQ''s selling entity, printed on every invoice: legal name and address ({en, ar}), home country, VAT registrations per country. One row; edited through public.set_seller_profile.';

COMMENT ON COLUMN public.seller_profile.tax_registrations IS 'VAT registration numbers (TRN) by ISO country: {"OM": "OM1100…", "SA": "3…3"}. An invoice shows the one of its customer''s country, else the home country''s.';
