CREATE FUNCTION private.sync_tenant_plan(s public.subscriptions, cause text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  old_plan uuid;
  had_row boolean;
  old_price numeric;
  new_price numeric;
  old_tier int;
  new_tier int;
begin
  if s.plan_id is null then
    return;
  end if;
  -- same plan: only the period moves
  update public.tenant_plans tp set billing_interval = s.billing_interval, current_period_start = s.current_period_start,
    current_period_end = s.current_period_end, pending_plan_id = null, pending_effective_at = null, updated_at = private.now()
  where tp.tenant_id = s.tenant_id and tp.plan_id = s.plan_id;
  if found then
    return;
  end if;
  select tp.plan_id into old_plan from public.tenant_plans tp where tp.tenant_id = s.tenant_id for update;
  had_row := found;
  insert into public.tenant_plans as tp (tenant_id, plan_id, billing_interval, started_at, current_period_start, current_period_end, updated_at)
  values (s.tenant_id, s.plan_id, s.billing_interval, private.now(), s.current_period_start, s.current_period_end, private.now())
  on conflict on constraint tenant_plans_pkey do update set
    plan_id = excluded.plan_id, billing_interval = excluded.billing_interval, current_period_start = excluded.current_period_start,
    current_period_end = excluded.current_period_end, pending_plan_id = null, pending_effective_at = null, updated_at = excluded.updated_at;
  if old_plan is distinct from s.plan_id then
    old_price := private.plan_price(old_plan, s.currency, s.billing_interval);
    new_price := private.plan_price(s.plan_id, s.currency, s.billing_interval);
    select p.tier into old_tier from public.plans p where p.id = old_plan;
    select p.tier into new_tier from public.plans p where p.id = s.plan_id;
    insert into public.plan_changes (tenant_id, from_plan_id, to_plan_id, direction, effective, effective_at, status, reason, actor_id)
    values (s.tenant_id, old_plan, s.plan_id,
            case when not had_row or old_plan is null then 'new'
                 when coalesce(new_price, 0) > coalesce(old_price, 0) or (new_price is not distinct from old_price and new_tier > old_tier) then 'upgrade'
                 when coalesce(new_price, 0) < coalesce(old_price, 0) or (new_price is not distinct from old_price and new_tier < old_tier) then 'downgrade'
                 else 'lateral' end,
            'now', private.now(), 'applied', 'billing: ' || cause, auth.uid());
    perform private.notify_plan_changed(s.tenant_id, s.plan_id, private.now()::text) where old_plan is not null;
    perform private.emit_plan_event(s.tenant_id, old_plan, s.plan_id, private.now());  -- integrations: tenant.plan.changed
    perform private.refresh_entitlements(s.tenant_id, 'billing.' || cause);
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.sync_tenant_plan(s public.subscriptions, cause text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.sync_tenant_plan(s public.subscriptions, cause text) FROM PUBLIC;
