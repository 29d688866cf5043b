CREATE FUNCTION private.dunning_hold_tenant(c public.dunning_cases, target text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_status text;
  v_reason text := format('dunning: invoice %s unpaid', (select i.number from public.invoices i where i.id = c.invoice_id));
  v_shared boolean;
begin
  select t.status into v_status from public.tenants t where t.id = c.tenant_id;
  v_shared := c.held_tenant or exists (select from public.dunning_cases x where x.tenant_id = c.tenant_id and x.held_tenant and x.id <> c.id);
  if v_status in ('trial', 'active') then
    perform private.transition_tenant(c.tenant_id, 'enter_grace', v_reason);
    v_status := 'grace';
    v_shared := true;
  end if;
  if not v_shared then
    return false;  -- the tenant is where someone else put it: leave it
  end if;
  if dunning_hold_tenant.target = 'suspended' and v_status = 'grace' then
    perform private.transition_tenant(c.tenant_id, 'suspend', v_reason);
  end if;
  return true;
end
$$;

REVOKE ALL ON FUNCTION private.dunning_hold_tenant(c public.dunning_cases, target text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_hold_tenant(c public.dunning_cases, target text) FROM PUBLIC;
