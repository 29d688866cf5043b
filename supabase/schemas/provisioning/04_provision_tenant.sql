CREATE FUNCTION private.provision_tenant(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  step public.provisioning_steps;
  done text[] := '{}';
  failed text[] := '{}';
  error_text text;
begin
  if not exists (select from public.tenants t where t.id = provision_tenant.tenant_id) then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  for step in
    select s.* from public.provisioning_steps s
    left join public.tenant_provisioning p on p.step_code = s.code and p.tenant_id = provision_tenant.tenant_id
    where s.enabled and (p.status is distinct from 'done' or p.applied_version < s.version)
    order by s.sort_order, s.code
  loop
    insert into public.tenant_provisioning as p (tenant_id, step_code, status, attempts, started_at)
    values (provision_tenant.tenant_id, step.code, 'pending', 1, clock_timestamp())
    on conflict on constraint tenant_provisioning_pkey do update
      set status = 'pending', attempts = p.attempts + 1, started_at = clock_timestamp(), finished_at = null;
    begin
      execute format('select %s($1)', step.handler) using provision_tenant.tenant_id;
      update public.tenant_provisioning p set status = 'done', applied_version = step.version, last_error = null,
        finished_at = clock_timestamp()
      where p.tenant_id = provision_tenant.tenant_id and p.step_code = step.code;
      done := done || step.code;
    exception when others then
      get stacked diagnostics error_text = message_text;
      update public.tenant_provisioning p set status = 'failed', last_error = left(error_text, 1000), finished_at = clock_timestamp()
      where p.tenant_id = provision_tenant.tenant_id and p.step_code = step.code;
      failed := failed || step.code;
    end;
  end loop;
  if cardinality(done) + cardinality(failed) > 0 then
    perform audit.record('tenant.provision', 'tenant', tenant_id::text, null,
                         jsonb_build_object('done', to_jsonb(done), 'failed', to_jsonb(failed)), tenant_id);
  end if;
  return jsonb_build_object('done', to_jsonb(done), 'failed', to_jsonb(failed));
end
$_$;

REVOKE ALL ON FUNCTION private.provision_tenant(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.provision_tenant(tenant_id uuid) FROM PUBLIC;
