CREATE FUNCTION private.assert_not_last_super_admin(leaving uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if exists (select from public.platform_staff where user_id = leaving and role_code = 'super_admin' and status = 'active')
     and (select count(*) from public.platform_staff where role_code = 'super_admin' and status = 'active') <= 1 then
    perform private.fail('staff.last_super_admin', 'the last active super admin cannot be removed');
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_not_last_super_admin(leaving uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_not_last_super_admin(leaving uuid) FROM PUBLIC;
