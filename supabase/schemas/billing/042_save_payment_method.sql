CREATE FUNCTION private.save_payment_method(tenant_id uuid, gateway text, pm jsonb, payment_id uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before public.payment_methods;
  v_after public.payment_methods;
begin
  if pm is null or coalesce(pm ->> 'method_ref', '') = '' then
    return null;
  end if;
  -- one default per tenant: serialise saves of the same tenant
  perform pg_advisory_xact_lock(hashtext('billing.payment_methods:' || save_payment_method.tenant_id::text));
  select * into v_before from public.payment_methods m
  where m.gateway = save_payment_method.gateway and m.method_ref = pm ->> 'method_ref' for update;
  if v_before.id is not null then
    if v_before.tenant_id <> save_payment_method.tenant_id then
      return v_before.id;
    end if;
    update public.payment_methods m
    set customer_ref = coalesce(pm ->> 'customer_ref', m.customer_ref), brand = coalesce(pm ->> 'brand', m.brand),
        last4 = coalesce(pm ->> 'last4', m.last4), exp_month = coalesce((pm ->> 'exp_month')::int, m.exp_month),
        exp_year = coalesce((pm ->> 'exp_year')::int, m.exp_year), updated_at = now()
    where m.id = v_before.id
    returning * into v_after;
    if to_jsonb(v_after) - 'updated_at' is distinct from to_jsonb(v_before) - 'updated_at' then
      perform audit.record('payment_method.update', 'payment_method', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after),
        v_after.tenant_id, private.reason_code('billing.gateway_event'));
    end if;
    return v_after.id;
  end if;
  insert into public.payment_methods (tenant_id, gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year, is_default, payment_id)
  values (save_payment_method.tenant_id, save_payment_method.gateway, pm ->> 'customer_ref', pm ->> 'method_ref', pm ->> 'brand',
    pm ->> 'last4', (pm ->> 'exp_month')::int, (pm ->> 'exp_year')::int,
    not exists (select from public.payment_methods m where m.tenant_id = save_payment_method.tenant_id and m.is_default),
    save_payment_method.payment_id)
  returning * into v_after;
  perform audit.record('payment_method.save', 'payment_method', v_after.id::text, null, to_jsonb(v_after), v_after.tenant_id,
    private.reason_code('billing.saved_by_payment'));
  return v_after.id;
end
$$;

REVOKE ALL ON FUNCTION private.save_payment_method(tenant_id uuid, gateway text, pm jsonb, payment_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.save_payment_method(tenant_id uuid, gateway text, pm jsonb, payment_id uuid) FROM PUBLIC;
