-- One plan-change rule (issue 13 §1).
--
-- Before: public.change_plan moved tenant_plans only; the next invoice run copied the
-- subscription's plan back (private.sync_tenant_plan), so the tenant had the new plan unbilled
-- and lost it at renewal. Now one function decides a tenant's plan change,
-- private.change_tenant_plan:
--   * the tenant has a live plan subscription (trialing, active, past_due, suspended): the change
--     goes through the subscription (private.change_subscription_plan_core): an upgrade 'now' is
--     prorated by day and invoiced at once, a downgrade waits for the period end
--     (subscriptions.pending_plan_id, applied by the invoice run), a trialing subscription
--     changes at once without proration. tenant_plans and the entitlements follow the
--     subscription at the effective time (sync_tenant_plan). A suspended subscription is refused
--     (billing.subscription_not_changeable): settle it first.
--   * no live plan subscription (free, a trial without one, never billed): the plan changes alone
--     (tenant_plans, now or at its period end); nothing is prorated or billed ("billed": false).
-- public.change_plan (tenant Entitlements tab) and public.change_subscription_plan (Billing tab,
-- by subscription) both land here; public.preview_plan_change answers what change_plan would do.

-- ── the subscription path (the body of change_subscription_plan, after its permission check) ──

create function private.change_subscription_plan_core(s public.subscriptions, plan_code text, effective text, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_json jsonb;
  target jsonb;
  eff text;
  pr jsonb;
  inv public.invoices;
  mrr_before numeric;
  violations text[];
  new_plan uuid;
  lbl jsonb;
begin
  if effective is not null and effective not in ('now', 'period_end') then
    perform private.billing_fail('22023', 'invalid_effective', format('effective must be now or period_end, got %s', effective), 'or null for the default');
  end if;
  before_json := private.subscription_json(s.id);
  target := private.plan_change_target(s, plan_code);
  new_plan := (target ->> 'plan_id')::uuid;
  if target ->> 'direction' = 'keep' then
    -- back to the current plan: drop the scheduled downgrade
    update public.subscriptions x set pending_plan_id = null, updated_at = private.now() where x.id = s.id;
    perform audit.record('subscription.change_plan', 'subscription', s.id::text, before_json, private.subscription_json(s.id), s.tenant_id, reason);
    return private.subscription_json(s.id) || jsonb_build_object('direction', 'keep', 'effective', 'now', 'invoice', null);
  end if;
  eff := coalesce(effective, target ->> 'default_effective');
  violations := private.plan_violations(s.tenant_id, new_plan);
  if cardinality(violations) > 0 then
    perform private.billing_fail('PT409', 'plan_limits_exceeded', format('current usage exceeds the hard limits of %s', target ->> 'plan_code'),
      array_to_string(violations, '; '));
  end if;
  mrr_before := private.subscription_mrr(s.id);
  if s.status = 'trialing' or eff = 'now' then
    if s.status <> 'trialing' then
      pr := private.plan_change_proration(s, (target ->> 'old_amount')::numeric, (target ->> 'new_amount')::numeric);
    end if;
    update public.subscriptions x set plan_id = new_plan, pending_plan_id = null, updated_at = private.now() where x.id = s.id returning * into s;
    if pr is not null and ((pr ->> 'credit')::numeric <> 0 or (pr ->> 'charge')::numeric <> 0) then
      inv := private.new_invoice(s.tenant_id, s.id, 'subscription_update', s.currency, private.now(), s.current_period_end, null, null);
      lbl := private.interval_label(s.billing_interval);
      insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
      values
        (inv.id, s.tenant_id, 1, 'proration',
         jsonb_build_object('en', format('Unused time on %s (%s): %s of %s days', target ->> 'from_plan_code', lbl ->> 'en', pr ->> 'days_remaining', pr ->> 'days_in_period'),
                            'ar', format('الوقت غير المستخدم من خطة %s (%s): %s من %s يوم', target ->> 'from_plan_code', lbl ->> 'ar', pr ->> 'days_remaining', pr ->> 'days_in_period')),
         1, (pr ->> 'credit')::numeric, (pr ->> 'credit')::numeric, private.now(), s.current_period_end,
         jsonb_build_object('proration', pr, 'plan_code', target ->> 'from_plan_code', 'side', 'credit')),
        (inv.id, s.tenant_id, 2, 'proration',
         jsonb_build_object('en', format('Remaining time on %s (%s): %s of %s days', target ->> 'plan_code', lbl ->> 'en', pr ->> 'days_remaining', pr ->> 'days_in_period'),
                            'ar', format('الوقت المتبقي على خطة %s (%s): %s من %s يوم', target ->> 'plan_code', lbl ->> 'ar', pr ->> 'days_remaining', pr ->> 'days_in_period')),
         1, (pr ->> 'charge')::numeric, (pr ->> 'charge')::numeric, private.now(), s.current_period_end,
         jsonb_build_object('proration', pr, 'plan_code', target ->> 'plan_code', 'side', 'charge'));
      inv := private.finalize_invoice_core(inv.id);
    end if;
    perform private.sync_tenant_plan(s, 'subscription.change_plan');
    perform private.record_mrr(s.id, mrr_before);
    eff := 'now';
  else
    update public.subscriptions x set pending_plan_id = new_plan, updated_at = private.now() where x.id = s.id;
  end if;
  perform audit.record('subscription.change_plan', 'subscription', s.id::text, before_json,
    private.subscription_json(s.id) || jsonb_build_object('direction', target ->> 'direction', 'effective', eff, 'proration', pr), s.tenant_id, reason);
  return private.subscription_json(s.id) || jsonb_build_object('direction', target ->> 'direction', 'effective', eff, 'proration', pr,
    'invoice', case when inv.id is not null then private.invoice_json(inv.id) end);
end
$$;

-- ── the plan-alone path (no live plan subscription: nothing to bill) ───────────────────────

create function private.change_plan_alone(t public.tenants, plan_code text, effective text, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
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
    raise exception using errcode = 'PT404', message = format('no plan %s', coalesce(plan_code, '(null)')), detail = 'plans.not_found',
      hint = coalesce('plans: ' || (select string_agg(p.code, ', ' order by p.tier) from public.plans p where p.is_current and p.status = 'active'), 'none');
  end if;
  if new_plan.status <> 'active' then
    raise exception using errcode = 'PT409', message = format('plan %s is archived', plan_code), detail = 'plans.archived',
      hint = 'choose an active plan';
  end if;
  select * into cur from public.tenant_plans x where x.tenant_id = t.id for update;
  select * into old_plan from public.plans p where p.id = cur.plan_id;
  if old_plan.id = new_plan.id then
    raise exception using errcode = 'PT409', message = format('the tenant is already on %s v%s', new_plan.code, new_plan.version),
      detail = 'plans.same_plan', hint = 'choose another plan';
  end if;
  new_price := private.plan_price(new_plan.id, t.currency, coalesce(cur.billing_interval, 'month'));
  if new_price is null then
    raise exception using errcode = '22023', message = format('plan %s has no %s price in %s', plan_code, coalesce(cur.billing_interval, 'month'), t.currency),
      detail = 'plans.no_price', hint = 'add a price for the tenant''s currency first';
  end if;
  old_price := coalesce(private.plan_price(old_plan.id, t.currency, cur.billing_interval), 0);
  direction := case when old_plan.id is null then 'new'
                    when new_price > old_price or (new_price = old_price and new_plan.tier > old_plan.tier) then 'upgrade'
                    when new_price < old_price or (new_price = old_price and new_plan.tier < old_plan.tier) then 'downgrade'
                    else 'lateral' end;
  violations := private.plan_violations(t.id, new_plan.id);
  if cardinality(violations) > 0 then
    raise exception using errcode = 'PT409',
      message = format('current usage exceeds the hard limits of %s', plan_code), detail = 'plans.downgrade_blocked',
      hint = array_to_string(violations, '; ');
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
  perform private.refresh_entitlements(t.id, 'plan.change');
  return result;
end
$$;

-- ── the rule ────────────────────────────────────────────────────────────────────────────────

-- The tenant's live plan subscription, locked; null when it has none.
create function private.live_plan_subscription(tenant_id uuid)
returns public.subscriptions
language sql
security definer
set search_path = ''
as $$
  select * from public.subscriptions s
  where s.tenant_id = live_plan_subscription.tenant_id and s.plan_id is not null and s.status <> 'cancelled'
  for update
$$;

-- Decides a tenant's plan change (see the header). The caller has checked permissions; billing
-- needs billing.write on top of plans.write, checked here when the tenant has a subscription.
create function private.change_tenant_plan(tenant_id uuid, plan_code text, effective text, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
  s public.subscriptions;
  changed jsonb;
  from_code text;
begin
  if effective is not null and effective not in ('now', 'period_end') then
    raise exception using errcode = '22023', message = 'effective must be now or period_end', detail = 'plans.invalid_effective',
      hint = format('got %s', effective);
  end if;
  select * into t from public.tenants x where x.id = change_tenant_plan.tenant_id for update;
  if t.id is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found', hint = 'check the tenant id';
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

-- ── the public entry points ─────────────────────────────────────────────────────────────────

-- Moves a tenant to the current version of a plan (see the header for the rule). effective:
-- 'now', 'period_end', or null for the rule's default (upgrade now, downgrade at the period end
-- for a subscription; now without one). Needs plans.write, and billing.write when it bills.
create or replace function public.change_plan(tenant_id uuid, plan_code text, effective text default 'now', reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.assert_permission('plans.write');
  return private.change_tenant_plan(tenant_id, plan_code, effective, reason);
end
$$;
comment on function public.change_plan(uuid, text, text, text) is
  'The one plan change of a tenant: through its live subscription (prorated, invoiced, entitlements at the effective time), else the plan alone (billed false). plans.write (+ billing.write with a subscription).';

-- The Billing tab's entry point, by subscription: the subscription path of the same rule.
create or replace function public.change_subscription_plan(subscription_id uuid, plan_code text, effective text default null, reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
begin
  perform private.assert_permission('billing.write');
  if effective is not null and effective not in ('now', 'period_end') then
    perform private.billing_fail('22023', 'invalid_effective', format('effective must be now or period_end, got %s', effective), 'or null for the default');
  end if;
  s := private.lock_subscription(change_subscription_plan.subscription_id);
  return private.change_subscription_plan_core(s, plan_code, effective, reason);
end
$$;
comment on function public.change_subscription_plan(uuid, text, text, text) is
  'Changes a subscription''s plan: upgrade now prorated by day and invoiced, downgrade at period end; the tenant''s plan and entitlements follow. Same rule as change_plan. billing.write.';

-- What change_plan would do, without writing: {billed, subscription_id, direction,
-- default_effective, proration (subscription, 'now'), violations, old_amount, new_amount, currency}.
create function public.preview_plan_change(tenant_id uuid, plan_code text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
  s public.subscriptions;
  cur public.tenant_plans;
  old_plan public.plans;
  new_plan public.plans;
  target jsonb;
  old_price numeric;
  new_price numeric;
begin
  perform private.assert_permission('plans.read');
  select * into t from public.tenants x where x.id = preview_plan_change.tenant_id;
  if t.id is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found', hint = 'check the tenant id';
  end if;
  select * into s from public.subscriptions x
  where x.tenant_id = t.id and x.plan_id is not null and x.status <> 'cancelled';
  if s.id is not null then
    target := private.plan_change_target(s, plan_code);
    return target || jsonb_build_object('billed', true, 'subscription_id', s.id, 'subscription_status', s.status,
      'currency', s.currency, 'interval', s.billing_interval,
      'proration', case when s.status <> 'trialing' and target ->> 'direction' <> 'keep'
                        then private.plan_change_proration(s, (target ->> 'old_amount')::numeric, (target ->> 'new_amount')::numeric) end,
      'violations', to_jsonb(private.plan_violations(t.id, (target ->> 'plan_id')::uuid)));
  end if;
  select * into new_plan from public.plans p where p.code = plan_code and p.is_current;
  if new_plan.id is null then
    raise exception using errcode = 'PT404', message = format('no plan %s', coalesce(plan_code, '(null)')), detail = 'plans.not_found',
      hint = 'see public.plans';
  end if;
  select * into cur from public.tenant_plans x where x.tenant_id = t.id;
  select * into old_plan from public.plans p where p.id = cur.plan_id;
  old_price := coalesce(private.plan_price(old_plan.id, t.currency, coalesce(cur.billing_interval, 'month')), 0);
  new_price := private.plan_price(new_plan.id, t.currency, coalesce(cur.billing_interval, 'month'));
  return jsonb_build_object('billed', false, 'subscription_id', null, 'plan_id', new_plan.id, 'plan_code', new_plan.code,
    'from_plan_code', old_plan.code, 'currency', t.currency, 'interval', coalesce(cur.billing_interval, 'month'),
    'old_amount', old_price, 'new_amount', new_price,
    'direction', case when old_plan.id is null then 'new' when old_plan.id = new_plan.id then 'keep'
                      when new_price > old_price or (new_price = old_price and new_plan.tier > old_plan.tier) then 'upgrade'
                      when new_price < old_price or (new_price = old_price and new_plan.tier < old_plan.tier) then 'downgrade'
                      else 'lateral' end,
    'default_effective', 'now', 'proration', null,
    'violations', to_jsonb(private.plan_violations(t.id, new_plan.id)));
end
$$;
comment on function public.preview_plan_change(uuid, text) is
  'What change_plan would do for a tenant (billed through its subscription or not, direction, proration, violations), without writing. plans.read.';

revoke execute on function private.change_subscription_plan_core(public.subscriptions, text, text, text),
  private.change_plan_alone(public.tenants, text, text, text), private.live_plan_subscription(uuid),
  private.change_tenant_plan(uuid, text, text, text) from public, anon, authenticated;
revoke execute on function public.preview_plan_change(uuid, text) from public, anon;
grant execute on function public.preview_plan_change(uuid, text) to authenticated, service_role;
