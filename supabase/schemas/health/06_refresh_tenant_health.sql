-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.refresh_tenant_health, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.refresh_tenant_health(tenant_id uuid) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.refresh_tenant_health(tenant_id) $$;

CREATE FUNCTION private.refresh_tenant_health(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  result public.tenant_health;
begin
  perform private.assert_permission('tenants.read');
  result := private.compute_tenant_health(tenant_id);
  return jsonb_build_object('score', result.score, 'signals', result.signals, 'inputs', result.inputs, 'computed_at', result.computed_at);
end
$$;

REVOKE ALL ON FUNCTION public.refresh_tenant_health(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.refresh_tenant_health(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.refresh_tenant_health(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.refresh_tenant_health(tenant_id uuid) TO service_role;

COMMENT ON FUNCTION public.refresh_tenant_health(tenant_id uuid) IS 'Recomputes a tenant''s health score (lifecycle, maturity, the tenant''s own activity, provisioning) and answers it with the figures behind it. tenants.read.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.refresh_tenant_health(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.refresh_tenant_health(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.refresh_tenant_health(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.refresh_tenant_health(tenant_id uuid) TO service_role;
