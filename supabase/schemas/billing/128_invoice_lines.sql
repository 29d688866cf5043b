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

COMMENT ON TABLE public.invoice_lines IS 'The lines of an invoice, in order: plan, add-ons, proration, overage and manual adjustments, with their discount and tax. Written by invoicing functions; frozen once the invoice is finalized.';
COMMENT ON COLUMN public.invoice_lines.id IS 'Identifier of the line.';
COMMENT ON COLUMN public.invoice_lines.invoice_id IS 'The invoice.';
COMMENT ON COLUMN public.invoice_lines.tenant_id IS 'The invoice''s tenant.';
COMMENT ON COLUMN public.invoice_lines.position IS 'Order of the line on the invoice (unique per invoice).';
COMMENT ON COLUMN public.invoice_lines.kind IS 'plan, add_on, proration, overage or adjustment (manual).';
COMMENT ON COLUMN public.invoice_lines.description IS 'Line text by language {"en": …, "ar": …}; English required.';
COMMENT ON COLUMN public.invoice_lines.quantity IS 'Quantity (units, months, overage units).';
COMMENT ON COLUMN public.invoice_lines.unit_amount IS 'Price per unit in the invoice''s currency, major units (negative for credits such as unused time).';
COMMENT ON COLUMN public.invoice_lines.amount IS 'quantity × unit_amount, rounded to the currency''s minor unit.';
COMMENT ON COLUMN public.invoice_lines.discount_amount IS 'Coupon discount allocated to this line (>= 0).';
COMMENT ON COLUMN public.invoice_lines.tax_amount IS 'VAT on (amount - discount_amount) at the invoice''s tax rate.';
COMMENT ON COLUMN public.invoice_lines.period_start IS 'Start of the service period billed, if any.';
COMMENT ON COLUMN public.invoice_lines.period_end IS 'End of the service period billed, if any.';
COMMENT ON COLUMN public.invoice_lines.source IS 'Where the line came from (plan, add-on, breach ids, proration figures) as a JSON object.';

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

create policy "invoice line readers" on public.invoice_lines for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: invoice line readers" on public.invoice_lines for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.invoice_lines FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.invoice_lines TO authenticated;
GRANT ALL ON TABLE public.invoice_lines TO service_role;
