-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.activate_my_staff_account, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.activate_my_staff_account() RETURNS text
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.activate_my_staff_account() $$;

CREATE FUNCTION private.activate_my_staff_account() RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  old_row public.platform_staff;
  new_row public.platform_staff;
  session_factor uuid;
begin
  select * into old_row from public.platform_staff s where s.user_id = auth.uid() for update;
  if old_row.user_id is null then
    perform private.fail('auth.not_staff', 'only HQ staff may do this');
  end if;
  if exists (select from public.tenant_members m where m.user_id = old_row.user_id) then
    perform private.fail('staff.tenant_account', 'a tenant account cannot become HQ staff');
  end if;
  if old_row.status = 'disabled' then
    perform private.fail('staff.disabled', 'your HQ account is disabled');
  end if;
  if not private.is_mfa_session() then
    perform private.fail('auth.mfa_required', 'HQ requires a multi-factor (aal2) session',
      'enrol and verify an authenticator first');
  end if;
  if old_row.status = 'invited' then
    if not exists (select from private.password_changes p where p.user_id = old_row.user_id and p.changed_at >= old_row.invited_at) then
      perform private.fail('staff.invitation_incomplete', 'set a new password through your invitation link first');
    end if;
    select s.factor_id into session_factor from auth.sessions s
    where s.id = nullif(auth.jwt() ->> 'session_id', '')::uuid and s.user_id = old_row.user_id;
    if not exists (select from auth.mfa_factors f where f.id = session_factor and f.user_id = old_row.user_id
                   and f.status = 'verified' and f.created_at >= old_row.invited_at) then
      perform private.fail('staff.invitation_incomplete', 'verify with an authenticator enrolled after your invitation',
        'a factor from before the invitation does not count: enrol a new one');
    end if;
    update public.platform_staff s set status = 'active', updated_at = now() where s.user_id = auth.uid() returning * into new_row;
    perform audit.record('staff.activate', 'staff', auth.uid()::text, private.staff_json(old_row), private.staff_json(new_row));
  end if;
  return 'active';
end
$$;

REVOKE ALL ON FUNCTION public.activate_my_staff_account() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.activate_my_staff_account() FROM PUBLIC;
GRANT ALL ON FUNCTION public.activate_my_staff_account() TO authenticated;
GRANT ALL ON FUNCTION public.activate_my_staff_account() TO service_role;

COMMENT ON FUNCTION public.activate_my_staff_account() IS 'Completes the caller''s invitation: refused to tenant members; needs a password and a TOTP factor set after the invitation, at aal2.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.activate_my_staff_account() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.activate_my_staff_account() FROM PUBLIC;
GRANT ALL ON FUNCTION private.activate_my_staff_account() TO authenticated;
GRANT ALL ON FUNCTION private.activate_my_staff_account() TO service_role;
