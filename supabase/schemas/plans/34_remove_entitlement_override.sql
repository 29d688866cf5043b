-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.remove_entitlement_override, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.remove_entitlement_override(override_id uuid, reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.remove_entitlement_override(override_id, reason) $$;

CREATE FUNCTION private.remove_entitlement_override(override_id uuid, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.entitlement_overrides;
begin
  perform private.assert_permission('plans.write');
  update public.entitlement_overrides x set removed_at = private.now(), removed_by = auth.uid()
  where x.id = override_id and x.removed_at is null returning * into o;
  if o.id is null then
    perform private.fail('entitlements.override_not_found', 'no such live override');
  end if;
  perform audit.record('entitlement.remove_override', 'tenant', o.tenant_id::text, to_jsonb(o), null, o.tenant_id, reason);
  perform private.refresh_entitlements(o.tenant_id, 'entitlement.remove_override');
end
$$;

REVOKE ALL ON FUNCTION public.remove_entitlement_override(override_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.remove_entitlement_override(override_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.remove_entitlement_override(override_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.remove_entitlement_override(override_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.remove_entitlement_override(override_id uuid, reason text) IS 'Removes a tenant''s grant or revoke override, returning the tenant to its plan''s value (plans.write, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.remove_entitlement_override(override_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.remove_entitlement_override(override_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.remove_entitlement_override(override_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.remove_entitlement_override(override_id uuid, reason text) TO service_role;
