CREATE FUNCTION private.dunning_on_payment_failed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.open_dunning_case(new.invoice_id, 'payment_failed');
  return null;
end
$$;

CREATE TABLE public.payments (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    invoice_id uuid,
    tenant_id uuid,
    gateway text NOT NULL,
    gateway_payment_id text,
    amount numeric(14,3) NOT NULL,
    currency text NOT NULL,
    status text NOT NULL,
    amount_refunded numeric(14,3) DEFAULT 0 NOT NULL,
    failure_code text,
    failure_message text,
    checkout_url text,
    applied_to text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    applied_at timestamp with time zone,
    applied_amount numeric(14,3) DEFAULT 0 NOT NULL,
    reference text,
    created_by uuid,
    checkout_ref text,
    cancelled_at timestamp with time zone,
    idempotency_key text,
    reported_amount numeric(14,3),
    reported_currency text,
    CONSTRAINT payments_amount_check CHECK ((amount >= (0)::numeric)),
    CONSTRAINT payments_amount_refunded_check CHECK ((amount_refunded >= (0)::numeric)),
    CONSTRAINT payments_applied_amount_check CHECK ((applied_amount >= (0)::numeric)),
    CONSTRAINT payments_applied_to_check CHECK ((applied_to = ANY (ARRAY['invoice'::text, 'customer_balance'::text, 'refund_due'::text]))),
    CONSTRAINT payments_gateway_check CHECK ((gateway = ANY (ARRAY['stripe'::text, 'paytabs'::text, 'hyperpay'::text, 'manual'::text]))),
    CONSTRAINT payments_idempotency_key_check CHECK (idempotency_key IS NULL OR (length(idempotency_key) BETWEEN 1 AND 200 AND btrim(idempotency_key) <> ''::text)),
    CONSTRAINT payments_reported_amount_check CHECK ((reported_amount >= (0)::numeric)),
    CONSTRAINT payments_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'succeeded'::text, 'failed'::text, 'cancelled'::text])))
);

COMMENT ON TABLE public.payments IS 'Payments of invoices: gateway checkouts (pending until the webhook settles them) and manual payments recorded by billing.write staff; one per idempotency key. Read by the tenant''s members, billing.read staff and impersonators.';
COMMENT ON COLUMN public.payments.id IS 'Identifier of the payment.';
COMMENT ON COLUMN public.payments.invoice_id IS 'The invoice paid, if any.';
COMMENT ON COLUMN public.payments.tenant_id IS 'The paying tenant.';
COMMENT ON COLUMN public.payments.gateway IS 'stripe, paytabs, hyperpay or manual (recorded by staff).';
COMMENT ON COLUMN public.payments.gateway_payment_id IS 'The gateway''s payment identifier (unique per gateway), once known.';
COMMENT ON COLUMN public.payments.amount IS 'Amount asked or received, major units of currency.';
COMMENT ON COLUMN public.payments.currency IS 'Currency of amount (the invoice''s).';
COMMENT ON COLUMN public.payments.status IS 'pending (checkout started), succeeded, failed or cancelled.';
COMMENT ON COLUMN public.payments.amount_refunded IS 'Sum of succeeded refunds of this payment.';
COMMENT ON COLUMN public.payments.failure_code IS 'The gateway''s failure code, when failed.';
COMMENT ON COLUMN public.payments.failure_message IS 'The gateway''s failure message, when failed.';
COMMENT ON COLUMN public.payments.checkout_url IS 'Where the payer completes a pending checkout.';
COMMENT ON COLUMN public.payments.applied_to IS 'Where the money went: invoice, customer_balance (the invoice was already settled) or refund_due (to be returned).';
COMMENT ON COLUMN public.payments.created_at IS 'When the payment was created.';
COMMENT ON COLUMN public.payments.updated_at IS 'When it last changed.';
COMMENT ON COLUMN public.payments.applied_at IS 'When it was applied.';
COMMENT ON COLUMN public.payments.applied_amount IS 'Part of amount applied to the invoice.';
COMMENT ON COLUMN public.payments.reference IS 'Reference of a manual payment (bank transfer number…).';
COMMENT ON COLUMN public.payments.created_by IS 'User who started the checkout or recorded the payment.';
COMMENT ON COLUMN public.payments.checkout_ref IS 'The gateway''s checkout or session identifier.';
COMMENT ON COLUMN public.payments.cancelled_at IS 'When a pending checkout was cancelled or expired.';
COMMENT ON COLUMN public.payments.idempotency_key IS 'Caller''s key (1-200 characters): a repeated begin_checkout answers the same payment.';
COMMENT ON COLUMN public.payments.reported_amount IS 'Amount the gateway reported when it differed from amount (kept for review).';
COMMENT ON COLUMN public.payments.reported_currency IS 'Currency the gateway reported when it differed.';

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_gateway_gateway_payment_id_key UNIQUE (gateway, gateway_payment_id);

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);

CREATE INDEX payments_created_by_idx ON public.payments USING btree (created_by);

CREATE UNIQUE INDEX payments_idempotency_key_idx ON public.payments USING btree (idempotency_key) WHERE (idempotency_key IS NOT NULL);

CREATE INDEX payments_invoice_idx ON public.payments USING btree (invoice_id);

CREATE INDEX payments_pending_idx ON public.payments USING btree (created_at) WHERE (status = 'pending'::text);

CREATE INDEX payments_tenant_idx ON public.payments USING btree (tenant_id, created_at DESC);

CREATE TRIGGER payments_open_dunning_insert AFTER INSERT ON public.payments FOR EACH ROW WHEN (((new.status = 'failed'::text) AND (new.invoice_id IS NOT NULL))) EXECUTE FUNCTION private.dunning_on_payment_failed();

CREATE TRIGGER payments_open_dunning_update AFTER UPDATE OF status, invoice_id ON public.payments FOR EACH ROW WHEN (((new.status = 'failed'::text) AND (new.invoice_id IS NOT NULL) AND ((old.status IS DISTINCT FROM new.status) OR (old.invoice_id IS DISTINCT FROM new.invoice_id)))) EXECUTE FUNCTION private.dunning_on_payment_failed();

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_currency_fkey FOREIGN KEY (currency) REFERENCES public.currencies(code);

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES public.invoices(id);

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_reported_currency_fkey FOREIGN KEY (reported_currency) REFERENCES public.currencies(code);

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

-- Covers the foreign key on currency (referential checks on the referenced row's update or delete).
CREATE INDEX payments_currency_idx ON public.payments USING btree (currency);

-- Covers the foreign key on reported_currency (referential checks on the referenced row's update or delete).
CREATE INDEX payments_reported_currency_idx ON public.payments USING btree (reported_currency);

ALTER TABLE public.payments ENABLE ROW LEVEL SECURITY;

create policy "payment readers" on public.payments for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: payment readers" on public.payments for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.payments FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.payments TO authenticated;
GRANT ALL ON TABLE public.payments TO service_role;

REVOKE ALL ON FUNCTION private.dunning_on_payment_failed() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_on_payment_failed() FROM PUBLIC;
