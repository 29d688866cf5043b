-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.tenant_billing_fields_editable, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.tenant_billing_fields_editable(tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.tenant_billing_fields_editable(tenant_id) $$;

CREATE FUNCTION private.tenant_billing_fields_editable(tenant_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- the same answer for a tenant that does not exist and one the caller may not see
  if not private.can_read_tenant(tenant_id)
     or not exists (select from public.tenants t where t.id = tenant_billing_fields_editable.tenant_id) then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  return private.has_permission('tenants.write') and not private.tenant_billed(tenant_id);
end
$$;

REVOKE ALL ON FUNCTION public.tenant_billing_fields_editable(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.tenant_billing_fields_editable(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenant_billing_fields_editable(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.tenant_billing_fields_editable(tenant_id uuid) TO service_role;

COMMENT ON FUNCTION public.tenant_billing_fields_editable(tenant_id uuid) IS 'true while the caller may change the tenant''s country, region and currency (HQ tenants.write, never billed)';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.tenant_billing_fields_editable(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_billing_fields_editable(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_billing_fields_editable(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.tenant_billing_fields_editable(tenant_id uuid) TO service_role;
