-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.flag_enabled, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.flag_enabled(tenant_id uuid, flag_key text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.flag_enabled(tenant_id, flag_key) $$;

CREATE FUNCTION private.flag_enabled(tenant_id uuid, flag_key text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  f public.feature_flags;
begin
  if not private.is_trusted_caller() then
    perform private.assert_entitlement_reader(tenant_id);
  end if;
  select * into f from public.feature_flags x where x.key = flag_key;
  if f.key is null then
    perform private.fail('flags.unknown_flag', format('unknown flag %s', coalesce(flag_key, '(null)')));
  end if;
  if tenant_id is null then
    perform private.fail('flags.tenant_required', 'a tenant id is required');
  end if;
  return private.evaluate_flag(f, tenant_id);
end
$$;

REVOKE ALL ON FUNCTION public.flag_enabled(tenant_id uuid, flag_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.flag_enabled(tenant_id uuid, flag_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.flag_enabled(tenant_id uuid, flag_key text) TO authenticated;
GRANT ALL ON FUNCTION public.flag_enabled(tenant_id uuid, flag_key text) TO service_role;

COMMENT ON FUNCTION public.flag_enabled(tenant_id uuid, flag_key text) IS 'Whether a feature flag is on for a tenant now (the tenant''s users, entitlement readers, or the service role).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.flag_enabled(tenant_id uuid, flag_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.flag_enabled(tenant_id uuid, flag_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.flag_enabled(tenant_id uuid, flag_key text) TO authenticated;
GRANT ALL ON FUNCTION private.flag_enabled(tenant_id uuid, flag_key text) TO service_role;
