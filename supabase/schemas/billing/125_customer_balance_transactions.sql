CREATE TABLE public.customer_balance_transactions (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    amount numeric(14,3) NOT NULL,
    currency text NOT NULL,
    reason text NOT NULL,
    invoice_id uuid,
    credit_note_id uuid,
    payment_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

COMMENT ON TABLE public.customer_balance_transactions IS 'Every change of a tenant''s customer balance (billing_profiles.balance), append-only: credits from credit notes and overpayments, debits when an invoice uses the balance.';
COMMENT ON COLUMN public.customer_balance_transactions.id IS 'Sequential identifier (order of the changes).';
COMMENT ON COLUMN public.customer_balance_transactions.tenant_id IS 'The tenant whose balance changed.';
COMMENT ON COLUMN public.customer_balance_transactions.amount IS 'Change in major units: positive credits the balance, negative uses it.';
COMMENT ON COLUMN public.customer_balance_transactions.currency IS 'Currency of the change (the tenant''s billing currency).';
COMMENT ON COLUMN public.customer_balance_transactions.reason IS 'Why the balance changed, in words or as a billing reason code (applied to invoice N, credit from invoice N, refunded at the gateway…).';
COMMENT ON COLUMN public.customer_balance_transactions.invoice_id IS 'The invoice that used or caused the change, if any.';
COMMENT ON COLUMN public.customer_balance_transactions.credit_note_id IS 'The credit note that credited the balance, if any.';
COMMENT ON COLUMN public.customer_balance_transactions.payment_id IS 'The payment whose excess was credited, if any.';
COMMENT ON COLUMN public.customer_balance_transactions.created_at IS 'When the change happened.';

ALTER TABLE public.customer_balance_transactions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.customer_balance_transactions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.customer_balance_transactions
    ADD CONSTRAINT customer_balance_transactions_pkey PRIMARY KEY (id);

CREATE INDEX customer_balance_transactions_tenant_idx ON public.customer_balance_transactions USING btree (tenant_id, id DESC);

ALTER TABLE ONLY public.customer_balance_transactions
    ADD CONSTRAINT customer_balance_transactions_currency_fkey FOREIGN KEY (currency) REFERENCES public.currencies(code);

ALTER TABLE ONLY public.customer_balance_transactions
    ADD CONSTRAINT customer_balance_transactions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

-- Covers the foreign key on currency (referential checks on the referenced row's update or delete).
CREATE INDEX customer_balance_transactions_currency_idx ON public.customer_balance_transactions USING btree (currency);

ALTER TABLE public.customer_balance_transactions ENABLE ROW LEVEL SECURITY;

create policy "balance readers" on public.customer_balance_transactions for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: balance readers" on public.customer_balance_transactions for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.customer_balance_transactions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.customer_balance_transactions TO authenticated;
GRANT ALL ON TABLE public.customer_balance_transactions TO service_role;

REVOKE ALL ON SEQUENCE public.customer_balance_transactions_id_seq FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON SEQUENCE public.customer_balance_transactions_id_seq TO anon;
GRANT ALL ON SEQUENCE public.customer_balance_transactions_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.customer_balance_transactions_id_seq TO service_role;
