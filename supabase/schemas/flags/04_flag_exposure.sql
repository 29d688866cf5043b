-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.flag_exposure, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.flag_exposure(flag_key text) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.flag_exposure(flag_key) $$;

CREATE FUNCTION private.flag_exposure(flag_key text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  f public.feature_flags;
  result jsonb;
begin
  perform private.assert_permission('flags.read');
  select * into f from public.feature_flags x where x.key = flag_key;
  if f.key is null then
    perform private.fail('flags.unknown_flag', format('unknown flag %s', coalesce(flag_key, '(null)')));
  end if;
  select jsonb_build_object('flag', f.key, 'killed', f.killed, 'tenants', count(*),
                            'enabled', count(*) filter (where private.evaluate_flag(f, t.id)),
                            'share', round(100.0 * count(*) filter (where private.evaluate_flag(f, t.id)) / nullif(count(*), 0), 2))
  into result
  from public.tenants t where t.status in ('trial', 'active', 'grace');
  return result;
end
$$;

REVOKE ALL ON FUNCTION public.flag_exposure(flag_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.flag_exposure(flag_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.flag_exposure(flag_key text) TO authenticated;
GRANT ALL ON FUNCTION public.flag_exposure(flag_key text) TO service_role;

COMMENT ON FUNCTION public.flag_exposure(flag_key text) IS 'Which tenants see a feature flag on and why (rule, rollout percentage, override) (flags.read).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.flag_exposure(flag_key text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.flag_exposure(flag_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.flag_exposure(flag_key text) TO authenticated;
GRANT ALL ON FUNCTION private.flag_exposure(flag_key text) TO service_role;
