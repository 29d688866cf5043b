-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.tenant_status_counts, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.tenant_status_counts() RETURNS TABLE(status text, tenants bigint)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.tenant_status_counts() $$;

CREATE FUNCTION private.tenant_status_counts() RETURNS TABLE(status text, tenants bigint)
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

COMMENT ON FUNCTION public.tenant_status_counts() IS 'How many tenants are in each lifecycle status (tenants.read).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.tenant_status_counts() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_status_counts() FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_status_counts() TO authenticated;
GRANT ALL ON FUNCTION private.tenant_status_counts() TO service_role;
