CREATE FUNCTION private.sync_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if quantity = 0 then
    delete from public.tenant_add_ons a where a.tenant_id = sync_tenant_add_on.tenant_id and a.add_on_code = sync_tenant_add_on.add_on_code;
  else
    insert into public.tenant_add_ons as a (tenant_id, add_on_code, quantity, started_at)
    values (sync_tenant_add_on.tenant_id, sync_tenant_add_on.add_on_code, sync_tenant_add_on.quantity, private.now())
    on conflict on constraint tenant_add_ons_pkey do update set quantity = excluded.quantity, expires_at = null;
  end if;
  perform private.refresh_entitlements(sync_tenant_add_on.tenant_id, 'billing.add_on');
end
$$;

REVOKE ALL ON FUNCTION private.sync_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.sync_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer) FROM PUBLIC;
