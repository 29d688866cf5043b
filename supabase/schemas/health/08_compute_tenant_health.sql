CREATE FUNCTION private.compute_tenant_health(tenant_id uuid) RETURNS public.tenant_health
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  signals jsonb;
  result public.tenant_health;
begin
  select * into t from public.tenants x where x.id = compute_tenant_health.tenant_id;
  if t.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  signals := private.tenant_health_signals(t);
  insert into public.tenant_health as h (tenant_id, score, signals, inputs, computed_at)
  values (t.id, least(100, greatest(0, coalesce((signals ->> 'lifecycle')::int, 0) + coalesce((signals ->> 'maturity')::int, 0)
                                       + coalesce((signals ->> 'activity')::int, 0) + coalesce((signals ->> 'provisioning')::int, 0))),
          signals, private.tenant_health_inputs(t), now())
  on conflict on constraint tenant_health_pkey do update set score = excluded.score, signals = excluded.signals,
    inputs = excluded.inputs, computed_at = excluded.computed_at
  returning * into result;
  return result;
end
$$;

REVOKE ALL ON FUNCTION private.compute_tenant_health(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.compute_tenant_health(tenant_id uuid) FROM PUBLIC;
