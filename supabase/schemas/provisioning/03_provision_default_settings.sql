CREATE FUNCTION private.provision_default_settings(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  defaults jsonb;
begin
  select * into t from public.tenants x where x.id = provision_default_settings.tenant_id;
  select d.settings || jsonb_build_object('locale', t.default_locale, 'timezone', t.timezone, 'currency', t.currency)
    into defaults from public.default_tenant_settings d;
  insert into public.tenant_settings as s (tenant_id, settings) values (t.id, defaults)
  on conflict on constraint tenant_settings_pkey do update set settings = excluded.settings || s.settings
  where (excluded.settings || s.settings) is distinct from s.settings;
end
$$;

REVOKE ALL ON FUNCTION private.provision_default_settings(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.provision_default_settings(tenant_id uuid) FROM PUBLIC;
