CREATE FUNCTION private.current_staff_role() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  role_code text;
begin
  select s.role_code into role_code from public.platform_staff s where s.user_id = auth.uid() and s.status = 'active';
  return role_code;
end
$$;

REVOKE ALL ON FUNCTION private.current_staff_role() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.current_staff_role() FROM PUBLIC;
GRANT ALL ON FUNCTION private.current_staff_role() TO authenticated;
GRANT ALL ON FUNCTION private.current_staff_role() TO service_role;
