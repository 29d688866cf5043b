-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.retry_provisioning_step, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.retry_provisioning_step(tenant_id uuid, step_code text) RETURNS bigint
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.retry_provisioning_step(tenant_id, step_code) $$;

CREATE FUNCTION private.retry_provisioning_step(tenant_id uuid, step_code text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  row_before public.tenant_provisioning;
begin
  perform private.assert_permission('tenants.lifecycle');
  select * into row_before from public.tenant_provisioning p
  where p.tenant_id = retry_provisioning_step.tenant_id and p.step_code = retry_provisioning_step.step_code for update;
  if row_before.tenant_id is null then
    perform private.fail('provisioning.step_not_found', format('step %s has not run for this tenant', step_code));
  end if;
  if row_before.status = 'done' then
    perform private.fail('provisioning.already_done', format('step %s is already done', step_code));
  end if;
  update public.tenant_provisioning p set status = 'pending'
  where p.tenant_id = retry_provisioning_step.tenant_id and p.step_code = retry_provisioning_step.step_code;
  perform audit.record('tenant.provision_retry', 'tenant', tenant_id::text, to_jsonb(row_before), null, tenant_id);
  return private.enqueue_provisioning(tenant_id, 'retry:' || step_code || ':' || extract(epoch from clock_timestamp())::text);
end
$$;

REVOKE ALL ON FUNCTION public.retry_provisioning_step(tenant_id uuid, step_code text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.retry_provisioning_step(tenant_id uuid, step_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.retry_provisioning_step(tenant_id uuid, step_code text) TO authenticated;
GRANT ALL ON FUNCTION public.retry_provisioning_step(tenant_id uuid, step_code text) TO service_role;

COMMENT ON FUNCTION public.retry_provisioning_step(tenant_id uuid, step_code text) IS 'Retries a failed provisioning step of a tenant (tenants.lifecycle; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.retry_provisioning_step(tenant_id uuid, step_code text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.retry_provisioning_step(tenant_id uuid, step_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.retry_provisioning_step(tenant_id uuid, step_code text) TO authenticated;
GRANT ALL ON FUNCTION private.retry_provisioning_step(tenant_id uuid, step_code text) TO service_role;
