CREATE FUNCTION private.ensure_billing_profile(tenant_id uuid) RETURNS public.billing_profiles
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.billing_profiles;
begin
  select * into p from public.billing_profiles b where b.tenant_id = ensure_billing_profile.tenant_id;
  if p.tenant_id is null then
    insert into public.billing_profiles (tenant_id) values (ensure_billing_profile.tenant_id)
    on conflict on constraint billing_profiles_pkey do nothing;
    select * into p from public.billing_profiles b where b.tenant_id = ensure_billing_profile.tenant_id;
  end if;
  return p;
end
$$;

REVOKE ALL ON FUNCTION private.ensure_billing_profile(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.ensure_billing_profile(tenant_id uuid) FROM PUBLIC;
