-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.unlock_staff, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.unlock_staff(user_id uuid, reason text) RETURNS boolean
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.unlock_staff(user_id, reason) $$;

CREATE FUNCTION private.unlock_staff(user_id uuid, reason text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  was_locked boolean;
begin
  perform private.assert_permission('staff.manage');
  if coalesce(trim(reason), '') = '' then
    perform private.fail('staff.reason_required', 'a reason is required');
  end if;
  with lifted as (
    delete from private.auth_throttle t
    where t.user_id = unlock_staff.user_id and exists (select from public.platform_staff s where s.user_id = t.user_id)
    returning t.blocked_until
  )
  select coalesce(bool_or(l.blocked_until > clock_timestamp()), false) into was_locked from lifted l;
  perform audit.record('staff.unlock', 'staff', user_id::text, null, jsonb_build_object('was_locked', was_locked), null, reason);
  return was_locked;
end
$$;

REVOKE ALL ON FUNCTION public.unlock_staff(user_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.unlock_staff(user_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.unlock_staff(user_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.unlock_staff(user_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.unlock_staff(user_id uuid, reason text) IS 'Lifts every lock-out of a staff member, from every source (staff.manage, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.unlock_staff(user_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.unlock_staff(user_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.unlock_staff(user_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.unlock_staff(user_id uuid, reason text) TO service_role;
