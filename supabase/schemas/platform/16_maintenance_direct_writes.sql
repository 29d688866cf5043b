-- Maintenance for the writes tenant users (and HQ staff) make DIRECTLY through a table's RLS
-- (tenant_settings.settings, the tenant profile, an order's editable columns): no SQL function is
-- in between to call the check, so a BEFORE trigger does. SECURITY INVOKER on purpose: current_user
-- is then the role of the statement, which tells a direct write ('authenticated', or 'hq_staff' for HQ staff) from a write made
-- inside a SECURITY DEFINER function (its owner; those functions already check maintenance through
-- private.assert_permission or their own call) or by the service role / a job (trusted, never paused).
-- The trigger's argument names the row's tenant column. The triggers live here, not in the tables'
-- files, because the platform capability loads after them.
CREATE FUNCTION private.maintenance_pause_direct_write() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  tenant uuid := (to_jsonb(new) ->> tg_argv[0])::uuid;
begin
  if current_user::text not in ('authenticated', 'hq_staff') then
    return new;
  end if;
  -- HQ staff editing a tenant under their own permission (not an impersonation): like every other
  -- staff write, only a global window pauses it.
  if private.current_staff_role() is not null
     and not (tenant = any (array(select private.impersonated_tenant_ids(false)))) then
    tenant := null;
  end if;
  perform private.assert_not_in_maintenance(tenant);
  return new;
end
$$;

COMMENT ON FUNCTION private.maintenance_pause_direct_write() IS 'BEFORE UPDATE trigger: refuses a direct (RLS) write by a signed-in user with platform.maintenance while a window covers the row''s tenant (argument: its tenant column); staff outside an impersonation: global windows only; writes inside definer functions, by the service role or jobs pass.';

REVOKE ALL ON FUNCTION private.maintenance_pause_direct_write() FROM PUBLIC, anon, authenticated, service_role;

CREATE TRIGGER maintenance_pause BEFORE UPDATE ON public.tenant_settings FOR EACH ROW EXECUTE FUNCTION private.maintenance_pause_direct_write('tenant_id');

CREATE TRIGGER maintenance_pause BEFORE UPDATE ON public.tenants FOR EACH ROW EXECUTE FUNCTION private.maintenance_pause_direct_write('id');

CREATE TRIGGER maintenance_pause BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION private.maintenance_pause_direct_write('tenant_id');
