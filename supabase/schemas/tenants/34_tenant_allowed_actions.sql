-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.tenant_allowed_actions, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.tenant_allowed_actions(tenant_id uuid) RETURNS TABLE(action text, to_status text, reason_required boolean)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.tenant_allowed_actions(tenant_id) $$;

CREATE FUNCTION private.tenant_allowed_actions(tenant_id uuid) RETURNS TABLE(action text, to_status text, reason_required boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select r.action, r.to_status, r.action not in ('submit', 'approve', 'activate', 'start_trial')
  from public.tenants t
  join public.tenant_lifecycle_transitions r on r.from_status = t.status
  where t.id = tenant_allowed_actions.tenant_id
    and (private.is_trusted_caller() or private.has_permission(r.permission))
  order by r.action
$$;

REVOKE ALL ON FUNCTION public.tenant_allowed_actions(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.tenant_allowed_actions(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenant_allowed_actions(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.tenant_allowed_actions(tenant_id uuid) TO service_role;

COMMENT ON FUNCTION public.tenant_allowed_actions(tenant_id uuid) IS 'The lifecycle actions the caller may take on a tenant in its current status, the status each leads to, and whether it needs a reason.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.tenant_allowed_actions(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_allowed_actions(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_allowed_actions(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.tenant_allowed_actions(tenant_id uuid) TO service_role;
