CREATE FUNCTION private.order_for_fact(order_id uuid, what text) RETURNS public.orders
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
  v_role text;
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    perform private.fail('auth.not_signed_in', 'sign in first');
  end if;
  select * into o from public.orders x
  where x.id = order_for_fact.order_id
    and (private.is_trusted_caller()
         or x.tenant_id in (select private.my_tenant_ids())
         or x.tenant_id in (select private.impersonated_tenant_ids(false)))
  for update;
  if o.id is null then
    perform private.fail('workflow.order_not_found', 'no such order');
  end if;
  v_role := private.order_actor_role(o.tenant_id);
  if v_role is null then
    perform private.fail('workflow.read_only', format('a read-only impersonation cannot record %s', what));
  end if;
  if v_role not in ('owner', 'admin', 'operator') then
    perform private.fail('workflow.role_not_allowed', format('a tenant %s may not record %s', v_role, what));
  end if;
  return o;
end
$$;

REVOKE ALL ON FUNCTION private.order_for_fact(order_id uuid, what text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.order_for_fact(order_id uuid, what text) FROM PUBLIC;
