CREATE FUNCTION private.tenant_health_inputs(t public.tenants) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  with own as (
    select count(*) filter (where x.from_stage is null) as orders,
           count(*) filter (where x.from_stage is not null) as moves
    from public.order_transitions x
    where x.tenant_id = t.id and x.at > private.now() - interval '30 days' and x.impersonation_id is null
  )
  select jsonb_build_object(
    'age_days', floor(extract(epoch from (private.now() - t.created_at)) / 86400)::int,
    'new_tenant', t.created_at > private.now() - interval '30 days',
    'orders_30d', own.orders,
    'order_moves_30d', own.moves,
    'users_signed_in_30d', (select count(*) from public.tenant_members m join auth.users u on u.id = m.user_id
                            where m.tenant_id = t.id and u.last_sign_in_at > private.now() - interval '30 days'
                              and not exists (select from public.platform_staff s where s.user_id = m.user_id)))
  from own
$$;

REVOKE ALL ON FUNCTION private.tenant_health_inputs(t public.tenants) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_health_inputs(t public.tenants) FROM PUBLIC;
