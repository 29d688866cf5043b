CREATE FUNCTION public.my_active_impersonation() RETURNS jsonb
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
