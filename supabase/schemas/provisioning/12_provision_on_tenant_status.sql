-- A tenant that enters trial or active is provisioned (idempotent per status change).
create function private.provision_on_tenant_status(t public.tenants, from_status text, action text) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
begin
  perform private.enqueue_provisioning(t.id,
    action || ':' || (select max(h.id) from public.tenant_status_history h where h.tenant_id = t.id));
end
$$;

revoke all on function private.provision_on_tenant_status(t public.tenants, from_status text, action text) from public, anon, authenticated, service_role;

insert into private.tenant_status_handlers (handler, capability, statuses, run_order, description) values
  ('private.provision_on_tenant_status', 'provisioning', array['trial', 'active'], 100,
   'enqueues the provisioning steps of a tenant entering trial or active');
