-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.change_staff_role, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.change_staff_role(user_id uuid, role text, reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.change_staff_role(user_id, role, reason) $$;

CREATE FUNCTION private.change_staff_role(user_id uuid, role text, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  if coalesce(trim(reason), '') = '' then
    perform private.fail('staff.reason_required', 'a reason is required', 'say why the role changes');
  end if;
  old_row := private.lock_staff_row(change_staff_role.user_id);
  if not exists (select from public.platform_roles where code = change_staff_role.role) then
    perform private.fail('staff.unknown_role', format('unknown role %L', change_staff_role.role),
      (select 'roles: ' || string_agg(code, ', ' order by sort_order) from public.platform_roles));
  end if;
  if old_row.role_code = change_staff_role.role then
    return;
  end if;
  if old_row.role_code = 'super_admin' then
    perform private.assert_not_last_super_admin(old_row.user_id);
  end if;
  update public.platform_staff s set role_code = change_staff_role.role, updated_at = now()
  where s.user_id = change_staff_role.user_id returning * into new_row;
  perform audit.record('staff.change_role', 'staff', user_id::text, private.staff_json(old_row), private.staff_json(new_row),
                       null, reason);
end
$$;

REVOKE ALL ON FUNCTION public.change_staff_role(user_id uuid, role text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.change_staff_role(user_id uuid, role text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.change_staff_role(user_id uuid, role text, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.change_staff_role(user_id uuid, role text, reason text) TO service_role;

COMMENT ON FUNCTION public.change_staff_role(user_id uuid, role text, reason text) IS 'Gives a staff member another role; never demotes the last super admin (staff.manage, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.change_staff_role(user_id uuid, role text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.change_staff_role(user_id uuid, role text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.change_staff_role(user_id uuid, role text, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.change_staff_role(user_id uuid, role text, reason text) TO service_role;
