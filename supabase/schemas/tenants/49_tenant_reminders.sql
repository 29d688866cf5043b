CREATE TABLE public.tenant_reminders (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    kind text NOT NULL,
    days_before integer NOT NULL,
    trial_ends_at timestamp with time zone NOT NULL,
    params jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    sent_at timestamp with time zone,
    CONSTRAINT tenant_reminders_days_before_check CHECK (((days_before >= 1) AND (days_before <= 365))),
    CONSTRAINT tenant_reminders_kind_check CHECK ((kind = 'trial_ends'::text)),
    CONSTRAINT tenant_reminders_params_check CHECK ((jsonb_typeof(params) = 'object'::text))
);

COMMENT ON COLUMN public.tenant_reminders.id IS 'Sequential identifier.';
COMMENT ON COLUMN public.tenant_reminders.tenant_id IS 'The tenant reminded.';
COMMENT ON COLUMN public.tenant_reminders.kind IS 'Reminder kind; only trial_ends today.';
COMMENT ON COLUMN public.tenant_reminders.days_before IS 'Days before the event (1-365), from the calendar policy.';
COMMENT ON COLUMN public.tenant_reminders.trial_ends_at IS 'When the trial ends, as known when the reminder was queued.';
COMMENT ON COLUMN public.tenant_reminders.params IS 'Values for the message template, as a JSON object.';
COMMENT ON COLUMN public.tenant_reminders.created_at IS 'When it was queued.';
COMMENT ON COLUMN public.tenant_reminders.sent_at IS 'When it was sent; null: not yet.';

ALTER TABLE public.tenant_reminders ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.tenant_reminders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.tenant_reminders
    ADD CONSTRAINT tenant_reminders_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.tenant_reminders
    ADD CONSTRAINT tenant_reminders_tenant_id_kind_days_before_key UNIQUE (tenant_id, kind, days_before);

CREATE INDEX tenant_reminders_unsent_idx ON public.tenant_reminders USING btree (created_at) WHERE (sent_at IS NULL);

ALTER TABLE ONLY public.tenant_reminders
    ADD CONSTRAINT tenant_reminders_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.tenant_reminders ENABLE ROW LEVEL SECURITY;

create policy "reminders follow tenant visibility" on public.tenant_reminders for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: reminders follow tenant visibility" on public.tenant_reminders for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.tenant_reminders FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_reminders TO authenticated;
GRANT ALL ON TABLE public.tenant_reminders TO service_role;

REVOKE ALL ON SEQUENCE public.tenant_reminders_id_seq FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON SEQUENCE public.tenant_reminders_id_seq TO anon;
GRANT ALL ON SEQUENCE public.tenant_reminders_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.tenant_reminders_id_seq TO service_role;

COMMENT ON TABLE public.tenant_reminders IS 'Reminder events for the notifications capability (trial ends in N days), one per tenant, kind and day count; sent_at is set when sent.';
