CREATE TABLE public.tenant_workflow_overrides (
    tenant_id uuid NOT NULL,
    template_id uuid NOT NULL,
    patch jsonb DEFAULT '{}'::jsonb NOT NULL,
    updated_by uuid,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_workflow_overrides_patch_check CHECK ((jsonb_typeof(patch) = 'object'::text))
);

COMMENT ON TABLE public.tenant_workflow_overrides IS 'A tenant''s patch over an HQ workflow template (stage names, SLAs, extra stages), merged into its effective version. Set by public.set_tenant_workflow_override.';
COMMENT ON COLUMN public.tenant_workflow_overrides.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.tenant_workflow_overrides.template_id IS 'The workflow template patched.';
COMMENT ON COLUMN public.tenant_workflow_overrides.patch IS 'The patch (JSON object, size-capped).';
COMMENT ON COLUMN public.tenant_workflow_overrides.updated_by IS 'User who last set it.';
COMMENT ON COLUMN public.tenant_workflow_overrides.updated_at IS 'When it last changed.';

ALTER TABLE ONLY public.tenant_workflow_overrides
    ADD CONSTRAINT tenant_workflow_overrides_pkey PRIMARY KEY (tenant_id, template_id);

CREATE INDEX tenant_workflow_overrides_template_idx ON public.tenant_workflow_overrides USING btree (template_id);

CREATE INDEX tenant_workflow_overrides_updated_by_idx ON public.tenant_workflow_overrides USING btree (updated_by);

ALTER TABLE ONLY public.tenant_workflow_overrides
    ADD CONSTRAINT tenant_workflow_overrides_template_id_fkey FOREIGN KEY (template_id) REFERENCES public.workflow_templates(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.tenant_workflow_overrides
    ADD CONSTRAINT tenant_workflow_overrides_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.tenant_workflow_overrides
    ADD CONSTRAINT tenant_workflow_overrides_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE public.tenant_workflow_overrides ENABLE ROW LEVEL SECURITY;

create policy "overrides follow tenant visibility" on public.tenant_workflow_overrides for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: overrides follow tenant visibility" on public.tenant_workflow_overrides for select to hq_staff
  using (( SELECT private.has_permission('workflows.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.tenant_workflow_overrides FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_workflow_overrides TO authenticated;
GRANT ALL ON TABLE public.tenant_workflow_overrides TO service_role;
