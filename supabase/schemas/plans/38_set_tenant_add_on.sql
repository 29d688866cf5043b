-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_tenant_add_on, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer DEFAULT 1, reason text DEFAULT NULL::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.set_tenant_add_on(tenant_id, add_on_code, quantity, reason, expires_at) $$;

CREATE FUNCTION private.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer DEFAULT 1, reason text DEFAULT NULL::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_row public.tenant_add_ons;
begin
  perform private.assert_permission('plans.write');
  perform private.assert_tenant_exists(tenant_id);
  select * into before_row from public.tenant_add_ons a where a.tenant_id = set_tenant_add_on.tenant_id and a.add_on_code = set_tenant_add_on.add_on_code;
  if quantity is null or quantity < 0 or quantity > 1000 then
    perform private.fail('entitlements.invalid_quantity', 'quantity must be 0–1000 (0 removes the add-on)',
      format('got %s', coalesce(quantity::text, 'null')));
  end if;
  if quantity = 0 then
    delete from public.tenant_add_ons a where a.tenant_id = set_tenant_add_on.tenant_id and a.add_on_code = set_tenant_add_on.add_on_code;
  else
    if not exists (select from public.add_ons x where x.code = add_on_code and x.status = 'active') then
      perform private.fail('entitlements.unknown_add_on', format('no active add-on %s', coalesce(add_on_code, '(null)')));
    end if;
    insert into public.tenant_add_ons as a (tenant_id, add_on_code, quantity, started_at, expires_at)
    values (tenant_id, add_on_code, quantity, private.now(), expires_at)
    on conflict on constraint tenant_add_ons_pkey do update set quantity = excluded.quantity, expires_at = excluded.expires_at;
  end if;
  perform audit.record('entitlement.set_add_on', 'tenant', tenant_id::text, to_jsonb(before_row),
                       jsonb_build_object('add_on', add_on_code, 'quantity', quantity, 'expires_at', expires_at), tenant_id, reason);
  perform private.refresh_entitlements(tenant_id, 'add_on');
end
$$;

REVOKE ALL ON FUNCTION public.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer, reason text, expires_at timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer, reason text, expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer, reason text, expires_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer, reason text, expires_at timestamp with time zone) TO service_role;

COMMENT ON FUNCTION public.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer, reason text, expires_at timestamp with time zone) IS 'Adds, changes (quantity) or removes (quantity 0) an add-on of a tenant, optionally until expires_at (plans.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer, reason text, expires_at timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer, reason text, expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION private.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer, reason text, expires_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION private.set_tenant_add_on(tenant_id uuid, add_on_code text, quantity integer, reason text, expires_at timestamp with time zone) TO service_role;
