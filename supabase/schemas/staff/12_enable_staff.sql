CREATE FUNCTION public.enable_staff(user_id uuid, reason text) RETURNS void
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
