CREATE FUNCTION private.payment_method_for_change(method_id uuid) RETURNS public.payment_methods
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  m public.payment_methods;
  v_staff boolean := private.is_trusted_caller() or private.has_permission('billing.write');
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    perform private.fail('billing.not_signed_in', 'sign in first');
  end if;
  if not v_staff and not exists (select from private.my_tenant_ids_with_role(array['owner', 'admin'])) then
    perform private.fail('billing.forbidden', 'only the tenant''s owner or admin, or billing staff, may change its payment methods',
      'sign in as the tenant owner');
  end if;
  select * into m from public.payment_methods x
  where x.id = payment_method_for_change.method_id
    and (v_staff or x.tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin'])))
  for update;
  if m.id is null then
    perform private.fail('billing.payment_method_not_found', 'no such payment method');
  end if;
  -- one default per tenant: serialise with the apply job's saves
  perform pg_advisory_xact_lock(hashtext('billing.payment_methods:' || m.tenant_id::text));
  return m;
end
$$;

REVOKE ALL ON FUNCTION private.payment_method_for_change(method_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.payment_method_for_change(method_id uuid) FROM PUBLIC;
