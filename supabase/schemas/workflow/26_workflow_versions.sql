CREATE FUNCTION private.workflow_versions_immutable() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform private.fail('workflow.version_immutable', 'published workflow versions cannot be changed');
end
$$;

CREATE TABLE public.workflow_versions (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    template_id uuid NOT NULL,
    tenant_id uuid,
    version integer NOT NULL,
    base_version_id uuid,
    definition jsonb NOT NULL,
    patch jsonb,
    conflicts jsonb DEFAULT '[]'::jsonb NOT NULL,
    note text,
    published_by uuid,
    published_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT workflow_versions_check CHECK (((tenant_id IS NULL) = (base_version_id IS NULL))),
    CONSTRAINT workflow_versions_version_check CHECK ((version >= 1))
);

COMMENT ON TABLE public.workflow_versions IS 'Immutable workflow versions: HQ versions (tenant_id null) published from a template''s draft, and tenant effective versions (an HQ version plus the tenant''s patch).';
COMMENT ON COLUMN public.workflow_versions.id IS 'Identifier of the version.';
COMMENT ON COLUMN public.workflow_versions.template_id IS 'The template.';
COMMENT ON COLUMN public.workflow_versions.tenant_id IS 'The tenant of an effective version; null for an HQ version.';
COMMENT ON COLUMN public.workflow_versions.version IS 'Version number (>= 1).';
COMMENT ON COLUMN public.workflow_versions.base_version_id IS 'The HQ version an effective version is built on; null for HQ versions.';
COMMENT ON COLUMN public.workflow_versions.definition IS 'The complete definition (stages, transitions, guards, SLAs).';
COMMENT ON COLUMN public.workflow_versions.patch IS 'The tenant patch applied, for effective versions.';
COMMENT ON COLUMN public.workflow_versions.conflicts IS 'Parts of the patch that could not apply (JSON array).';
COMMENT ON COLUMN public.workflow_versions.note IS 'Publication note.';
COMMENT ON COLUMN public.workflow_versions.published_by IS 'User who published it.';
COMMENT ON COLUMN public.workflow_versions.published_at IS 'When it was published.';

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_pkey PRIMARY KEY (id);

CREATE INDEX workflow_versions_base_idx ON public.workflow_versions USING btree (base_version_id);

CREATE UNIQUE INDEX workflow_versions_hq_key ON public.workflow_versions USING btree (template_id, version) WHERE (tenant_id IS NULL);

CREATE INDEX workflow_versions_published_by_idx ON public.workflow_versions USING btree (published_by);

CREATE UNIQUE INDEX workflow_versions_tenant_key ON public.workflow_versions USING btree (tenant_id, template_id, version) WHERE (tenant_id IS NOT NULL);

CREATE TRIGGER workflow_versions_immutable BEFORE UPDATE ON public.workflow_versions FOR EACH ROW EXECUTE FUNCTION private.workflow_versions_immutable();

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_base_version_id_fkey FOREIGN KEY (base_version_id) REFERENCES public.workflow_versions(id);

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_published_by_fkey FOREIGN KEY (published_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_template_id_fkey FOREIGN KEY (template_id) REFERENCES public.workflow_templates(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.workflow_versions ENABLE ROW LEVEL SECURITY;

create policy "versions: HQ ones like templates, effective ones like tenant da" on public.workflow_versions for select to authenticated
  using (((tenant_id is null) and (exists (select from private.my_tenant_ids() my_tenant_ids(my_tenant_ids))))
         or (tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: versions like templates, effective ones like tenant data" on public.workflow_versions for select to hq_staff
  using ((select private.has_permission('workflows.read'))
         or ((tenant_id is null) and (exists (select from private.impersonated_tenant_ids(false) impersonated_tenant_ids(impersonated_tenant_ids))))
         or tenant_id = any (array(select private.impersonated_tenant_ids(false))));

REVOKE ALL ON FUNCTION private.workflow_versions_immutable() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.workflow_versions_immutable() FROM PUBLIC;

REVOKE ALL ON TABLE public.workflow_versions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.workflow_versions TO authenticated;
GRANT ALL ON TABLE public.workflow_versions TO service_role;
