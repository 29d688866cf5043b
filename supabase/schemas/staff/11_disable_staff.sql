-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.disable_staff, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.disable_staff(user_id uuid, reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.disable_staff(user_id, reason) $$;

CREATE FUNCTION private.disable_staff(user_id uuid, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  if coalesce(trim(reason), '') = '' then
    perform private.fail('staff.reason_required', 'a reason is required', 'say why the member is disabled');
  end if;
  old_row := private.lock_staff_row(disable_staff.user_id);
  if old_row.status = 'disabled' then
    return;
  end if;
  perform private.assert_not_last_super_admin(old_row.user_id);
  update public.platform_staff s set status = 'disabled', disabled_at = now(), disabled_reason = reason, updated_at = now()
  where s.user_id = disable_staff.user_id returning * into new_row;
  delete from auth.sessions s where s.user_id = disable_staff.user_id;
  perform audit.record('staff.disable', 'staff', user_id::text, private.staff_json(old_row), private.staff_json(new_row),
                       null, reason);
end
$$;

REVOKE ALL ON FUNCTION public.disable_staff(user_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.disable_staff(user_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.disable_staff(user_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.disable_staff(user_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.disable_staff(user_id uuid, reason text) IS 'Disables a staff member: no sign-in, no permissions; never the last super admin (staff.manage, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.disable_staff(user_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.disable_staff(user_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.disable_staff(user_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.disable_staff(user_id uuid, reason text) TO service_role;
