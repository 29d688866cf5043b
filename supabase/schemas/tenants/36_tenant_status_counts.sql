CREATE FUNCTION public.tenant_status_counts() RETURNS TABLE(status text, tenants bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('tenants.read');
  return query select t.status, count(*) from public.tenants t group by t.status order by t.status;
end
$$;

REVOKE ALL ON FUNCTION public.tenant_status_counts() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.tenant_status_counts() FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenant_status_counts() TO authenticated;
GRANT ALL ON FUNCTION public.tenant_status_counts() TO service_role;
