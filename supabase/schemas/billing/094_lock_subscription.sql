CREATE FUNCTION private.lock_subscription(subscription_id uuid) RETURNS public.subscriptions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
begin
  select * into s from public.subscriptions x where x.id = lock_subscription.subscription_id for update;
  if s.id is null then
    perform private.fail('billing.subscription_not_found', 'no such subscription');
  end if;
  return s;
end
$$;

REVOKE ALL ON FUNCTION private.lock_subscription(subscription_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.lock_subscription(subscription_id uuid) FROM PUBLIC;
