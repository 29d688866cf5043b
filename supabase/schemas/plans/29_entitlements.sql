-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.entitlements, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.entitlements(tenant_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.entitlements(tenant_id) $$;

CREATE FUNCTION private.entitlements(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  ent jsonb;
  limits jsonb;
begin
  perform private.assert_entitlement_reader(tenant_id);
  ent := private.current_entitlements(tenant_id);
  -- usage changes far more often than entitlements: overlay the current counters on the limits
  select jsonb_object_agg(l.key, l.value || jsonb_build_object(
           'used', coalesce(u.used, 0),
           'remaining', case when jsonb_typeof(l.value -> 'limit') = 'number'
                             then greatest((l.value ->> 'limit')::numeric - coalesce(u.used, 0), 0) end,
           'period_start', private.usage_period_start(l.value ->> 'period', private.now())))
  into limits
  from jsonb_each(ent -> 'limits') l
  left join public.usage_counters u on u.tenant_id = entitlements.tenant_id and u.feature_key = l.key
    and u.period_start = private.usage_period_start(l.value ->> 'period', private.now());
  return ent || jsonb_build_object('limits', coalesce(limits, '{}'));
end
$$;

REVOKE ALL ON FUNCTION public.entitlements(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.entitlements(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.entitlements(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.entitlements(tenant_id uuid) TO service_role;

COMMENT ON FUNCTION public.entitlements(tenant_id uuid) IS 'A tenant''s effective entitlements: every feature''s value and where it comes from (plan, add-on, override) (the tenant''s users, entitlement readers, or the service role).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.entitlements(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.entitlements(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.entitlements(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.entitlements(tenant_id uuid) TO service_role;
