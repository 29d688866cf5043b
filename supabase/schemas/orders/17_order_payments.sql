CREATE TABLE public.order_payments (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    order_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    amount numeric(14,3) NOT NULL,
    currency text NOT NULL,
    overpayment boolean DEFAULT false NOT NULL,
    reference text,
    recorded_by uuid,
    impersonation_id uuid,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT order_payments_amount_check CHECK ((amount > (0)::numeric)),
    CONSTRAINT order_payments_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT order_payments_reference_check CHECK ((length(reference) <= 200))
);

ALTER TABLE ONLY public.order_payments
    ADD CONSTRAINT order_payments_pkey PRIMARY KEY (id);

CREATE INDEX order_payments_order_idx ON public.order_payments USING btree (order_id, recorded_at);

CREATE INDEX order_payments_recorded_by_idx ON public.order_payments USING btree (recorded_by);

CREATE INDEX order_payments_tenant_idx ON public.order_payments USING btree (tenant_id, recorded_at DESC);

ALTER TABLE ONLY public.order_payments
    ADD CONSTRAINT order_payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.order_payments
    ADD CONSTRAINT order_payments_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.order_payments
    ADD CONSTRAINT order_payments_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.order_payments ENABLE ROW LEVEL SECURITY;

CREATE POLICY "order payments: members and impersonators read" ON public.order_payments FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

REVOKE ALL ON TABLE public.order_payments FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.order_payments TO authenticated;
GRANT ALL ON TABLE public.order_payments TO service_role;

COMMENT ON TABLE public.order_payments IS 'Payments recorded against orders by record_order_payment; orders.amount_paid is their sum.';
