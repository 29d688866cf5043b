CREATE FUNCTION private.assert_permission(permission text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if private.is_trusted_caller() then
    return;
  end if;
  if auth.uid() is null then
    perform private.fail('auth.not_signed_in', 'sign in first');
  end if;
  if private.current_staff_role() is null then
    perform private.fail('auth.not_staff', 'only active HQ staff may do this', format('requires %s', permission));
  end if;
  if not private.is_mfa_session() then
    perform private.fail('auth.mfa_required', 'HQ requires a multi-factor (aal2) session');
  end if;
  if not private.has_permission(permission) then
    perform private.fail('auth.permission_denied', format('your role may not do this (needs %s)', permission),
      format('ask a super admin for %s', permission));
  end if;
  -- maintenance pauses staff writes (every permission but the reads; settings.write stays: it switches
  -- maintenance off; impersonate.start and compliance.export only read). docs/platform.md
  if permission not like '%.read' and permission not in ('settings.write', 'impersonate.start', 'compliance.export') then
    perform private.assert_not_in_maintenance(null);
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_permission(permission text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_permission(permission text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.assert_permission(permission text) TO authenticated;
GRANT ALL ON FUNCTION private.assert_permission(permission text) TO service_role;
