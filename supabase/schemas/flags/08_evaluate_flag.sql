CREATE FUNCTION private.evaluate_flag(f public.feature_flags, tenant_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  r jsonb;
  plan_code text;
  region text;
  looked_up boolean := false;
begin
  if f.killed then
    return false;
  end if;
  for r in select * from jsonb_array_elements(f.rules) loop
    case r ->> 'type'
      when 'tenant_allow' then
        if r -> 'tenants' ? tenant_id::text then return true; end if;
      when 'tenant_deny' then
        if r -> 'tenants' ? tenant_id::text then return false; end if;
      when 'plan', 'region' then
        if not looked_up then
          select t.region, coalesce(e.plan_code, p.code) into region, plan_code
          from public.tenants t
          left join public.tenant_entitlements e on e.tenant_id = t.id
          left join public.tenant_plans tp on tp.tenant_id = t.id and e.tenant_id is null
          left join public.plans p on p.id = tp.plan_id
          where t.id = evaluate_flag.tenant_id;
          looked_up := true;
        end if;
        if (r ->> 'type' = 'plan' and r -> 'plans' ? plan_code) or (r ->> 'type' = 'region' and r -> 'regions' ? region) then
          return coalesce((r ->> 'enabled')::boolean, true);
        end if;
      when 'percentage' then
        if private.flag_bucket(f.key, tenant_id) < (r ->> 'percentage')::numeric then return true; end if;
      else
        null;
    end case;
  end loop;
  return f.default_enabled;
end
$$;

REVOKE ALL ON FUNCTION private.evaluate_flag(f public.feature_flags, tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.evaluate_flag(f public.feature_flags, tenant_id uuid) FROM PUBLIC;
