CREATE FUNCTION private.current_impersonation_id(tenant_id uuid) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  active public.impersonations;
begin
  if auth.uid() is null then
    return null;
  end if;
  active := private.active_impersonation();
  if active.id is not null and (current_impersonation_id.tenant_id is null or active.tenant_id = current_impersonation_id.tenant_id) then
    return active.id;
  end if;
  return null;
end
$$;

REVOKE ALL ON FUNCTION private.current_impersonation_id(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.current_impersonation_id(tenant_id uuid) FROM PUBLIC;
