-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.my_active_impersonation, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.my_active_impersonation() RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.my_active_impersonation() $$;

CREATE FUNCTION private.my_active_impersonation() RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select jsonb_build_object('id', i.id, 'tenant_id', i.tenant_id, 'tenant_name', t.name, 'tenant_slug', t.slug,
                            'mode', i.mode, 'reason', i.reason, 'started_at', i.started_at, 'expires_at', i.expires_at)
  from private.active_impersonation() i
  join public.tenants t on t.id = i.tenant_id
  where i.id is not null
$$;

REVOKE ALL ON FUNCTION public.my_active_impersonation() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.my_active_impersonation() FROM PUBLIC;
GRANT ALL ON FUNCTION public.my_active_impersonation() TO authenticated;
GRANT ALL ON FUNCTION public.my_active_impersonation() TO service_role;

COMMENT ON FUNCTION public.my_active_impersonation() IS 'The caller''s running impersonation (tenant, mode, reason, start and expiry), or null.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.my_active_impersonation() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.my_active_impersonation() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_active_impersonation() TO authenticated;
GRANT ALL ON FUNCTION private.my_active_impersonation() TO service_role;
