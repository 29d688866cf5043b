-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.enable_staff, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.enable_staff(user_id uuid, reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.enable_staff(user_id, reason) $$;

CREATE FUNCTION private.enable_staff(user_id uuid, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  old_row := private.lock_staff_row(enable_staff.user_id);
  if old_row.status <> 'disabled' then
    return;
  end if;
  update public.platform_staff s set status = 'invited', disabled_at = null, disabled_reason = null, updated_at = now()
  where s.user_id = enable_staff.user_id returning * into new_row;
  perform audit.record('staff.enable', 'staff', user_id::text, private.staff_json(old_row), private.staff_json(new_row),
                       null, reason);
end
$$;

REVOKE ALL ON FUNCTION public.enable_staff(user_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.enable_staff(user_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.enable_staff(user_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.enable_staff(user_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.enable_staff(user_id uuid, reason text) IS 'Re-enables a disabled staff member (staff.manage, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.enable_staff(user_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.enable_staff(user_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.enable_staff(user_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.enable_staff(user_id uuid, reason text) TO service_role;
