CREATE FUNCTION private.dunning_placed_tenant_status(tenant_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return coalesce((select h.action in ('enter_grace', 'suspend') and coalesce(h.reason, '') like 'dunning:%'
                   from public.tenant_status_history h
                   where h.tenant_id = dunning_placed_tenant_status.tenant_id
                   order by h.id desc limit 1), false);
end
$$;

REVOKE ALL ON FUNCTION private.dunning_placed_tenant_status(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_placed_tenant_status(tenant_id uuid) FROM PUBLIC;
