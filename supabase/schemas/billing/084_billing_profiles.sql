CREATE TABLE public.billing_profiles (
    tenant_id uuid NOT NULL,
    legal_name text,
    billing_email text,
    address jsonb DEFAULT '{}'::jsonb NOT NULL,
    tax_registration_number text,
    tax_treatment text DEFAULT 'standard'::text NOT NULL,
    tax_note jsonb,
    preferred_gateway text DEFAULT 'stripe'::text NOT NULL,
    balance numeric(14,3) DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT billing_profiles_address_check CHECK ((jsonb_typeof(address) = 'object'::text)),
    CONSTRAINT billing_profiles_balance_check CHECK ((balance >= (0)::numeric)),
    CONSTRAINT billing_profiles_billing_email_check CHECK (((billing_email IS NULL) OR (billing_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text))),
    CONSTRAINT billing_profiles_preferred_gateway_check CHECK ((preferred_gateway = ANY (ARRAY['stripe'::text, 'paytabs'::text, 'hyperpay'::text]))),
    CONSTRAINT billing_profiles_tax_note_check CHECK (((tax_note IS NULL) OR (jsonb_typeof(tax_note) = 'object'::text))),
    CONSTRAINT billing_profiles_tax_registration_number_check CHECK (((tax_registration_number IS NULL) OR (tax_registration_number ~ '^[A-Za-z0-9-]{5,30}$'::text))),
    CONSTRAINT billing_profiles_tax_treatment_check CHECK ((tax_treatment = ANY (ARRAY['standard'::text, 'reverse_charge'::text, 'exempt'::text])))
);

ALTER TABLE ONLY public.billing_profiles
    ADD CONSTRAINT billing_profiles_pkey PRIMARY KEY (tenant_id);

ALTER TABLE ONLY public.billing_profiles
    ADD CONSTRAINT billing_profiles_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.billing_profiles ENABLE ROW LEVEL SECURITY;

CREATE POLICY "billing profile readers" ON public.billing_profiles FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

REVOKE ALL ON TABLE public.billing_profiles FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.billing_profiles TO authenticated;
GRANT ALL ON TABLE public.billing_profiles TO service_role;
