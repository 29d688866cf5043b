CREATE FUNCTION private.live_plan_subscription(tenant_id uuid) RETURNS public.subscriptions
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select * from public.subscriptions s
  where s.tenant_id = live_plan_subscription.tenant_id and s.plan_id is not null and s.status <> 'cancelled'
  for update
$$;

REVOKE ALL ON FUNCTION private.live_plan_subscription(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.live_plan_subscription(tenant_id uuid) FROM PUBLIC;
