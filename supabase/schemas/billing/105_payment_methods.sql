CREATE TABLE public.payment_methods (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    gateway text NOT NULL,
    customer_ref text,
    method_ref text NOT NULL,
    brand text,
    last4 text,
    exp_month integer,
    exp_year integer,
    is_default boolean DEFAULT false NOT NULL,
    payment_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payment_methods_brand_check CHECK (((brand IS NULL) OR (length(brand) <= 40))),
    CONSTRAINT payment_methods_customer_ref_check CHECK (((customer_ref IS NULL) OR ((length(customer_ref) >= 1) AND (length(customer_ref) <= 200)))),
    CONSTRAINT payment_methods_exp_month_check CHECK (((exp_month IS NULL) OR ((exp_month >= 1) AND (exp_month <= 12)))),
    CONSTRAINT payment_methods_exp_year_check CHECK (((exp_year IS NULL) OR ((exp_year >= 2000) AND (exp_year <= 2200)))),
    CONSTRAINT payment_methods_gateway_check CHECK ((gateway = ANY (ARRAY['stripe'::text, 'paytabs'::text, 'hyperpay'::text]))),
    CONSTRAINT payment_methods_last4_check CHECK (((last4 IS NULL) OR (last4 ~ '^[0-9]{4}$'::text))),
    CONSTRAINT payment_methods_method_ref_check CHECK (((length(method_ref) >= 1) AND (length(method_ref) <= 200)))
);

COMMENT ON TABLE public.payment_methods IS 'Saved cards and other gateway payment methods of a tenant (references only, never card numbers); at most one default per tenant.';
COMMENT ON COLUMN public.payment_methods.id IS 'Identifier of the method.';
COMMENT ON COLUMN public.payment_methods.tenant_id IS 'The tenant owning it.';
COMMENT ON COLUMN public.payment_methods.gateway IS 'stripe, paytabs or hyperpay.';
COMMENT ON COLUMN public.payment_methods.customer_ref IS 'The gateway''s customer identifier, if it has one (1-200 characters).';
COMMENT ON COLUMN public.payment_methods.method_ref IS 'The gateway''s token or method identifier (unique per gateway).';
COMMENT ON COLUMN public.payment_methods.brand IS 'Card brand for display (visa, mada…).';
COMMENT ON COLUMN public.payment_methods.last4 IS 'Last four digits of the card, for display.';
COMMENT ON COLUMN public.payment_methods.exp_month IS 'Expiry month (1-12).';
COMMENT ON COLUMN public.payment_methods.exp_year IS 'Expiry year (2000-2200).';
COMMENT ON COLUMN public.payment_methods.is_default IS 'True for the method dunning retries charge; one per tenant.';
COMMENT ON COLUMN public.payment_methods.payment_id IS 'The payment it was saved from.';
COMMENT ON COLUMN public.payment_methods.created_at IS 'When it was saved.';
COMMENT ON COLUMN public.payment_methods.updated_at IS 'When it last changed.';

ALTER TABLE ONLY public.payment_methods
    ADD CONSTRAINT payment_methods_gateway_method_ref_key UNIQUE (gateway, method_ref);

ALTER TABLE ONLY public.payment_methods
    ADD CONSTRAINT payment_methods_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX payment_methods_one_default_idx ON public.payment_methods USING btree (tenant_id) WHERE is_default;

CREATE INDEX payment_methods_payment_idx ON public.payment_methods USING btree (payment_id);

CREATE INDEX payment_methods_tenant_idx ON public.payment_methods USING btree (tenant_id, created_at DESC);

ALTER TABLE ONLY public.payment_methods
    ADD CONSTRAINT payment_methods_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES public.payments(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.payment_methods
    ADD CONSTRAINT payment_methods_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.payment_methods ENABLE ROW LEVEL SECURITY;

create policy "payment method readers" on public.payment_methods for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: payment method readers" on public.payment_methods for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.payment_methods FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.payment_methods TO authenticated;
GRANT ALL ON TABLE public.payment_methods TO service_role;
