CREATE TABLE public.dunning_cases (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    invoice_id uuid NOT NULL,
    subscription_id uuid,
    tenant_id uuid NOT NULL,
    stage text NOT NULL,
    retries_done integer DEFAULT 0 NOT NULL,
    reminders_sent integer DEFAULT 0 NOT NULL,
    next_action text,
    next_action_at timestamp with time zone,
    last_result text,
    opened_at timestamp with time zone DEFAULT now() NOT NULL,
    closed_at timestamp with time zone,
    held_subscription boolean DEFAULT false NOT NULL,
    held_tenant boolean DEFAULT false NOT NULL,
    due_date date,
    timezone text,
    CONSTRAINT dunning_cases_stage_check CHECK ((stage = ANY (ARRAY['retrying'::text, 'warned'::text, 'past_due'::text, 'suspended'::text, 'recovered'::text, 'written_off'::text])))
);

COMMENT ON TABLE public.dunning_cases IS 'The collection of one overdue invoice (at most one case per invoice): retries, reminders and escalation to past due, suspension and write-off, driven by the dunning tick job under dunning_policy.';
COMMENT ON COLUMN public.dunning_cases.id IS 'Identifier of the case.';
COMMENT ON COLUMN public.dunning_cases.invoice_id IS 'The unpaid invoice (unique: one case per invoice).';
COMMENT ON COLUMN public.dunning_cases.subscription_id IS 'The invoice''s subscription, if any (held past due while the case is open).';
COMMENT ON COLUMN public.dunning_cases.tenant_id IS 'The invoice''s tenant.';
COMMENT ON COLUMN public.dunning_cases.stage IS 'retrying, warned, past_due, suspended (open), or recovered (paid) / written_off (uncollectible) (closed).';
COMMENT ON COLUMN public.dunning_cases.retries_done IS 'Payment retries made so far (dunning_policy.retry_days).';
COMMENT ON COLUMN public.dunning_cases.reminders_sent IS 'Reminder e-mails sent so far (dunning_policy.reminder_days).';
COMMENT ON COLUMN public.dunning_cases.next_action IS 'What the tick does next: retry, reminder, or the next stage (warned, past_due, suspended, written_off); null once closed.';
COMMENT ON COLUMN public.dunning_cases.next_action_at IS 'When next_action is due, computed in the tenant''s timezone from the due date.';
COMMENT ON COLUMN public.dunning_cases.last_result IS 'Outcome of the last action (e.g. a retry''s failure code).';
COMMENT ON COLUMN public.dunning_cases.opened_at IS 'When the invoice went overdue and the case opened.';
COMMENT ON COLUMN public.dunning_cases.closed_at IS 'When the case was recovered or written off; null while open.';
COMMENT ON COLUMN public.dunning_cases.held_subscription IS 'True when the case put the subscription past due, so closing it restores the subscription.';
COMMENT ON COLUMN public.dunning_cases.held_tenant IS 'True when the case suspended the tenant, so recovery restores the tenant.';
COMMENT ON COLUMN public.dunning_cases.due_date IS 'The invoice''s due date the schedule counts from.';
COMMENT ON COLUMN public.dunning_cases.timezone IS 'IANA timezone the schedule''s days are counted in (the invoice''s).';

ALTER TABLE ONLY public.dunning_cases
    ADD CONSTRAINT dunning_cases_invoice_id_key UNIQUE (invoice_id);

ALTER TABLE ONLY public.dunning_cases
    ADD CONSTRAINT dunning_cases_pkey PRIMARY KEY (id);

CREATE INDEX dunning_cases_due_idx ON public.dunning_cases USING btree (next_action_at) WHERE (closed_at IS NULL);

CREATE INDEX dunning_cases_subscription_idx ON public.dunning_cases USING btree (subscription_id);

-- A tenant's rows newest first: the tenant filter and the list's sort meet in one index (no sort step).
CREATE INDEX dunning_cases_tenant_idx ON public.dunning_cases USING btree (tenant_id, opened_at DESC);

ALTER TABLE ONLY public.dunning_cases
    ADD CONSTRAINT dunning_cases_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES public.invoices(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.dunning_cases
    ADD CONSTRAINT dunning_cases_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.dunning_cases
    ADD CONSTRAINT dunning_cases_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.dunning_cases ENABLE ROW LEVEL SECURITY;

create policy "billing staff read dunning cases" on public.dunning_cases for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.dunning_cases FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.dunning_cases TO authenticated;
GRANT ALL ON TABLE public.dunning_cases TO service_role;
