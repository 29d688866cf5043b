CREATE FUNCTION private.after_tenant_status_change(t public.tenants, from_status text, action text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  h record;
begin
  -- Each capability that reacts to a status change registered a handler (tenant_status_handlers).
  for h in
    select x.handler from private.tenant_status_handlers x
    where x.statuses is null or t.status = any (x.statuses)
    order by x.run_order, x.handler
  loop
    execute format('select %s($1, $2, $3)', h.handler) using t, from_status, action;
  end loop;
end
$$;

REVOKE ALL ON FUNCTION private.after_tenant_status_change(t public.tenants, from_status text, action text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.after_tenant_status_change(t public.tenants, from_status text, action text) FROM PUBLIC;
