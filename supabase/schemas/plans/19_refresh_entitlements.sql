CREATE FUNCTION private.refresh_entitlements(tenant_id uuid, cause text DEFAULT 'change'::text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  computed jsonb := private.compute_entitlements(tenant_id);
  until timestamptz;
  new_version bigint;
begin
  if computed is null then
    return null;  -- the tenant is gone
  end if;
  select least(
    (select min(o.expires_at) from public.entitlement_overrides o
      where o.tenant_id = refresh_entitlements.tenant_id and o.removed_at is null and o.expires_at > private.now()),
    (select min(a.expires_at) from public.tenant_add_ons a
      where a.tenant_id = refresh_entitlements.tenant_id and a.expires_at > private.now()),
    (select tp.pending_effective_at from public.tenant_plans tp where tp.tenant_id = refresh_entitlements.tenant_id))
  into until;
  insert into public.tenant_entitlements as e (tenant_id, version, entitlements, plan_code, stale, valid_until, computed_at)
  values (tenant_id, 1, computed, computed ->> 'plan', false, coalesce(until, 'infinity'), private.now())
  on conflict on constraint tenant_entitlements_pkey do update
    set version = e.version + 1, entitlements = excluded.entitlements, plan_code = excluded.plan_code, stale = false,
        valid_until = excluded.valid_until, computed_at = excluded.computed_at
  returning e.version into new_version;
  perform pg_notify('entitlements', jsonb_build_object('tenant_id', tenant_id, 'version', new_version, 'cause', cause)::text);
  return new_version;
end
$$;

REVOKE ALL ON FUNCTION private.refresh_entitlements(tenant_id uuid, cause text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.refresh_entitlements(tenant_id uuid, cause text) FROM PUBLIC;
