CREATE TABLE public.credit_notes (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    number text NOT NULL,
    invoice_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    currency text NOT NULL,
    amount numeric(14,3) NOT NULL,
    tax_amount numeric(14,3) DEFAULT 0 NOT NULL,
    total numeric(14,3) NOT NULL,
    method text NOT NULL,
    reason text NOT NULL,
    status text DEFAULT 'issued'::text NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT credit_notes_amount_check CHECK ((amount > (0)::numeric)),
    CONSTRAINT credit_notes_method_check CHECK ((method = ANY (ARRAY['reduce_amount_due'::text, 'refund'::text, 'customer_balance'::text]))),
    CONSTRAINT credit_notes_reason_check CHECK ((length(TRIM(BOTH FROM reason)) >= 3)),
    CONSTRAINT credit_notes_status_check CHECK ((status = ANY (ARRAY['issued'::text, 'void'::text]))),
    CONSTRAINT credit_notes_total_check CHECK ((total > (0)::numeric))
);

COMMENT ON TABLE public.credit_notes IS 'Credit notes issued against finalized invoices (public.issue_credit_note, billing.write): they lower what is due, refund a payment, or credit the customer balance. Numbered from the document sequences.';
COMMENT ON COLUMN public.credit_notes.id IS 'Identifier of the credit note.';
COMMENT ON COLUMN public.credit_notes.number IS 'Legal document number (unique), from the credit note sequence.';
COMMENT ON COLUMN public.credit_notes.invoice_id IS 'The invoice credited.';
COMMENT ON COLUMN public.credit_notes.tenant_id IS 'The invoice''s tenant.';
COMMENT ON COLUMN public.credit_notes.currency IS 'The invoice''s currency.';
COMMENT ON COLUMN public.credit_notes.amount IS 'Amount credited before tax, major units, above 0.';
COMMENT ON COLUMN public.credit_notes.tax_amount IS 'VAT credited with it, at the invoice''s tax rate.';
COMMENT ON COLUMN public.credit_notes.total IS 'amount + tax_amount; never more than the invoice still allows to credit.';
COMMENT ON COLUMN public.credit_notes.method IS 'reduce_amount_due (unpaid part of the invoice), refund (money back through the payment''s gateway) or customer_balance (credit for later invoices).';
COMMENT ON COLUMN public.credit_notes.reason IS 'Why it was issued (at least 3 characters); shown on the document and in the audit log.';
COMMENT ON COLUMN public.credit_notes.status IS 'issued, or void when its refund failed and it was cancelled.';
COMMENT ON COLUMN public.credit_notes.created_by IS 'Staff user who issued it.';
COMMENT ON COLUMN public.credit_notes.created_at IS 'When it was issued.';

ALTER TABLE ONLY public.credit_notes
    ADD CONSTRAINT credit_notes_number_key UNIQUE (number);

ALTER TABLE ONLY public.credit_notes
    ADD CONSTRAINT credit_notes_pkey PRIMARY KEY (id);

CREATE INDEX credit_notes_created_by_idx ON public.credit_notes USING btree (created_by);

CREATE INDEX credit_notes_invoice_idx ON public.credit_notes USING btree (invoice_id);

-- A tenant's rows newest first: the tenant filter and the list's sort meet in one index (no sort step).
CREATE INDEX credit_notes_tenant_idx ON public.credit_notes USING btree (tenant_id, created_at DESC);

ALTER TABLE ONLY public.credit_notes
    ADD CONSTRAINT credit_notes_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.credit_notes
    ADD CONSTRAINT credit_notes_currency_fkey FOREIGN KEY (currency) REFERENCES public.currencies(code);

ALTER TABLE ONLY public.credit_notes
    ADD CONSTRAINT credit_notes_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES public.invoices(id);

ALTER TABLE ONLY public.credit_notes
    ADD CONSTRAINT credit_notes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

-- Covers the foreign key on currency (referential checks on the referenced row's update or delete).
CREATE INDEX credit_notes_currency_idx ON public.credit_notes USING btree (currency);

ALTER TABLE public.credit_notes ENABLE ROW LEVEL SECURITY;

create policy "credit note readers" on public.credit_notes for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: credit note readers" on public.credit_notes for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.credit_notes FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.credit_notes TO authenticated;
GRANT ALL ON TABLE public.credit_notes TO service_role;
