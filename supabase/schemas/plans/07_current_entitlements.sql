CREATE FUNCTION private.current_entitlements(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  e record;
  computed jsonb;
begin
  select x.entitlements, x.version, x.stale or x.valid_until <= private.now() as suspect into e
  from public.tenant_entitlements x where x.tenant_id = current_entitlements.tenant_id;
  if found and not e.suspect then
    return e.entitlements || jsonb_build_object('version', e.version);
  end if;
  computed := private.compute_entitlements(tenant_id);
  if computed is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  return computed || jsonb_build_object('version', coalesce(e.version, 0));
end
$$;

REVOKE ALL ON FUNCTION private.current_entitlements(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.current_entitlements(tenant_id uuid) FROM PUBLIC;
