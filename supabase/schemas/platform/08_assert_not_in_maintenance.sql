-- THE maintenance check. Called by private.assert_permission for every non-read permission (staff
-- writes: only a global window applies) and by tenant-side writes with their tenant (a global window
-- or one for the tenant's region). Refuses with platform.maintenance (PT503, HTTP 503) and the
-- window's message in English and Arabic. Passes: super admins in an aal2 session (they run the
-- maintenance), and trusted callers (service role, jobs: background work is paused through the job
-- queues, not here).
CREATE FUNCTION private.assert_not_in_maintenance(tenant_id uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  w public.maintenance_windows;
begin
  if private.is_trusted_caller() then
    return;
  end if;
  w := private.active_maintenance((select t.region from public.tenants t where t.id = assert_not_in_maintenance.tenant_id));
  if w.id is null then
    return;
  end if;
  if private.current_staff_role() = 'super_admin' and private.is_mfa_session() then
    return;
  end if;
  perform private.fail('platform.maintenance',
    format('%s / %s', w.message ->> 'en', w.message ->> 'ar'),
    case when w.ends_at is null then 'try again when the maintenance ends'
         else format('try again after %s', to_char(w.ends_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')) end);
end
$$;

REVOKE ALL ON FUNCTION private.assert_not_in_maintenance(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.assert_not_in_maintenance(tenant_id uuid) TO authenticated, service_role;
