CREATE FUNCTION private.orders_touch() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  new.updated_at := now();
  return new;
end
$$;

CREATE TABLE public.orders (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    number text NOT NULL,
    customer_name text NOT NULL,
    customer_phone text,
    phone_digits text GENERATED ALWAYS AS (regexp_replace(COALESCE(customer_phone, ''::text), '[^0-9]'::text, ''::text, 'g'::text)) STORED,
    service_category text NOT NULL,
    template_id uuid NOT NULL,
    version_id uuid NOT NULL,
    items_count integer DEFAULT 1 NOT NULL,
    amount_total numeric(14,3) DEFAULT 0 NOT NULL,
    amount_paid numeric(14,3) DEFAULT 0 NOT NULL,
    currency text NOT NULL,
    invoice_number text,
    paid boolean DEFAULT false NOT NULL,
    proof_of_delivery boolean DEFAULT false NOT NULL,
    scan_status text DEFAULT 'pending'::text NOT NULL,
    current_stage text NOT NULL,
    stage_entered_at timestamp with time zone NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT orders_amount_paid_check CHECK ((amount_paid >= (0)::numeric)),
    CONSTRAINT orders_amount_total_check CHECK ((amount_total >= (0)::numeric)),
    CONSTRAINT orders_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT orders_customer_name_check CHECK (((length(TRIM(BOTH FROM customer_name)) >= 1) AND (length(TRIM(BOTH FROM customer_name)) <= 200))),
    CONSTRAINT orders_customer_phone_check CHECK ((customer_phone ~ '^\+?[0-9 ()-]{3,30}$'::text)),
    CONSTRAINT orders_items_count_check CHECK (((items_count >= 0) AND (items_count <= 10000))),
    CONSTRAINT orders_number_check CHECK ((number ~ '^[A-Za-z0-9][A-Za-z0-9_/-]{0,39}$'::text)),
    CONSTRAINT orders_scan_status_check CHECK ((scan_status = ANY (ARRAY['pending'::text, 'ok'::text, 'failed'::text])))
);

COMMENT ON TABLE public.orders IS 'Laundry orders of a tenant moving through its workflow stages; amounts in the order currency''s major units. Created and moved by the orders functions; read by the tenant''s members and impersonators, updated by operators and up.';
COMMENT ON COLUMN public.orders.id IS 'Identifier of the order.';
COMMENT ON COLUMN public.orders.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.orders.number IS 'The tenant''s order number (1-40 letters, digits, _ / -; unique per tenant).';
COMMENT ON COLUMN public.orders.customer_name IS 'The customer''s name (1-200 characters).';
COMMENT ON COLUMN public.orders.customer_phone IS 'The customer''s phone number as typed (digits, spaces, + ( ) -).';
COMMENT ON COLUMN public.orders.phone_digits IS 'Generated: the phone number''s digits only, for search.';
COMMENT ON COLUMN public.orders.service_category IS 'Service category; selects the workflow template.';
COMMENT ON COLUMN public.orders.template_id IS 'The workflow template followed.';
COMMENT ON COLUMN public.orders.version_id IS 'The workflow version (HQ or tenant effective) the order follows.';
COMMENT ON COLUMN public.orders.items_count IS 'Number of items (0-10000).';
COMMENT ON COLUMN public.orders.amount_total IS 'Order total, >= 0.';
COMMENT ON COLUMN public.orders.amount_paid IS 'Sum of order_payments.';
COMMENT ON COLUMN public.orders.currency IS 'ISO 4217 currency of the amounts.';
COMMENT ON COLUMN public.orders.invoice_number IS 'The tenant''s invoice number for the order, once issued (some workflow guards require it).';
COMMENT ON COLUMN public.orders.paid IS 'True once amount_paid reaches amount_total (set by record_order_payment; a workflow guard may require it).';
COMMENT ON COLUMN public.orders.proof_of_delivery IS 'True once delivery is proven (a workflow guard may require it).';
COMMENT ON COLUMN public.orders.scan_status IS 'Item scan result: pending, ok or failed (a workflow guard may require ok).';
COMMENT ON COLUMN public.orders.current_stage IS 'The workflow stage the order is in.';
COMMENT ON COLUMN public.orders.stage_entered_at IS 'When it entered current_stage (SLA clock).';
COMMENT ON COLUMN public.orders.created_by IS 'User who created the order.';
COMMENT ON COLUMN public.orders.created_at IS 'When the order was created.';
COMMENT ON COLUMN public.orders.updated_at IS 'When it last changed.';

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_tenant_id_number_key UNIQUE (tenant_id, number);

CREATE INDEX orders_created_by_idx ON public.orders USING btree (created_by);

CREATE INDEX orders_created_idx ON public.orders USING btree (created_at DESC);

CREATE INDEX orders_name_trgm_idx ON public.orders USING gin (lower(customer_name) extensions.gin_trgm_ops);

CREATE INDEX orders_number_idx ON public.orders USING btree (lower(number) text_pattern_ops);

CREATE INDEX orders_phone_trgm_idx ON public.orders USING gin (phone_digits extensions.gin_trgm_ops);

CREATE INDEX orders_stage_idx ON public.orders USING btree (tenant_id, current_stage, stage_entered_at);

CREATE INDEX orders_template_idx ON public.orders USING btree (template_id);

CREATE INDEX orders_tenant_created_idx ON public.orders USING btree (tenant_id, created_at DESC);

CREATE INDEX orders_version_idx ON public.orders USING btree (version_id);

CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION private.orders_touch();

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_template_id_fkey FOREIGN KEY (template_id) REFERENCES public.workflow_templates(id);

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_version_id_fkey FOREIGN KEY (version_id) REFERENCES public.workflow_versions(id);

ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;

create policy "orders: members and impersonators read" on public.orders for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: orders: members and impersonators read" on public.orders for select to hq_staff
  using (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

create policy "orders: operators and up write" on public.orders for update to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())))
  with check (tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids_with_role(ARRAY['owner'::text, 'admin'::text, 'operator'::text]) AS my_tenant_ids_with_role)));

create policy "HQ: orders: operators and up write" on public.orders for update to hq_staff
  using (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))
  with check (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(true) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.orders FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.orders TO authenticated;
GRANT ALL ON TABLE public.orders TO service_role;

GRANT UPDATE(customer_name) ON TABLE public.orders TO authenticated;

GRANT UPDATE(customer_phone) ON TABLE public.orders TO authenticated;

GRANT UPDATE(items_count) ON TABLE public.orders TO authenticated;

GRANT UPDATE(amount_total) ON TABLE public.orders TO authenticated;

GRANT UPDATE(invoice_number) ON TABLE public.orders TO authenticated;

REVOKE ALL ON FUNCTION private.orders_touch() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.orders_touch() FROM PUBLIC;
