CREATE FUNCTION private.job_refresh_tenant_health(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.compute_tenant_health(t.id) from public.tenants t where t.status <> 'churned';
end
$$;

REVOKE ALL ON FUNCTION private.job_refresh_tenant_health(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_refresh_tenant_health(payload jsonb, job jsonb) FROM PUBLIC;
