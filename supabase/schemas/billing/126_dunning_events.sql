CREATE TABLE public.dunning_events (
    id bigint NOT NULL,
    case_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    action text NOT NULL,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL
);

COMMENT ON TABLE public.dunning_events IS 'Everything a dunning case did, append-only, in order: retries, reminders, stage changes, closing.';
COMMENT ON COLUMN public.dunning_events.id IS 'Sequential identifier (order of the events).';
COMMENT ON COLUMN public.dunning_events.case_id IS 'The dunning case.';
COMMENT ON COLUMN public.dunning_events.tenant_id IS 'The case''s tenant.';
COMMENT ON COLUMN public.dunning_events.action IS 'What happened (retry, reminder, a stage change, recovery, write-off).';
COMMENT ON COLUMN public.dunning_events.detail IS 'Details of the action as a JSON object (result, attempt number, stage before and after).';
COMMENT ON COLUMN public.dunning_events.at IS 'When it happened.';

ALTER TABLE public.dunning_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.dunning_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.dunning_events
    ADD CONSTRAINT dunning_events_pkey PRIMARY KEY (id);

CREATE INDEX dunning_events_case_idx ON public.dunning_events USING btree (case_id, id);

-- A tenant's rows newest first: the tenant filter and the list's sort meet in one index (no sort step).
CREATE INDEX dunning_events_tenant_idx ON public.dunning_events USING btree (tenant_id, id DESC);

ALTER TABLE ONLY public.dunning_events
    ADD CONSTRAINT dunning_events_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.dunning_cases(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.dunning_events
    ADD CONSTRAINT dunning_events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.dunning_events ENABLE ROW LEVEL SECURITY;

create policy "billing staff read dunning events" on public.dunning_events for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.dunning_events FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.dunning_events TO authenticated;
GRANT ALL ON TABLE public.dunning_events TO service_role;

REVOKE ALL ON SEQUENCE public.dunning_events_id_seq FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON SEQUENCE public.dunning_events_id_seq TO anon;
GRANT ALL ON SEQUENCE public.dunning_events_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.dunning_events_id_seq TO service_role;
