CREATE FUNCTION private.change_tenant_plan(tenant_id uuid, plan_code text, effective text, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  s public.subscriptions;
  changed jsonb;
  from_code text;
begin
  if effective is not null and effective not in ('now', 'period_end') then
    perform private.fail('plans.invalid_effective', 'effective must be now or period_end', format('got %s', effective));
  end if;
  select * into t from public.tenants x where x.id = change_tenant_plan.tenant_id for update;
  if t.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  s := private.live_plan_subscription(t.id);
  if s.id is null then
    return private.change_plan_alone(t, plan_code, coalesce(effective, 'now'), reason);
  end if;
  perform private.assert_permission('billing.write');
  from_code := (select p.code from public.plans p where p.id = s.plan_id);
  changed := private.change_subscription_plan_core(s, plan_code, effective, reason);
  -- the same answer shape as the plan-alone path, plus the subscription's own
  return changed || jsonb_build_object(
    'tenant_id', t.id, 'subscription_id', s.id, 'billed', true,
    'from', from_code, 'to', coalesce(changed ->> 'pending_plan_code', changed ->> 'plan_code'),
    'to_version', (select p.version from public.plans p where p.id = coalesce((changed ->> 'pending_plan_id')::uuid, (changed ->> 'plan_id')::uuid)),
    'status', case when changed ->> 'effective' = 'period_end' then 'scheduled' else 'applied' end,
    'effective_at', case when changed ->> 'effective' = 'period_end' then (changed ->> 'current_period_end')::timestamptz else private.now() end);
end
$$;

REVOKE ALL ON FUNCTION private.change_tenant_plan(tenant_id uuid, plan_code text, effective text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.change_tenant_plan(tenant_id uuid, plan_code text, effective text, reason text) FROM PUBLIC;
