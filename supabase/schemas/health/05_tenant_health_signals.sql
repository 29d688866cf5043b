CREATE FUNCTION private.tenant_health_signals(t public.tenants) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  with i as (select private.tenant_health_inputs(t) as v)
  select jsonb_build_object(
    'lifecycle', case t.status when 'active' then 40 when 'trial' then 30 when 'grace' then 15 when 'approved' then 10
                               when 'suspended' then 5 when 'pending_approval' then 5 when 'draft' then 5 else 0 end,
    'maturity', least(20, floor(extract(epoch from (private.now() - t.created_at)) / 86400 / 9))::int,
    'activity', least(25, least(10, (i.v ->> 'orders_30d')::int)
                          + least(10, ceil((i.v ->> 'order_moves_30d')::numeric / 2)::int)
                          + case when (i.v ->> 'users_signed_in_30d')::int > 0 then 5 else 0 end),
    'provisioning', (select case when count(p.*) = 0 then 0
                                 when count(*) filter (where p.status = 'failed') > 0
                                   then greatest(0, 15 - 5 * count(*) filter (where p.status = 'failed'))
                                 when count(*) filter (where p.status = 'done' and p.applied_version >= s.version) = count(s.*) then 15
                                 else 10 end
                     from public.provisioning_steps s
                     left join public.tenant_provisioning p on p.step_code = s.code and p.tenant_id = t.id
                     where s.enabled)::int)
  from i
$$;

REVOKE ALL ON FUNCTION private.tenant_health_signals(t public.tenants) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_health_signals(t public.tenants) FROM PUBLIC;
