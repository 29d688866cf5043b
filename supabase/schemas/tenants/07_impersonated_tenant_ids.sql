CREATE FUNCTION private.impersonated_tenant_ids(writable boolean) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  active public.impersonations := private.active_impersonation();
begin
  if active.id is not null and (not writable or active.mode = 'full') then
    return next active.tenant_id;
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.impersonated_tenant_ids(writable boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.impersonated_tenant_ids(writable boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION private.impersonated_tenant_ids(writable boolean) TO authenticated;
GRANT ALL ON FUNCTION private.impersonated_tenant_ids(writable boolean) TO service_role;
