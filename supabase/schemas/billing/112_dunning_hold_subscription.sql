CREATE FUNCTION private.dunning_hold_subscription(c public.dunning_cases, target text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  v_after public.subscriptions;
begin
  select * into s from public.subscriptions x where x.id = c.subscription_id for update;
  if s.id is null or s.status = 'cancelled' then
    return false;
  end if;
  if (target = 'past_due' and s.status in ('trialing', 'active'))
     or (target = 'suspended' and s.status in ('trialing', 'active', 'past_due')) then
    update public.subscriptions x set status = target, status_changed_at = private.now(), updated_at = now()
    where x.id = s.id returning * into v_after;
    perform audit.record('subscription.' || target, 'subscription', s.id::text, jsonb_build_object('status', s.status),
      jsonb_build_object('status', target), s.tenant_id, private.reason_code('billing.dunning_case', jsonb_build_object('case_id', c.id)));
    return true;
  end if;
  return c.held_subscription or s.status in ('past_due', 'suspended');
end
$$;

REVOKE ALL ON FUNCTION private.dunning_hold_subscription(c public.dunning_cases, target text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_hold_subscription(c public.dunning_cases, target text) FROM PUBLIC;
