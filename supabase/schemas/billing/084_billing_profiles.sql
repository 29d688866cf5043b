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

COMMENT ON TABLE public.billing_profiles IS 'How a tenant is billed (one row per tenant): legal name, e-mail, address, tax status, preferred gateway and customer balance. Written by public.set_billing_profile and the billing functions; read by the tenant''s members, billing.read staff and impersonators.';
COMMENT ON COLUMN public.billing_profiles.tenant_id IS 'The tenant billed (also the key).';
COMMENT ON COLUMN public.billing_profiles.legal_name IS 'Legal name printed on invoices; the tenant''s name when null.';
COMMENT ON COLUMN public.billing_profiles.billing_email IS 'Where invoices and payment reminders are sent; null: the tenant''s contact e-mail.';
COMMENT ON COLUMN public.billing_profiles.address IS 'Billing address printed on invoices: a JSON object (line1, line2, city, postcode, country…).';
COMMENT ON COLUMN public.billing_profiles.tax_registration_number IS 'The tenant''s VAT registration number (5-30 letters, digits or dashes); needed for reverse charge.';
COMMENT ON COLUMN public.billing_profiles.tax_treatment IS 'standard (VAT of the tax country), reverse_charge (business customer abroad: 0 %, the customer accounts for VAT) or exempt (0 %, with tax_note).';
COMMENT ON COLUMN public.billing_profiles.tax_note IS 'Note printed on invoices when no VAT is charged, by language {"en": …, "ar": …}; null: the default note of the treatment.';
COMMENT ON COLUMN public.billing_profiles.preferred_gateway IS 'Payment gateway used for checkouts: stripe, paytabs or hyperpay.';
COMMENT ON COLUMN public.billing_profiles.balance IS 'Customer balance (credit) in the tenant''s currency, major units, never negative: credit notes and overpayments add to it; the next invoices use it up (balance_applied).';
COMMENT ON COLUMN public.billing_profiles.updated_at IS 'When the profile last changed.';

ALTER TABLE ONLY public.billing_profiles
    ADD CONSTRAINT billing_profiles_pkey PRIMARY KEY (tenant_id);

ALTER TABLE ONLY public.billing_profiles
    ADD CONSTRAINT billing_profiles_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.billing_profiles ENABLE ROW LEVEL SECURITY;

create policy "billing profile readers" on public.billing_profiles for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: billing profile readers" on public.billing_profiles for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.billing_profiles FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.billing_profiles TO authenticated;
GRANT ALL ON TABLE public.billing_profiles TO service_role;
