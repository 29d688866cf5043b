CREATE FUNCTION private.job_dunning_restore_tenant(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_tenant uuid := (payload ->> 'tenant_id')::uuid;
begin
  if (select t.status from public.tenants t where t.id = v_tenant) in ('grace', 'suspended')
     and private.dunning_placed_tenant_status(v_tenant)
     and not exists (select from public.dunning_cases x where x.tenant_id = v_tenant and x.held_tenant) then
    perform private.transition_tenant(v_tenant, 'reactivate', coalesce(payload ->> 'reason', 'payment received'));
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.job_dunning_restore_tenant(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_dunning_restore_tenant(payload jsonb, job jsonb) FROM PUBLIC;
