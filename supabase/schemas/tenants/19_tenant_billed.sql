CREATE FUNCTION private.tenant_billed(tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select exists (select from public.subscriptions s where s.tenant_id = tenant_billed.tenant_id)
      or exists (select from public.invoices i where i.tenant_id = tenant_billed.tenant_id)
$$;

REVOKE ALL ON FUNCTION private.tenant_billed(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_billed(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_billed(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.tenant_billed(tenant_id uuid) TO service_role;
