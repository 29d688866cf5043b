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

COMMENT ON TABLE public.gateway_accounts IS 'Payment gateway merchant accounts (HQ''s, or a tenant''s own), naming the Vault secret that holds the credentials; webhooks are verified against the account they name.';
COMMENT ON COLUMN public.gateway_accounts.id IS 'Identifier of the account.';
COMMENT ON COLUMN public.gateway_accounts.tenant_id IS 'The tenant owning the account; null: HQ''s own account.';
COMMENT ON COLUMN public.gateway_accounts.gateway IS 'stripe, paytabs or hyperpay.';
COMMENT ON COLUMN public.gateway_accounts.environment IS 'test or live.';
COMMENT ON COLUMN public.gateway_accounts.merchant_ref IS 'The gateway''s merchant or profile identifier, if it has one.';
COMMENT ON COLUMN public.gateway_accounts.secret_name IS 'Name of the Vault secret holding the API and webhook keys (never the keys themselves).';
COMMENT ON COLUMN public.gateway_accounts.active IS 'False: the account takes no new payments and its webhooks are refused.';
COMMENT ON COLUMN public.gateway_accounts.created_at IS 'When the account was added.';

ALTER TABLE ONLY public.gateway_accounts
    ADD CONSTRAINT gateway_accounts_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX gateway_accounts_scope_idx ON public.gateway_accounts USING btree (COALESCE(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), gateway, environment) WHERE active;

CREATE INDEX gateway_accounts_tenant_idx ON public.gateway_accounts USING btree (tenant_id);

ALTER TABLE ONLY public.gateway_accounts
    ADD CONSTRAINT gateway_accounts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.gateway_accounts ENABLE ROW LEVEL SECURITY;

create policy "billing staff read gateway accounts" on public.gateway_accounts for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.gateway_accounts FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.gateway_accounts TO authenticated;
GRANT ALL ON TABLE public.gateway_accounts TO service_role;
