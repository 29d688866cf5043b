CREATE TABLE public.refunds (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    payment_id uuid,
    gateway text NOT NULL,
    gateway_refund_id text NOT NULL,
    gateway_payment_id text NOT NULL,
    invoice_id uuid,
    tenant_id uuid,
    credit_note_id uuid,
    amount numeric(14,3) NOT NULL,
    currency text NOT NULL,
    status text NOT NULL,
    reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    failure_code text,
    failure_message text,
    failed_at timestamp with time zone,
    CONSTRAINT refunds_amount_check CHECK ((amount > (0)::numeric)),
    CONSTRAINT refunds_failure_code_check CHECK (((failure_code IS NULL) OR (length(failure_code) <= 200))),
    CONSTRAINT refunds_failure_message_check CHECK (((failure_message IS NULL) OR (length(failure_message) <= 1000))),
    CONSTRAINT refunds_gateway_check CHECK ((gateway = ANY (ARRAY['stripe'::text, 'paytabs'::text, 'hyperpay'::text]))),
    CONSTRAINT refunds_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'succeeded'::text, 'failed'::text])))
);

COMMENT ON TABLE public.refunds IS 'Refunds of gateway payments, from credit notes with the refund method: pending until the gateway confirms, then succeeded or failed (a failed refund''s credit goes to the customer balance).';
COMMENT ON COLUMN public.refunds.id IS 'Identifier of the refund.';
COMMENT ON COLUMN public.refunds.payment_id IS 'The payment refunded.';
COMMENT ON COLUMN public.refunds.gateway IS 'stripe, paytabs or hyperpay.';
COMMENT ON COLUMN public.refunds.gateway_refund_id IS 'The gateway''s refund identifier (unique per gateway).';
COMMENT ON COLUMN public.refunds.gateway_payment_id IS 'The gateway''s identifier of the payment refunded.';
COMMENT ON COLUMN public.refunds.invoice_id IS 'The invoice of the payment.';
COMMENT ON COLUMN public.refunds.tenant_id IS 'The tenant refunded.';
COMMENT ON COLUMN public.refunds.credit_note_id IS 'The credit note that asked for it.';
COMMENT ON COLUMN public.refunds.amount IS 'Amount refunded, major units, above 0.';
COMMENT ON COLUMN public.refunds.currency IS 'Currency of amount.';
COMMENT ON COLUMN public.refunds.status IS 'pending, succeeded or failed.';
COMMENT ON COLUMN public.refunds.reason IS 'Why, from the credit note.';
COMMENT ON COLUMN public.refunds.created_at IS 'When the refund was asked.';
COMMENT ON COLUMN public.refunds.updated_at IS 'When it last changed.';
COMMENT ON COLUMN public.refunds.failure_code IS 'The gateway''s failure code (at most 200 characters).';
COMMENT ON COLUMN public.refunds.failure_message IS 'The gateway''s failure message (at most 1000 characters).';
COMMENT ON COLUMN public.refunds.failed_at IS 'When the refund failed.';

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_gateway_gateway_refund_id_key UNIQUE (gateway, gateway_refund_id);

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_pkey PRIMARY KEY (id);

CREATE INDEX refunds_credit_note_idx ON public.refunds USING btree (credit_note_id);

CREATE INDEX refunds_gateway_payment_idx ON public.refunds USING btree (gateway, gateway_payment_id);

CREATE INDEX refunds_invoice_idx ON public.refunds USING btree (invoice_id);

CREATE INDEX refunds_payment_idx ON public.refunds USING btree (payment_id);

-- A tenant's rows newest first: the tenant filter and the list's sort meet in one index (no sort step).
CREATE INDEX refunds_tenant_idx ON public.refunds USING btree (tenant_id, created_at DESC);

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_credit_note_id_fkey FOREIGN KEY (credit_note_id) REFERENCES public.credit_notes(id);

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_currency_fkey FOREIGN KEY (currency) REFERENCES public.currencies(code);

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES public.invoices(id);

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES public.payments(id);

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

-- Covers the foreign key on currency (referential checks on the referenced row's update or delete).
CREATE INDEX refunds_currency_idx ON public.refunds USING btree (currency);

ALTER TABLE public.refunds ENABLE ROW LEVEL SECURITY;

create policy "refund readers" on public.refunds for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: refund readers" on public.refunds for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.refunds FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.refunds TO authenticated;
GRANT ALL ON TABLE public.refunds TO service_role;
