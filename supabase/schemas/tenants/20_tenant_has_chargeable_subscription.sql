CREATE FUNCTION private.tenant_has_chargeable_subscription(tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select exists (
    select from public.subscriptions s
    where s.tenant_id = tenant_has_chargeable_subscription.tenant_id and s.plan_id is not null
      and s.status in ('trialing', 'active') and not s.cancel_at_period_end
      and (coalesce(private.plan_price(s.plan_id, s.currency, s.billing_interval), 0) = 0
           or exists (select from public.payment_methods m where m.tenant_id = s.tenant_id and m.is_default)))
$$;

REVOKE ALL ON FUNCTION private.tenant_has_chargeable_subscription(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_has_chargeable_subscription(tenant_id uuid) FROM PUBLIC;
