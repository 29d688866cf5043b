CREATE FUNCTION private.assert_entitlement_reader(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if private.is_trusted_caller() or private.can_read_tenant(tenant_id) or private.has_permission('plans.read') then
    return;
  end if;
  if auth.uid() is null then
    raise exception using errcode = 'PT401', message = 'sign in first', detail = 'auth.not_signed_in', hint = 'send a valid access token';
  end if;
  raise exception using errcode = 'PT403', message = 'this tenant is not yours to see', detail = 'tenant.forbidden',
    hint = 'ask the tenant owner or HQ for access';
end
$$;

REVOKE ALL ON FUNCTION private.assert_entitlement_reader(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_entitlement_reader(tenant_id uuid) FROM PUBLIC;
