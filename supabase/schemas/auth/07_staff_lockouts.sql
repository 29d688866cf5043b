-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.staff_lockouts, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.staff_lockouts() RETURNS TABLE(user_id uuid, locked_until timestamp with time zone, reason text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.staff_lockouts() $$;

CREATE FUNCTION private.staff_lockouts() RETURNS TABLE(user_id uuid, locked_until timestamp with time zone, reason text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select t.user_id, max(t.blocked_until), string_agg(t.reason, '; ' order by t.blocked_until desc)
  from private.auth_throttle t
  where t.blocked_until > clock_timestamp() and private.has_permission('staff.read')
    and exists (select from public.platform_staff s where s.user_id = t.user_id)
  group by t.user_id
$$;

REVOKE ALL ON FUNCTION public.staff_lockouts() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.staff_lockouts() FROM PUBLIC;
GRANT ALL ON FUNCTION public.staff_lockouts() TO authenticated;
GRANT ALL ON FUNCTION public.staff_lockouts() TO service_role;

COMMENT ON FUNCTION public.staff_lockouts() IS 'Staff currently locked out, per account and sign-in source, with when each lock ends (staff.manage).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.staff_lockouts() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.staff_lockouts() FROM PUBLIC;
GRANT ALL ON FUNCTION private.staff_lockouts() TO authenticated;
GRANT ALL ON FUNCTION private.staff_lockouts() TO service_role;
