CREATE FUNCTION private.job_tenant_provision(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  outcome jsonb;
begin
  if (payload ->> 'tenant_id') is null then
    raise exception using errcode = '22023', message = 'tenant.provision needs payload.tenant_id', detail = 'provisioning.invalid_payload';
  end if;
  outcome := private.provision_tenant((payload ->> 'tenant_id')::uuid);
  if jsonb_array_length(outcome -> 'failed') > 0 then
    raise exception using errcode = 'P0001', message = format('provisioning steps failed: %s', outcome -> 'failed'),
      detail = 'provisioning.step_failed';
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.job_tenant_provision(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_tenant_provision(payload jsonb, job jsonb) FROM PUBLIC;
