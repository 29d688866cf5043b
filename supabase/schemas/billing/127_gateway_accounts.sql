CREATE TABLE public.gateway_accounts (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    tenant_id uuid,
    gateway text NOT NULL,
    environment text DEFAULT 'test'::text NOT NULL,
    merchant_ref text,
    secret_name text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT gateway_accounts_environment_check CHECK ((environment = ANY (ARRAY['test'::text, 'live'::text]))),
    CONSTRAINT gateway_accounts_gateway_check CHECK ((gateway = ANY (ARRAY['stripe'::text, 'paytabs'::text, 'hyperpay'::text])))
);

ALTER TABLE ONLY public.gateway_accounts
    ADD CONSTRAINT gateway_accounts_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX gateway_accounts_scope_idx ON public.gateway_accounts USING btree (COALESCE(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), gateway, environment) WHERE active;

CREATE INDEX gateway_accounts_tenant_idx ON public.gateway_accounts USING btree (tenant_id);

ALTER TABLE ONLY public.gateway_accounts
    ADD CONSTRAINT gateway_accounts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.gateway_accounts ENABLE ROW LEVEL SECURITY;

CREATE POLICY "billing staff read gateway accounts" ON public.gateway_accounts FOR SELECT TO authenticated USING (( SELECT private.has_permission('billing.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.gateway_accounts FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.gateway_accounts TO authenticated;
GRANT ALL ON TABLE public.gateway_accounts TO service_role;
