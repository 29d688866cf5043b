CREATE FUNCTION private.job_refresh_stale_entitlements(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  tid uuid;
begin
  for tid in select e.tenant_id from public.tenant_entitlements e where e.stale or e.valid_until <= private.now() loop
    perform private.refresh_entitlements(tid, 'refresh');
  end loop;
end
$$;

REVOKE ALL ON FUNCTION private.job_refresh_stale_entitlements(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_refresh_stale_entitlements(payload jsonb, job jsonb) FROM PUBLIC;
