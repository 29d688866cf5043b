CREATE FUNCTION private.dunning_on_invoice_status() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.dunning_cases;
  v_released jsonb;
  v_reason text;
begin
  select * into c from public.dunning_cases x where x.invoice_id = new.id for update;
  if c.id is null or c.stage = 'recovered' or (new.status = 'void' and c.closed_at is not null and not c.held_tenant and not c.held_subscription) then
    return null;
  end if;
  v_reason := format('invoice %s %s', coalesce(new.number, new.id::text), case when new.status = 'paid' then 'paid' else 'voided' end);
  v_released := private.dunning_release(c, v_reason);
  update public.dunning_cases x
  set stage = case when new.status = 'paid' then 'recovered' else x.stage end,
      closed_at = coalesce(case when new.status = 'void' then x.closed_at end, private.now()),
      next_action = null, next_action_at = null,
      last_result = case when new.status = 'paid' then 'paid' else 'invoice voided' end,
      held_subscription = false, held_tenant = false
  where x.id = c.id
  returning * into c;
  perform private.dunning_event(c, case when new.status = 'paid' then 'recovered' else 'closed' end,
    v_released || jsonb_build_object('invoice_status', new.status), v_reason);
  return null;
end
$$;

CREATE FUNCTION private.invoice_take_seller() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if new.number is not null and new.seller is null then
    new.seller := (select to_jsonb(s) - 'id' - 'updated_at' - 'updated_by' from public.seller_profile s where s.id = 1);
  end if;
  return new;
end
$$;

CREATE TABLE public.invoices (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    subscription_id uuid,
    number text,
    billing_year integer,
    status text DEFAULT 'draft'::text NOT NULL,
    billing_reason text NOT NULL,
    currency text NOT NULL,
    period_start timestamp with time zone,
    period_end timestamp with time zone,
    timezone text NOT NULL,
    issue_date date,
    due_date date,
    tax_country text NOT NULL,
    tax_rate numeric(6,3) DEFAULT 0 NOT NULL,
    tax_treatment text DEFAULT 'standard'::text NOT NULL,
    tax_registration_number text,
    subtotal numeric(14,3) DEFAULT 0 NOT NULL,
    discount_total numeric(14,3) DEFAULT 0 NOT NULL,
    tax_total numeric(14,3) DEFAULT 0 NOT NULL,
    total numeric(14,3) DEFAULT 0 NOT NULL,
    balance_applied numeric(14,3) DEFAULT 0 NOT NULL,
    amount_credited numeric(14,3) DEFAULT 0 NOT NULL,
    amount_paid numeric(14,3) DEFAULT 0 NOT NULL,
    amount_due numeric(14,3) DEFAULT 0 NOT NULL,
    idempotency_key text,
    memo text,
    finalized_at timestamp with time zone,
    paid_at timestamp with time zone,
    voided_at timestamp with time zone,
    uncollectible_at timestamp with time zone,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    tax_note jsonb,
    seller jsonb,
    CONSTRAINT invoices_amount_due_check CHECK ((amount_due >= (0)::numeric)),
    CONSTRAINT invoices_billing_reason_check CHECK ((billing_reason = ANY (ARRAY['subscription_create'::text, 'subscription_cycle'::text, 'subscription_update'::text, 'manual'::text]))),
    CONSTRAINT invoices_check CHECK ((((number IS NULL) = (status = 'draft'::text)) OR (status = 'void'::text))),
    CONSTRAINT invoices_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'open'::text, 'paid'::text, 'void'::text, 'uncollectible'::text]))),
    CONSTRAINT invoices_tax_note_check CHECK (((tax_note IS NULL) OR (jsonb_typeof(tax_note) = 'object'::text))),
    CONSTRAINT invoices_tax_treatment_check CHECK ((tax_treatment = ANY (ARRAY['standard'::text, 'reverse_charge'::text, 'exempt'::text])))
);

COMMENT ON TABLE public.invoices IS 'Invoices to tenants: draft, then finalized (numbered, open), then paid, void or uncollectible; amounts in the currency''s major units. Created by the invoice run or public.create_invoice (billing.write); read by the tenant''s members, billing.read staff and impersonators.';
COMMENT ON COLUMN public.invoices.id IS 'Identifier of the invoice.';
COMMENT ON COLUMN public.invoices.tenant_id IS 'The tenant billed.';
COMMENT ON COLUMN public.invoices.subscription_id IS 'The subscription billed; null for a manual invoice.';
COMMENT ON COLUMN public.invoices.number IS 'Legal number from the document sequence, given when finalized; null while draft.';
COMMENT ON COLUMN public.invoices.billing_year IS 'Year of the numbering sequence the number came from.';
COMMENT ON COLUMN public.invoices.status IS 'draft, open (finalized, amount due), paid, void or uncollectible.';
COMMENT ON COLUMN public.invoices.billing_reason IS 'subscription_create, subscription_cycle (a renewal), subscription_update (a plan change) or manual.';
COMMENT ON COLUMN public.invoices.currency IS 'Currency of every amount on the invoice.';
COMMENT ON COLUMN public.invoices.period_start IS 'Start of the billing period, if any.';
COMMENT ON COLUMN public.invoices.period_end IS 'End of the billing period, if any.';
COMMENT ON COLUMN public.invoices.timezone IS 'IANA timezone of the tenant: issue and due dates are local dates in it.';
COMMENT ON COLUMN public.invoices.issue_date IS 'Local date the invoice was finalized.';
COMMENT ON COLUMN public.invoices.due_date IS 'Local date payment is due; dunning counts from it.';
COMMENT ON COLUMN public.invoices.tax_country IS 'ISO country whose VAT applies (the tenant''s).';
COMMENT ON COLUMN public.invoices.tax_rate IS 'VAT rate in percent applied to the lines.';
COMMENT ON COLUMN public.invoices.tax_treatment IS 'standard, reverse_charge or exempt, from the billing profile when finalized.';
COMMENT ON COLUMN public.invoices.tax_registration_number IS 'The customer''s VAT number when finalized.';
COMMENT ON COLUMN public.invoices.subtotal IS 'Sum of the lines'' amounts.';
COMMENT ON COLUMN public.invoices.discount_total IS 'Sum of the lines'' discounts.';
COMMENT ON COLUMN public.invoices.tax_total IS 'Sum of the lines'' VAT.';
COMMENT ON COLUMN public.invoices.total IS 'subtotal - discount_total + tax_total.';
COMMENT ON COLUMN public.invoices.balance_applied IS 'Customer balance used to pay part of the total when finalized.';
COMMENT ON COLUMN public.invoices.amount_credited IS 'Sum of credit notes reducing what is due.';
COMMENT ON COLUMN public.invoices.amount_paid IS 'Sum of payments applied.';
COMMENT ON COLUMN public.invoices.amount_due IS 'What remains to pay: total - balance_applied - amount_credited - amount_paid, never negative.';
COMMENT ON COLUMN public.invoices.idempotency_key IS 'Caller''s key making creation idempotent (unique).';
COMMENT ON COLUMN public.invoices.memo IS 'Free note printed on the invoice.';
COMMENT ON COLUMN public.invoices.finalized_at IS 'When it was finalized (numbered).';
COMMENT ON COLUMN public.invoices.paid_at IS 'When it became fully paid.';
COMMENT ON COLUMN public.invoices.voided_at IS 'When it was voided.';
COMMENT ON COLUMN public.invoices.uncollectible_at IS 'When it was written off as uncollectible.';
COMMENT ON COLUMN public.invoices.created_by IS 'Staff user who created a manual invoice; null for the invoice run.';
COMMENT ON COLUMN public.invoices.created_at IS 'When the invoice was created.';
COMMENT ON COLUMN public.invoices.updated_at IS 'When it last changed.';
COMMENT ON COLUMN public.invoices.tax_note IS 'Note printed when no VAT is charged, by language; from the billing profile or the treatment''s default.';

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_idempotency_key_key UNIQUE (idempotency_key);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_number_key UNIQUE (number);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);

CREATE INDEX invoices_created_by_idx ON public.invoices USING btree (created_by);

CREATE INDEX invoices_status_idx ON public.invoices USING btree (status, due_date);

CREATE INDEX invoices_subscription_idx ON public.invoices USING btree (subscription_id);

CREATE INDEX invoices_tenant_idx ON public.invoices USING btree (tenant_id, created_at DESC);

CREATE TRIGGER invoices_dunning_recovery AFTER UPDATE OF status ON public.invoices FOR EACH ROW WHEN (((new.status IS DISTINCT FROM old.status) AND (new.status = ANY (ARRAY['paid'::text, 'void'::text])))) EXECUTE FUNCTION private.dunning_on_invoice_status();

CREATE TRIGGER invoices_take_seller BEFORE INSERT OR UPDATE OF number ON public.invoices FOR EACH ROW EXECUTE FUNCTION private.invoice_take_seller();

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_currency_fkey FOREIGN KEY (currency) REFERENCES public.currencies(code);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

-- Covers the foreign key on currency (referential checks on the referenced row's update or delete).
CREATE INDEX invoices_currency_idx ON public.invoices USING btree (currency);

ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;

create policy "invoice readers" on public.invoices for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: invoice readers" on public.invoices for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.invoices FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.invoices TO authenticated;
GRANT ALL ON TABLE public.invoices TO service_role;

REVOKE ALL ON FUNCTION private.dunning_on_invoice_status() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_on_invoice_status() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.invoice_take_seller() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.invoice_take_seller() FROM PUBLIC;

COMMENT ON COLUMN public.invoices.seller IS 'The seller profile (legal_name, address, country, tax_registrations) when the invoice was numbered; null for invoices numbered before the seller profile existed.';
