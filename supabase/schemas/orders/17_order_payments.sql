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

COMMENT ON COLUMN public.order_payments.id IS 'Identifier of the payment.';
COMMENT ON COLUMN public.order_payments.order_id IS 'The order paid.';
COMMENT ON COLUMN public.order_payments.tenant_id IS 'The order''s tenant.';
COMMENT ON COLUMN public.order_payments.amount IS 'Amount received, major units, above 0.';
COMMENT ON COLUMN public.order_payments.currency IS 'The order''s currency (ISO 4217).';
COMMENT ON COLUMN public.order_payments.overpayment IS 'True when it brought amount_paid above the order''s total.';
COMMENT ON COLUMN public.order_payments.reference IS 'Receipt or transaction reference (at most 200 characters).';
COMMENT ON COLUMN public.order_payments.recorded_by IS 'User who recorded it.';
COMMENT ON COLUMN public.order_payments.impersonation_id IS 'The impersonation session it was recorded in, if staff recorded it.';
COMMENT ON COLUMN public.order_payments.recorded_at IS 'When it was recorded.';

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

create policy "order payments: members and impersonators read" on public.order_payments for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: order payments: members and impersonators read" on public.order_payments for select to hq_staff
  using (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.order_payments FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.order_payments TO authenticated;
GRANT ALL ON TABLE public.order_payments TO service_role;

COMMENT ON TABLE public.order_payments IS 'Payments recorded against orders by record_order_payment; orders.amount_paid is their sum.';
