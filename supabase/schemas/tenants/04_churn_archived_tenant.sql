CREATE FUNCTION private.churn_archived_tenant(tenant_id uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
begin
  select * into t from public.tenants x where x.id = churn_archived_tenant.tenant_id for update;
  if t.id is null or t.status <> 'archived'
     or t.status_changed_at > private.now() - make_interval(days => (select s.churn_after_days from public.tenant_lifecycle_settings s)) then
    return null;
  end if;
  return private.calendar_move(t.id, 'churn', 'churn', 'calendar: retention period after archiving ended',
                               jsonb_build_object('archived_at', t.status_changed_at));
end
$$;

REVOKE ALL ON FUNCTION private.churn_archived_tenant(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.churn_archived_tenant(tenant_id uuid) FROM PUBLIC;
