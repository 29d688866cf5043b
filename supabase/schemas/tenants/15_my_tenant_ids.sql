CREATE FUNCTION private.my_tenant_ids() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return query select m.tenant_id from public.tenant_members m where m.user_id = auth.uid();
end
$$;

REVOKE ALL ON FUNCTION private.my_tenant_ids() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.my_tenant_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids() TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids() TO service_role;
