CREATE FUNCTION private.change_plan_alone(t public.tenants, plan_code text, effective text, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  cur public.tenant_plans;
  old_plan public.plans;
  new_plan public.plans;
  direction text;
  violations text[];
  old_price numeric;
  new_price numeric;
  now_at timestamptz := private.now();
  scheduled boolean;
  result jsonb;
begin
  select * into new_plan from public.plans p where p.code = plan_code and p.is_current;
  if new_plan.id is null then
    perform private.fail('plans.not_found', format('no plan %s', coalesce(plan_code, '(null)')),
      coalesce('plans: ' || (select string_agg(p.code, ', ' order by p.tier) from public.plans p where p.is_current and p.status = 'active'), 'none'));
  end if;
  if new_plan.status <> 'active' then
    perform private.fail('plans.archived', format('plan %s is archived', plan_code));
  end if;
  select * into cur from public.tenant_plans x where x.tenant_id = t.id for update;
  select * into old_plan from public.plans p where p.id = cur.plan_id;
  if old_plan.id = new_plan.id then
    perform private.fail('plans.same_plan', format('the tenant is already on %s v%s', new_plan.code, new_plan.version));
  end if;
  new_price := private.plan_price(new_plan.id, t.currency, coalesce(cur.billing_interval, 'month'));
  if new_price is null then
    perform private.fail('plans.no_price', format('plan %s has no %s price in %s', plan_code, coalesce(cur.billing_interval, 'month'), t.currency));
  end if;
  old_price := coalesce(private.plan_price(old_plan.id, t.currency, cur.billing_interval), 0);
  direction := case when old_plan.id is null then 'new'
                    when new_price > old_price or (new_price = old_price and new_plan.tier > old_plan.tier) then 'upgrade'
                    when new_price < old_price or (new_price = old_price and new_plan.tier < old_plan.tier) then 'downgrade'
                    else 'lateral' end;
  violations := private.plan_violations(t.id, new_plan.id);
  if cardinality(violations) > 0 then
    perform private.fail('plans.downgrade_blocked', format('current usage exceeds the hard limits of %s', plan_code),
      array_to_string(violations, '; '));
  end if;

  scheduled := effective = 'period_end' and old_plan.id is not null;
  if old_plan.id is null then
    insert into public.tenant_plans (tenant_id, plan_id, started_at, current_period_start, current_period_end)
    values (t.id, new_plan.id, now_at, now_at, now_at + interval '1 month');
  elsif not scheduled then
    update public.tenant_plans x set plan_id = new_plan.id, pending_plan_id = null, pending_effective_at = null, updated_at = now_at
    where x.tenant_id = t.id;
  else
    update public.tenant_plans x set pending_plan_id = new_plan.id, pending_effective_at = x.current_period_end, updated_at = now_at
    where x.tenant_id = t.id;
    -- a scheduled change replaces an earlier one
    update public.plan_changes pc set status = 'cancelled' where pc.tenant_id = t.id and pc.status = 'scheduled';
  end if;
  insert into public.plan_changes (tenant_id, from_plan_id, to_plan_id, direction, effective, effective_at, status, proration, reason, actor_id)
  values (t.id, old_plan.id, new_plan.id, direction, case when scheduled then 'period_end' else 'now' end,
          case when scheduled then cur.current_period_end else now_at end,
          case when scheduled then 'scheduled' else 'applied' end, '{}', reason, auth.uid());
  result := jsonb_build_object('tenant_id', t.id, 'from', old_plan.code, 'from_version', old_plan.version,
    'to', new_plan.code, 'to_version', new_plan.version, 'direction', direction,
    'effective', case when scheduled then 'period_end' else 'now' end,
    'effective_at', case when scheduled then cur.current_period_end else now_at end,
    'status', case when scheduled then 'scheduled' else 'applied' end,
    -- no subscription: nothing is prorated or invoiced
    'billed', false, 'subscription_id', null, 'proration', null, 'invoice', null);
  perform audit.record('plan.change', 'tenant', t.id::text, jsonb_build_object('plan', old_plan.code, 'version', old_plan.version),
                       result, t.id, reason);
  perform private.notify_plan_changed(t.id, new_plan.id, now_at::text) where not scheduled and old_plan.id is not null;
  perform private.emit_plan_event(t.id, old_plan.id, new_plan.id, now_at) where not scheduled;  -- integrations: tenant.plan.changed
  perform private.refresh_entitlements(t.id, 'plan.change');
  return result;
end
$$;

REVOKE ALL ON FUNCTION private.change_plan_alone(t public.tenants, plan_code text, effective text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.change_plan_alone(t public.tenants, plan_code text, effective text, reason text) FROM PUBLIC;
