CREATE FUNCTION private.my_tenant_ids_with_role(roles text[]) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return query select m.tenant_id from public.tenant_members m where m.user_id = auth.uid() and m.role = any (roles);
end
$$;

REVOKE ALL ON FUNCTION private.my_tenant_ids_with_role(roles text[]) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.my_tenant_ids_with_role(roles text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids_with_role(roles text[]) TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids_with_role(roles text[]) TO service_role;
