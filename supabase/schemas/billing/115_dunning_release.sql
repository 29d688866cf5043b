CREATE FUNCTION private.dunning_release(c public.dunning_cases, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  v_tenant_status text;
  v_out jsonb := '{}';
begin
  if c.held_subscription and not exists (select from public.dunning_cases x
                                          where x.subscription_id = c.subscription_id and x.held_subscription and x.id <> c.id) then
    select * into s from public.subscriptions x where x.id = c.subscription_id for update;
    if s.status in ('past_due', 'suspended') then
      update public.subscriptions x set status = 'active', status_changed_at = private.now(), updated_at = now() where x.id = s.id;
      perform audit.record('subscription.restore', 'subscription', s.id::text, jsonb_build_object('status', s.status),
        jsonb_build_object('status', 'active'), s.tenant_id, dunning_release.reason);
      v_out := v_out || jsonb_build_object('subscription', 'active');
    end if;
  end if;
  if c.held_tenant and not exists (select from public.dunning_cases x where x.tenant_id = c.tenant_id and x.held_tenant and x.id <> c.id) then
    select t.status into v_tenant_status from public.tenants t where t.id = c.tenant_id;
    -- Only the hold dunning placed: an operator who suspended or froze the tenant since (abuse,
    -- retention) keeps it there; dunning itself never freezes.
    if v_tenant_status in ('grace', 'suspended') and not private.dunning_placed_tenant_status(c.tenant_id) then
      v_out := v_out || jsonb_build_object('tenant', 'untouched', 'tenant_status', v_tenant_status);
    elsif v_tenant_status in ('grace', 'suspended') then
      begin
        perform private.transition_tenant(c.tenant_id, 'reactivate', dunning_release.reason);
        v_out := v_out || jsonb_build_object('tenant', 'active');
      exception when others then
        -- The payment must never fail because of the tenant: a job retries as a trusted caller.
        perform private.enqueue('lifecycle', 'billing.dunning_restore_tenant',
          jsonb_build_object('tenant_id', c.tenant_id, 'reason', dunning_release.reason), 'dunning_restore:' || c.id);
        v_out := v_out || jsonb_build_object('tenant', 'restore_enqueued', 'error', sqlerrm);
      end;
    end if;
  end if;
  update public.dunning_cases x set held_subscription = false, held_tenant = false where x.id = c.id;
  return v_out;
end
$$;

REVOKE ALL ON FUNCTION private.dunning_release(c public.dunning_cases, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_release(c public.dunning_cases, reason text) FROM PUBLIC;
