CREATE TABLE public.invoice_lines (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    invoice_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    "position" integer NOT NULL,
    kind text NOT NULL,
    description jsonb NOT NULL,
    quantity numeric(14,3) DEFAULT 1 NOT NULL,
    unit_amount numeric(14,3) NOT NULL,
    amount numeric(14,3) NOT NULL,
    discount_amount numeric(14,3) DEFAULT 0 NOT NULL,
    tax_amount numeric(14,3) DEFAULT 0 NOT NULL,
    period_start timestamp with time zone,
    period_end timestamp with time zone,
    source jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT invoice_lines_description_check CHECK (((jsonb_typeof(description) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (description ->> 'en'::text)), ''::text) <> ''::text))),
    CONSTRAINT invoice_lines_discount_amount_check CHECK ((discount_amount >= (0)::numeric)),
    CONSTRAINT invoice_lines_kind_check CHECK ((kind = ANY (ARRAY['plan'::text, 'add_on'::text, 'proration'::text, 'overage'::text, 'adjustment'::text])))
);

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_invoice_id_position_key UNIQUE (invoice_id, "position");

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_pkey PRIMARY KEY (id);

CREATE INDEX invoice_lines_tenant_idx ON public.invoice_lines USING btree (tenant_id);

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES public.invoices(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.invoice_lines ENABLE ROW LEVEL SECURITY;

CREATE POLICY "invoice line readers" ON public.invoice_lines FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

REVOKE ALL ON TABLE public.invoice_lines FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.invoice_lines TO authenticated;
GRANT ALL ON TABLE public.invoice_lines TO service_role;
