CREATE FUNCTION private.after_tenant_status_change(t public.tenants, from_status text, action text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if t.status in ('trial', 'active') then
    perform private.enqueue_provisioning(t.id,
      action || ':' || (select max(h.id) from public.tenant_status_history h where h.tenant_id = t.id));
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.after_tenant_status_change(t public.tenants, from_status text, action text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.after_tenant_status_change(t public.tenants, from_status text, action text) FROM PUBLIC;
