CREATE FUNCTION private.billing_tenant(tenant_id uuid, for_update boolean DEFAULT false) RETURNS public.tenants
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
begin
  if for_update then
    select * into t from public.tenants x where x.id = billing_tenant.tenant_id for update;
  else
    select * into t from public.tenants x where x.id = billing_tenant.tenant_id;
  end if;
  if t.id is null then
    perform private.fail('billing.tenant_not_found', 'no such tenant');
  end if;
  return t;
end
$$;

REVOKE ALL ON FUNCTION private.billing_tenant(tenant_id uuid, for_update boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.billing_tenant(tenant_id uuid, for_update boolean) FROM PUBLIC;
