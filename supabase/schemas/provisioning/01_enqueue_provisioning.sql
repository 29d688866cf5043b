CREATE FUNCTION private.enqueue_provisioning(tenant_id uuid, cause text) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select private.enqueue('lifecycle', 'tenant.provision', jsonb_build_object('tenant_id', tenant_id, 'cause', cause),
                         format('tenant.provision:%s:%s', tenant_id, cause))
$$;

REVOKE ALL ON FUNCTION private.enqueue_provisioning(tenant_id uuid, cause text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.enqueue_provisioning(tenant_id uuid, cause text) FROM PUBLIC;
