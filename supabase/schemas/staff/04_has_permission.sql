CREATE FUNCTION private.has_permission(permission text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return private.is_mfa_session() and exists (
    select from public.platform_staff s
    join public.role_permissions rp on rp.role_code = s.role_code
    where s.user_id = auth.uid() and s.status = 'active' and rp.permission_code = has_permission.permission);
end
$$;

REVOKE ALL ON FUNCTION private.has_permission(permission text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.has_permission(permission text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.has_permission(permission text) TO authenticated;
GRANT ALL ON FUNCTION private.has_permission(permission text) TO service_role;
