CREATE FUNCTION private.active_impersonation() RETURNS public.impersonations
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  active public.impersonations;
begin
  if auth.uid() is null then
    return null;
  end if;
  select i.* into active from public.impersonations i
  join public.platform_staff s on s.user_id = i.staff_id and s.status = 'active'
  where i.staff_id = auth.uid() and i.ended_at is null and i.expires_at > clock_timestamp()
    and private.is_mfa_session()
  order by i.started_at desc
  limit 1;
  return active;
end
$$;

REVOKE ALL ON FUNCTION private.active_impersonation() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.active_impersonation() FROM PUBLIC;
GRANT ALL ON FUNCTION private.active_impersonation() TO authenticated;
GRANT ALL ON FUNCTION private.active_impersonation() TO service_role;
