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

ALTER TABLE ONLY public.dunning_cases
    ADD CONSTRAINT dunning_cases_invoice_id_key UNIQUE (invoice_id);

ALTER TABLE ONLY public.dunning_cases
    ADD CONSTRAINT dunning_cases_pkey PRIMARY KEY (id);

CREATE INDEX dunning_cases_due_idx ON public.dunning_cases USING btree (next_action_at) WHERE (closed_at IS NULL);

CREATE INDEX dunning_cases_subscription_idx ON public.dunning_cases USING btree (subscription_id);

CREATE INDEX dunning_cases_tenant_idx ON public.dunning_cases USING btree (tenant_id);

ALTER TABLE ONLY public.dunning_cases
    ADD CONSTRAINT dunning_cases_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES public.invoices(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.dunning_cases
    ADD CONSTRAINT dunning_cases_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.dunning_cases
    ADD CONSTRAINT dunning_cases_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.dunning_cases ENABLE ROW LEVEL SECURITY;

CREATE POLICY "billing staff read dunning cases" ON public.dunning_cases FOR SELECT TO authenticated USING (( SELECT private.has_permission('billing.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.dunning_cases FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.dunning_cases TO authenticated;
GRANT ALL ON TABLE public.dunning_cases TO service_role;
