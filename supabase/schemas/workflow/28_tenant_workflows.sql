CREATE TABLE public.tenant_workflows (
    tenant_id uuid NOT NULL,
    template_id uuid NOT NULL,
    version_id uuid NOT NULL,
    base_version_id uuid NOT NULL,
    conflicts jsonb DEFAULT '[]'::jsonb NOT NULL,
    upgraded_at timestamp with time zone DEFAULT now() NOT NULL
);

COMMENT ON TABLE public.tenant_workflows IS 'The workflow version each tenant uses for each template, and the HQ version it was built from; conflicts list what the tenant patch could not apply.';
COMMENT ON COLUMN public.tenant_workflows.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.tenant_workflows.template_id IS 'The template.';
COMMENT ON COLUMN public.tenant_workflows.version_id IS 'The effective version new orders follow.';
COMMENT ON COLUMN public.tenant_workflows.base_version_id IS 'The HQ version it is based on.';
COMMENT ON COLUMN public.tenant_workflows.conflicts IS 'Parts of the tenant''s patch that no longer apply to the base (JSON array).';
COMMENT ON COLUMN public.tenant_workflows.upgraded_at IS 'When the tenant last moved to a new version.';

ALTER TABLE ONLY public.tenant_workflows
    ADD CONSTRAINT tenant_workflows_pkey PRIMARY KEY (tenant_id, template_id);

CREATE INDEX tenant_workflows_base_idx ON public.tenant_workflows USING btree (base_version_id);

CREATE INDEX tenant_workflows_template_idx ON public.tenant_workflows USING btree (template_id);

CREATE INDEX tenant_workflows_version_idx ON public.tenant_workflows USING btree (version_id);

ALTER TABLE ONLY public.tenant_workflows
    ADD CONSTRAINT tenant_workflows_base_version_id_fkey FOREIGN KEY (base_version_id) REFERENCES public.workflow_versions(id);

ALTER TABLE ONLY public.tenant_workflows
    ADD CONSTRAINT tenant_workflows_template_id_fkey FOREIGN KEY (template_id) REFERENCES public.workflow_templates(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.tenant_workflows
    ADD CONSTRAINT tenant_workflows_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.tenant_workflows
    ADD CONSTRAINT tenant_workflows_version_id_fkey FOREIGN KEY (version_id) REFERENCES public.workflow_versions(id);

ALTER TABLE public.tenant_workflows ENABLE ROW LEVEL SECURITY;

create policy "tenant workflows follow tenant visibility" on public.tenant_workflows for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant workflows follow tenant visibility" on public.tenant_workflows for select to hq_staff
  using (( SELECT private.has_permission('workflows.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.tenant_workflows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_workflows TO authenticated;
GRANT ALL ON TABLE public.tenant_workflows TO service_role;
