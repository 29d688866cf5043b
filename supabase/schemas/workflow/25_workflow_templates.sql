CREATE TABLE public.workflow_templates (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    code text NOT NULL,
    service_category text NOT NULL,
    name jsonb NOT NULL,
    description jsonb DEFAULT '{}'::jsonb NOT NULL,
    draft jsonb NOT NULL,
    latest_version integer DEFAULT 0 NOT NULL,
    archived boolean DEFAULT false NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT workflow_templates_code_check CHECK ((code ~ '^[a-z][a-z0-9_]{1,39}$'::text)),
    CONSTRAINT workflow_templates_description_check CHECK ((jsonb_typeof(description) = 'object'::text)),
    CONSTRAINT workflow_templates_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text))),
    CONSTRAINT workflow_templates_service_category_check CHECK ((service_category ~ '^[a-z][a-z0-9_]{1,39}$'::text))
);

COMMENT ON TABLE public.workflow_templates IS 'HQ workflow templates, one per service category: an editable draft and its published versions. Written by workflows.write staff; read by workflow staff and tenant users.';
COMMENT ON COLUMN public.workflow_templates.id IS 'Identifier of the template.';
COMMENT ON COLUMN public.workflow_templates.code IS 'Stable code (unique).';
COMMENT ON COLUMN public.workflow_templates.service_category IS 'The service category it serves (unique).';
COMMENT ON COLUMN public.workflow_templates.name IS 'Display name by language; English required.';
COMMENT ON COLUMN public.workflow_templates.description IS 'Description by language.';
COMMENT ON COLUMN public.workflow_templates.draft IS 'The definition being edited (stages, transitions, guards, SLAs), size-capped.';
COMMENT ON COLUMN public.workflow_templates.latest_version IS 'Number of the last published version (0: none yet).';
COMMENT ON COLUMN public.workflow_templates.archived IS 'True: no longer used for new tenants.';
COMMENT ON COLUMN public.workflow_templates.created_by IS 'Staff user who created it.';
COMMENT ON COLUMN public.workflow_templates.created_at IS 'When it was created.';
COMMENT ON COLUMN public.workflow_templates.updated_at IS 'When it last changed.';

ALTER TABLE ONLY public.workflow_templates
    ADD CONSTRAINT workflow_templates_code_key UNIQUE (code);

ALTER TABLE ONLY public.workflow_templates
    ADD CONSTRAINT workflow_templates_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.workflow_templates
    ADD CONSTRAINT workflow_templates_service_category_key UNIQUE (service_category);

CREATE INDEX workflow_templates_created_by_idx ON public.workflow_templates USING btree (created_by);

ALTER TABLE ONLY public.workflow_templates
    ADD CONSTRAINT workflow_templates_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE public.workflow_templates ENABLE ROW LEVEL SECURITY;

create policy "workflow staff and tenant users read templates" on public.workflow_templates for select to authenticated
  using (EXISTS ( SELECT
   FROM private.my_tenant_ids() my_tenant_ids(my_tenant_ids)));

create policy "HQ: workflow staff and tenant users read templates" on public.workflow_templates for select to hq_staff
  using (( SELECT private.has_permission('workflows.read'::text) AS has_permission) or EXISTS ( SELECT
   FROM private.impersonated_tenant_ids(false) impersonated_tenant_ids(impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.workflow_templates FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.workflow_templates TO authenticated;
GRANT ALL ON TABLE public.workflow_templates TO service_role;
