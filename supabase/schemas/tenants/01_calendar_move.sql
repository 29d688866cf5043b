CREATE FUNCTION private.calendar_move(tenant_id uuid, calendar_action text, lifecycle_action text, reason text, detail jsonb DEFAULT '{}'::jsonb) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_status text := (select t.status from public.tenants t where t.id = calendar_move.tenant_id);
  after_row public.tenants;
begin
  after_row := private.transition_tenant(tenant_id, lifecycle_action, reason);
  insert into public.lifecycle_calendar_actions (tenant_id, action, from_status, to_status, status_history_id, detail, at)
  values (tenant_id, calendar_action, before_status, after_row.status,
          (select max(h.id) from public.tenant_status_history h where h.tenant_id = calendar_move.tenant_id), detail, private.now());
  return after_row.status;
end
$$;

REVOKE ALL ON FUNCTION private.calendar_move(tenant_id uuid, calendar_action text, lifecycle_action text, reason text, detail jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.calendar_move(tenant_id uuid, calendar_action text, lifecycle_action text, reason text, detail jsonb) FROM PUBLIC;
