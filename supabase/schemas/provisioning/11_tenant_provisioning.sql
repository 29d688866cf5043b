CREATE TABLE public.tenant_provisioning (
    tenant_id uuid NOT NULL,
    step_code text NOT NULL,
    status text NOT NULL,
    applied_version integer,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    CONSTRAINT tenant_provisioning_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'done'::text, 'failed'::text])))
);

COMMENT ON TABLE public.tenant_provisioning IS 'Progress of each provisioning step for each tenant: pending, done (with the step version applied) or failed (retried by the job).';
COMMENT ON COLUMN public.tenant_provisioning.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.tenant_provisioning.step_code IS 'The step.';
COMMENT ON COLUMN public.tenant_provisioning.status IS 'pending, done or failed.';
COMMENT ON COLUMN public.tenant_provisioning.applied_version IS 'Step version last applied successfully.';
COMMENT ON COLUMN public.tenant_provisioning.attempts IS 'Times the step was tried.';
COMMENT ON COLUMN public.tenant_provisioning.last_error IS 'Error of the last failed attempt.';
COMMENT ON COLUMN public.tenant_provisioning.started_at IS 'When the last attempt started.';
COMMENT ON COLUMN public.tenant_provisioning.finished_at IS 'When the last attempt finished.';

ALTER TABLE ONLY public.tenant_provisioning
    ADD CONSTRAINT tenant_provisioning_pkey PRIMARY KEY (tenant_id, step_code);

CREATE INDEX tenant_provisioning_failed_idx ON public.tenant_provisioning USING btree (tenant_id) WHERE (status = 'failed'::text);

CREATE INDEX tenant_provisioning_step_idx ON public.tenant_provisioning USING btree (step_code);

ALTER TABLE ONLY public.tenant_provisioning
    ADD CONSTRAINT tenant_provisioning_step_code_fkey FOREIGN KEY (step_code) REFERENCES public.provisioning_steps(code) ON DELETE CASCADE;

ALTER TABLE ONLY public.tenant_provisioning
    ADD CONSTRAINT tenant_provisioning_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.tenant_provisioning ENABLE ROW LEVEL SECURITY;

create policy "provisioning follows tenant visibility" on public.tenant_provisioning for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: provisioning follows tenant visibility" on public.tenant_provisioning for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.tenant_provisioning FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_provisioning TO authenticated;
GRANT ALL ON TABLE public.tenant_provisioning TO service_role;
