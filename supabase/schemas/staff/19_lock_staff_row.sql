CREATE FUNCTION private.lock_staff_row(user_id uuid) RETURNS public.platform_staff
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  member public.platform_staff;
begin
  select * into member from public.platform_staff s where s.user_id = lock_staff_row.user_id for update;
  if member.user_id is null then
    perform private.fail('staff.not_found', 'no such staff member');
  end if;
  return member;
end
$$;

REVOKE ALL ON FUNCTION private.lock_staff_row(user_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.lock_staff_row(user_id uuid) FROM PUBLIC;
