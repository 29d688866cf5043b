CREATE FUNCTION private.assert_permission(permission text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if private.is_trusted_caller() then
    return;
  end if;
  if auth.uid() is null then
    raise exception using errcode = 'PT401', message = 'sign in first',
      detail = 'auth.not_signed_in', hint = 'send a valid access token';
  end if;
  if private.current_staff_role() is null then
    raise exception using errcode = 'PT403', message = 'only active HQ staff may do this',
      detail = 'auth.not_staff', hint = format('requires %s', permission);
  end if;
  if not private.is_mfa_session() then
    raise exception using errcode = 'PT403', message = 'HQ requires a multi-factor (aal2) session',
      detail = 'auth.mfa_required', hint = 'verify your authenticator code and retry';
  end if;
  if not private.has_permission(permission) then
    raise exception using errcode = 'PT403', message = format('your role may not do this (needs %s)', permission),
      detail = 'auth.permission_denied', hint = format('ask a super admin for %s', permission);
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_permission(permission text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_permission(permission text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.assert_permission(permission text) TO authenticated;
GRANT ALL ON FUNCTION private.assert_permission(permission text) TO service_role;
