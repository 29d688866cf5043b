CREATE FUNCTION private.current_actor_role() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  uid uuid := auth.uid();
  staff_role text;
begin
  if uid is not null then
    select s.role_code into staff_role from public.platform_staff s where s.user_id = uid;
    return coalesce(staff_role, 'tenant_user');
  end if;
  return coalesce(nullif(auth.role(), ''), 'system');
end
$$;

REVOKE ALL ON FUNCTION private.current_actor_role() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.current_actor_role() FROM PUBLIC;
