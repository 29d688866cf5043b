CREATE FUNCTION private.tenants_audit_profile_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_image jsonb := to_jsonb(old) - 'updated_at';
  after_image jsonb := to_jsonb(new) - 'updated_at';
begin
  -- Lifecycle columns change through transition_tenant, which writes its own entry.
  if (before_image - 'status' - 'status_changed_at' - 'trial_ends_at')
     is distinct from (after_image - 'status' - 'status_changed_at' - 'trial_ends_at') then
    perform audit.record('tenant.update', 'tenant', new.id::text, before_image, after_image, new.id);
  end if;
  return null;
end
$$;

CREATE FUNCTION private.tenants_refresh_entitlements() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.refresh_entitlements(new.id, 'status.' || new.status);
  return null;
end
$$;

CREATE FUNCTION private.tenants_validate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if tg_op = 'UPDATE' and (new.country, new.region, new.currency) is distinct from (old.country, old.region, old.currency) then
    -- a request (signed-in user) needs HQ's tenants.write; tenant owners keep the rest of the profile
    if auth.uid() is not null and not private.has_permission('tenants.write') then
      perform private.fail('tenant.billing_fields_staff_only', 'only HQ staff may change a tenant''s country, region or currency');
    end if;
    if private.tenant_billed(old.id) then
      perform private.fail('tenant.billing_fields_locked', 'the tenant has been billed: its country, region and currency are fixed');
    end if;
  end if;
  perform private.assert_valid_tenant(new);
  new.updated_at := now();
  return new;
end
$$;

CREATE TABLE public.tenants (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    slug text NOT NULL,
    name jsonb NOT NULL,
    legal_name text,
    country text NOT NULL,
    region text NOT NULL,
    timezone text NOT NULL,
    currency text NOT NULL,
    default_locale text DEFAULT 'ar'::text NOT NULL,
    branding jsonb DEFAULT '{}'::jsonb NOT NULL,
    contact jsonb DEFAULT '{}'::jsonb NOT NULL,
    custom_fields jsonb DEFAULT '{}'::jsonb NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    status_changed_at timestamp with time zone DEFAULT now() NOT NULL,
    trial_ends_at timestamp with time zone,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenants_branding_check CHECK ((jsonb_typeof(branding) = 'object'::text)),
    CONSTRAINT tenants_contact_check CHECK ((jsonb_typeof(contact) = 'object'::text)),
    CONSTRAINT tenants_country_check CHECK ((country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT tenants_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT tenants_custom_fields_check CHECK ((jsonb_typeof(custom_fields) = 'object'::text)),
    CONSTRAINT tenants_default_locale_check CHECK ((default_locale = ANY (ARRAY['ar'::text, 'en'::text]))),
    CONSTRAINT tenants_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text))),
    CONSTRAINT tenants_region_check CHECK ((region = ANY (ARRAY['GCC-OM'::text, 'GCC-SA'::text, 'GCC-AE'::text, 'GCC-BH'::text, 'GCC-KW'::text, 'GCC-QA'::text, 'EU'::text]))),
    CONSTRAINT tenants_slug_check CHECK ((slug ~ '^[a-z0-9]([a-z0-9-]{1,46}[a-z0-9])$'::text)),
    CONSTRAINT tenants_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'pending_approval'::text, 'approved'::text, 'trial'::text, 'active'::text, 'grace'::text, 'suspended'::text, 'frozen'::text, 'archived'::text, 'churned'::text])))
);

COMMENT ON TABLE public.tenants IS 'The laundry businesses using CleanMateX: identity, location, locale, branding and lifecycle status. Created by public.create_tenant (tenants.write), moved through the status machine; seen by their members, tenants.read staff and impersonators.';
COMMENT ON COLUMN public.tenants.id IS 'Identifier of the tenant.';
COMMENT ON COLUMN public.tenants.slug IS 'URL name: 3-48 lower-case letters, digits and dashes (unique).';
COMMENT ON COLUMN public.tenants.name IS 'Trading name by language; English required.';
COMMENT ON COLUMN public.tenants.legal_name IS 'Registered legal name.';
COMMENT ON COLUMN public.tenants.country IS 'ISO 3166 alpha-2 country (countries).';
COMMENT ON COLUMN public.tenants.region IS 'Data region the tenant lives in (regions).';
COMMENT ON COLUMN public.tenants.timezone IS 'IANA timezone of the business; billing dates and the calendar use it.';
COMMENT ON COLUMN public.tenants.currency IS 'ISO 4217 currency the tenant is billed in.';
COMMENT ON COLUMN public.tenants.default_locale IS 'Language of the tenant apps: ar or en.';
COMMENT ON COLUMN public.tenants.branding IS 'Logo, colours and other branding (JSON object).';
COMMENT ON COLUMN public.tenants.contact IS 'Contact person, e-mail and phone (JSON object).';
COMMENT ON COLUMN public.tenants.custom_fields IS 'HQ-defined extra fields, valid against tenant_custom_field_schema.';
COMMENT ON COLUMN public.tenants.status IS 'draft, pending_approval, approved, trial, active, grace, suspended, frozen, archived or churned (see tenant_lifecycle_transitions).';
COMMENT ON COLUMN public.tenants.status_changed_at IS 'When status last changed.';
COMMENT ON COLUMN public.tenants.trial_ends_at IS 'When the trial ends; null outside a trial.';
COMMENT ON COLUMN public.tenants.created_by IS 'Staff user who created it.';
COMMENT ON COLUMN public.tenants.created_at IS 'When it was created.';
COMMENT ON COLUMN public.tenants.updated_at IS 'When it last changed.';

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_slug_key UNIQUE (slug);

CREATE INDEX tenants_country_idx ON public.tenants USING btree (country);

CREATE INDEX tenants_created_by_idx ON public.tenants USING btree (created_by);

CREATE INDEX tenants_name_en_idx ON public.tenants USING btree (lower((name ->> 'en'::text)));

CREATE INDEX tenants_region_idx ON public.tenants USING btree (region);

CREATE INDEX tenants_status_idx ON public.tenants USING btree (status);

CREATE TRIGGER tenants_audit_profile_update AFTER UPDATE ON public.tenants FOR EACH ROW EXECUTE FUNCTION private.tenants_audit_profile_update();

CREATE TRIGGER tenants_refresh_entitlements AFTER UPDATE OF status ON public.tenants FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION private.tenants_refresh_entitlements();

CREATE TRIGGER tenants_validate BEFORE INSERT OR UPDATE ON public.tenants FOR EACH ROW EXECUTE FUNCTION private.tenants_validate();

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_country_fkey FOREIGN KEY (country) REFERENCES public.countries(code);

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_default_locale_fkey FOREIGN KEY (default_locale) REFERENCES public.locales(code);

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_region_fkey FOREIGN KEY (region) REFERENCES public.regions(code);

-- Covers the foreign key on default_locale (referential checks on the referenced row's update or delete).
CREATE INDEX tenants_default_locale_idx ON public.tenants USING btree (default_locale);

ALTER TABLE public.tenants ENABLE ROW LEVEL SECURITY;

create policy "tenant profile writers" on public.tenants for update to authenticated
  using (id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids)))
  with check (id = ANY (ARRAY( SELECT private.my_tenant_ids_with_role(ARRAY['owner'::text, 'admin'::text]) AS my_tenant_ids_with_role)));

create policy "HQ: tenant profile writers" on public.tenants for update to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission) or id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))
  with check (( SELECT private.has_permission('tenants.write'::text) AS has_permission) or id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(true) AS impersonated_tenant_ids)));

create policy "tenants readable by staff, members and impersonators" on public.tenants for select to authenticated
  using (id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids)));

create policy "HQ: tenants readable by staff, members and impersonators" on public.tenants for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission) or id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.tenants FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenants TO authenticated;
GRANT ALL ON TABLE public.tenants TO service_role;

GRANT UPDATE(name) ON TABLE public.tenants TO authenticated;

GRANT UPDATE(legal_name) ON TABLE public.tenants TO authenticated;

GRANT UPDATE(country) ON TABLE public.tenants TO authenticated;

GRANT UPDATE(region) ON TABLE public.tenants TO authenticated;

GRANT UPDATE(timezone) ON TABLE public.tenants TO authenticated;

GRANT UPDATE(currency) ON TABLE public.tenants TO authenticated;

GRANT UPDATE(default_locale) ON TABLE public.tenants TO authenticated;

GRANT UPDATE(branding) ON TABLE public.tenants TO authenticated;

GRANT UPDATE(contact) ON TABLE public.tenants TO authenticated;

GRANT UPDATE(custom_fields) ON TABLE public.tenants TO authenticated;

REVOKE ALL ON FUNCTION private.tenants_audit_profile_update() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenants_audit_profile_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.tenants_refresh_entitlements() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenants_refresh_entitlements() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.tenants_validate() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenants_validate() FROM PUBLIC;
