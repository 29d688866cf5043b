CREATE FUNCTION private.order_actor_role(tenant_id uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select case
    when private.is_trusted_caller() then 'owner'
    when tenant_id in (select private.impersonated_tenant_ids(true)) then 'admin'
    else (select m.role from public.tenant_members m where m.tenant_id = order_actor_role.tenant_id and m.user_id = auth.uid())
  end
$$;

REVOKE ALL ON FUNCTION private.order_actor_role(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.order_actor_role(tenant_id uuid) FROM PUBLIC;
