CREATE TABLE public.lifecycle_calendar_actions (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    action text NOT NULL,
    from_status text NOT NULL,
    to_status text NOT NULL,
    status_history_id bigint,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT lifecycle_calendar_actions_action_check CHECK ((action = ANY (ARRAY['trial_activate'::text, 'trial_grace'::text, 'grace_reactivate'::text, 'grace_suspend'::text, 'churn'::text])))
);

COMMENT ON COLUMN public.lifecycle_calendar_actions.id IS 'Sequential identifier (order of the moves).';
COMMENT ON COLUMN public.lifecycle_calendar_actions.tenant_id IS 'The tenant moved.';
COMMENT ON COLUMN public.lifecycle_calendar_actions.action IS 'trial_activate (trial ended with a chargeable subscription), trial_grace, grace_reactivate, grace_suspend or churn.';
COMMENT ON COLUMN public.lifecycle_calendar_actions.from_status IS 'Tenant status before the move.';
COMMENT ON COLUMN public.lifecycle_calendar_actions.to_status IS 'Tenant status after the move.';
COMMENT ON COLUMN public.lifecycle_calendar_actions.status_history_id IS 'The tenant_status_history row the move wrote.';
COMMENT ON COLUMN public.lifecycle_calendar_actions.detail IS 'Why the calendar moved the tenant (dates and subscription considered), as a JSON object.';
COMMENT ON COLUMN public.lifecycle_calendar_actions.at IS 'When the move was made.';

ALTER TABLE public.lifecycle_calendar_actions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.lifecycle_calendar_actions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.lifecycle_calendar_actions
    ADD CONSTRAINT lifecycle_calendar_actions_pkey PRIMARY KEY (id);

CREATE INDEX lifecycle_calendar_actions_history_idx ON public.lifecycle_calendar_actions USING btree (status_history_id);

CREATE INDEX lifecycle_calendar_actions_tenant_idx ON public.lifecycle_calendar_actions USING btree (tenant_id, id DESC);

ALTER TABLE ONLY public.lifecycle_calendar_actions
    ADD CONSTRAINT lifecycle_calendar_actions_status_history_id_fkey FOREIGN KEY (status_history_id) REFERENCES public.tenant_status_history(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.lifecycle_calendar_actions
    ADD CONSTRAINT lifecycle_calendar_actions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.lifecycle_calendar_actions ENABLE ROW LEVEL SECURITY;

create policy "staff read calendar actions" on public.lifecycle_calendar_actions for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.lifecycle_calendar_actions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.lifecycle_calendar_actions TO authenticated;
GRANT ALL ON TABLE public.lifecycle_calendar_actions TO service_role;

REVOKE ALL ON SEQUENCE public.lifecycle_calendar_actions_id_seq FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON SEQUENCE public.lifecycle_calendar_actions_id_seq TO anon;
GRANT ALL ON SEQUENCE public.lifecycle_calendar_actions_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.lifecycle_calendar_actions_id_seq TO service_role;

COMMENT ON TABLE public.lifecycle_calendar_actions IS 'Every lifecycle move the calendar made, with the status history row it wrote.';
