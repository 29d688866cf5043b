CREATE FUNCTION private.job_tenant_provision(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  outcome jsonb;
begin
  if (payload ->> 'tenant_id') is null then
    perform private.fail('provisioning.invalid_payload', 'tenant.provision needs payload.tenant_id');
  end if;
  outcome := private.provision_tenant((payload ->> 'tenant_id')::uuid);
  if jsonb_array_length(outcome -> 'failed') > 0 then
    perform private.fail('provisioning.step_failed', format('provisioning steps failed: %s', outcome -> 'failed'));
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.job_tenant_provision(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_tenant_provision(payload jsonb, job jsonb) FROM PUBLIC;
