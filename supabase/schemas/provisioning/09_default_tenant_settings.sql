CREATE TABLE public.default_tenant_settings (
    id boolean DEFAULT true NOT NULL,
    settings jsonb NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    CONSTRAINT default_tenant_settings_id_check CHECK (id),
    CONSTRAINT default_tenant_settings_settings_check CHECK ((jsonb_typeof(settings) = 'object'::text))
);

COMMENT ON TABLE public.default_tenant_settings IS 'The settings a new tenant starts with (one row), copied into tenant_settings by the provisioning step; edited by HQ, read by tenants.read staff.';
COMMENT ON COLUMN public.default_tenant_settings.id IS 'Always true: the table holds exactly one row.';
COMMENT ON COLUMN public.default_tenant_settings.settings IS 'The default settings document (a JSON object).';
COMMENT ON COLUMN public.default_tenant_settings.version IS 'Incremented on each change, so provisioning records which defaults a tenant received.';

ALTER TABLE ONLY public.default_tenant_settings
    ADD CONSTRAINT default_tenant_settings_pkey PRIMARY KEY (id);

ALTER TABLE public.default_tenant_settings ENABLE ROW LEVEL SECURITY;

create policy "staff read default settings" on public.default_tenant_settings for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.default_tenant_settings FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.default_tenant_settings TO authenticated;
GRANT ALL ON TABLE public.default_tenant_settings TO service_role;
