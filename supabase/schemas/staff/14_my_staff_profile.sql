-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.my_staff_profile, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.my_staff_profile() RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.my_staff_profile() $$;

CREATE FUNCTION private.my_staff_profile() RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select jsonb_build_object(
    'user_id', s.user_id,
    'email', s.email,
    'display_name', s.display_name,
    'role', s.role_code,
    'status', s.status,
    'aal', coalesce(auth.jwt() ->> 'aal', 'aal1'),
    'permissions', case when s.status = 'disabled' then '[]'::jsonb else
      coalesce((select jsonb_agg(rp.permission_code order by rp.permission_code) from public.role_permissions rp
                where rp.role_code = s.role_code), '[]'::jsonb) end)
  from public.platform_staff s
  where s.user_id = auth.uid()
$$;

REVOKE ALL ON FUNCTION public.my_staff_profile() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.my_staff_profile() FROM PUBLIC;
GRANT ALL ON FUNCTION public.my_staff_profile() TO authenticated;
GRANT ALL ON FUNCTION public.my_staff_profile() TO service_role;

COMMENT ON FUNCTION public.my_staff_profile() IS 'The signed-in staff member''s profile: role, status, assurance level (aal) and permissions (none while disabled).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.my_staff_profile() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.my_staff_profile() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_staff_profile() TO authenticated;
GRANT ALL ON FUNCTION private.my_staff_profile() TO service_role;
