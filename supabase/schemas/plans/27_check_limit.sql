-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.check_limit, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric DEFAULT 1) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.check_limit(tenant_id, limit_key, requested) $$;

CREATE FUNCTION private.check_limit(tenant_id uuid, limit_key text, requested numeric DEFAULT 1) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  ent jsonb;
  used numeric;
begin
  perform private.assert_entitlement_reader(tenant_id);
  ent := private.current_entitlements(tenant_id);
  select u.used into used from public.usage_counters u
  where u.tenant_id = check_limit.tenant_id and u.feature_key = check_limit.limit_key
    and u.period_start = private.usage_period_start(ent -> 'limits' -> limit_key ->> 'period', private.now());
  return private.limit_decision(ent, limit_key, requested, coalesce(used, 0));
end
$$;

REVOKE ALL ON FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric) TO authenticated;
GRANT ALL ON FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric) TO service_role;

COMMENT ON FUNCTION public.check_limit(tenant_id uuid, limit_key text, requested numeric) IS 'Whether a tenant may use `requested` more of a counted limit: the outcome, the limit and current usage (the tenant''s users, entitlement readers, or the service role).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.check_limit(tenant_id uuid, limit_key text, requested numeric) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.check_limit(tenant_id uuid, limit_key text, requested numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION private.check_limit(tenant_id uuid, limit_key text, requested numeric) TO authenticated;
GRANT ALL ON FUNCTION private.check_limit(tenant_id uuid, limit_key text, requested numeric) TO service_role;
