CREATE FUNCTION private.assert_entitlement_reader(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if private.is_trusted_caller() or private.can_read_tenant(tenant_id) or private.has_permission('plans.read') then
    return;
  end if;
  if auth.uid() is null then
    perform private.fail('auth.not_signed_in', 'sign in first');
  end if;
  perform private.fail('tenant.forbidden', 'this tenant is not yours to see');
end
$$;

REVOKE ALL ON FUNCTION private.assert_entitlement_reader(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_entitlement_reader(tenant_id uuid) FROM PUBLIC;
