CREATE FUNCTION private.order_for_fact(order_id uuid, what text) RETURNS public.orders
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
  v_role text;
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    raise exception using errcode = 'PT401', message = 'sign in first', detail = 'auth.not_signed_in', hint = 'send a valid access token';
  end if;
  select * into o from public.orders x
  where x.id = order_for_fact.order_id
    and (private.is_trusted_caller()
         or x.tenant_id in (select private.my_tenant_ids())
         or x.tenant_id in (select private.impersonated_tenant_ids(false)))
  for update;
  if o.id is null then
    raise exception using errcode = 'PT404', message = 'no such order', detail = 'workflow.order_not_found', hint = 'check the order id';
  end if;
  v_role := private.order_actor_role(o.tenant_id);
  if v_role is null then
    raise exception using errcode = 'PT403', message = format('a read-only impersonation cannot record %s', what),
      detail = 'workflow.read_only', hint = 'start a full impersonation';
  end if;
  if v_role not in ('owner', 'admin', 'operator') then
    raise exception using errcode = 'PT403', message = format('a tenant %s may not record %s', v_role, what),
      detail = 'workflow.role_not_allowed', hint = 'allowed roles: owner, admin, operator';
  end if;
  return o;
end
$$;

REVOKE ALL ON FUNCTION private.order_for_fact(order_id uuid, what text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.order_for_fact(order_id uuid, what text) FROM PUBLIC;
