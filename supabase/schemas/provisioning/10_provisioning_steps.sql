CREATE TABLE public.provisioning_steps (
    code text NOT NULL,
    name jsonb NOT NULL,
    description jsonb DEFAULT '{}'::jsonb NOT NULL,
    sort_order integer NOT NULL,
    handler text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    CONSTRAINT provisioning_steps_code_check CHECK ((code ~ '^[a-z][a-z0-9_]*$'::text)),
    CONSTRAINT provisioning_steps_name_check CHECK ((name ? 'en'::text)),
    CONSTRAINT provisioning_steps_version_check CHECK ((version >= 1))
);

COMMENT ON TABLE public.provisioning_steps IS 'The steps that set up a new tenant, in order (settings, workflows, plan…), each run by a handler function; a new version re-runs a step. Code-owned reference data.';
COMMENT ON COLUMN public.provisioning_steps.code IS 'Step code.';
COMMENT ON COLUMN public.provisioning_steps.name IS 'Display name by language; English required.';
COMMENT ON COLUMN public.provisioning_steps.description IS 'Description by language.';
COMMENT ON COLUMN public.provisioning_steps.sort_order IS 'Order in which steps run.';
COMMENT ON COLUMN public.provisioning_steps.handler IS 'The private function that performs the step.';
COMMENT ON COLUMN public.provisioning_steps.version IS 'Version of the step (>= 1); tenants provisioned with an older version can be brought up to date.';
COMMENT ON COLUMN public.provisioning_steps.enabled IS 'False: the step is skipped.';

ALTER TABLE ONLY public.provisioning_steps
    ADD CONSTRAINT provisioning_steps_pkey PRIMARY KEY (code);

ALTER TABLE public.provisioning_steps ENABLE ROW LEVEL SECURITY;

create policy "staff read provisioning steps" on public.provisioning_steps for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.provisioning_steps FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.provisioning_steps TO authenticated;
GRANT ALL ON TABLE public.provisioning_steps TO service_role;

INSERT INTO public.provisioning_steps (code, name, description, sort_order, handler, version, enabled) VALUES
	('default_settings', '{"ar": "الإعدادات الافتراضية", "en": "Default settings"}', '{"en": "Order numbering, receipts, working hours and notifications"}', 10, 'private.provision_default_settings', 1, true),
	('entitlements', '{"ar": "الخطة والصلاحيات", "en": "Plan and entitlements"}', '{"en": "Attaches the default plan and builds the effective entitlement set"}', 5, 'private.provision_entitlements', 1, true),
	('workflows', '{"ar": "سير عمل الطلبات", "en": "Order workflows"}', '{"en": "The current published workflow templates, one per service category"}', 20, 'private.provision_workflows', 1, true);
