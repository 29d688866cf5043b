CREATE FUNCTION private.tenant_settings_audit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  new.updated_at := now();
  perform audit.record('tenant_settings.update', 'tenant_settings', new.tenant_id::text,
                       old.settings, new.settings, new.tenant_id);
  return new;
end
$$;

CREATE TABLE public.tenant_settings (
    tenant_id uuid NOT NULL,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_settings_settings_check CHECK ((jsonb_typeof(settings) = 'object'::text))
);

COMMENT ON TABLE public.tenant_settings IS 'A tenant''s settings document (one row per tenant), from the defaults at provisioning; owners and admins (or a full impersonation) edit it.';
COMMENT ON COLUMN public.tenant_settings.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.tenant_settings.settings IS 'The settings (a JSON object).';
COMMENT ON COLUMN public.tenant_settings.updated_at IS 'When they last changed.';

ALTER TABLE ONLY public.tenant_settings
    ADD CONSTRAINT tenant_settings_pkey PRIMARY KEY (tenant_id);

CREATE TRIGGER tenant_settings_audit BEFORE UPDATE ON public.tenant_settings FOR EACH ROW WHEN ((old.settings IS DISTINCT FROM new.settings)) EXECUTE FUNCTION private.tenant_settings_audit();

ALTER TABLE ONLY public.tenant_settings
    ADD CONSTRAINT tenant_settings_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.tenant_settings ENABLE ROW LEVEL SECURITY;

create policy "tenant settings readers" on public.tenant_settings for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant settings readers" on public.tenant_settings for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

create policy "tenant settings writers" on public.tenant_settings for update to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())))
  with check (tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids_with_role(ARRAY['owner'::text, 'admin'::text]) AS my_tenant_ids_with_role)));

create policy "HQ: tenant settings writers" on public.tenant_settings for update to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))
  with check (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(true) AS impersonated_tenant_ids)));

REVOKE ALL ON FUNCTION private.tenant_settings_audit() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_settings_audit() FROM PUBLIC;

REVOKE ALL ON TABLE public.tenant_settings FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_settings TO authenticated;
GRANT ALL ON TABLE public.tenant_settings TO service_role;

GRANT UPDATE(settings) ON TABLE public.tenant_settings TO authenticated;
