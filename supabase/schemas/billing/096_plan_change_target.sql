CREATE FUNCTION private.plan_change_target(s public.subscriptions, plan_code text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.plans;
  old_plan public.plans;
  old_amount numeric;
  new_amount numeric;
  direction text;
begin
  if s.status not in ('trialing', 'active', 'past_due') then
    perform private.fail('billing.subscription_not_changeable', format('a %s subscription cannot change plan', s.status),
      case when s.status = 'cancelled' then 'create a new subscription' else 'settle the overdue invoices first' end);
  end if;
  if s.plan_id is null then
    perform private.fail('billing.subscription_has_no_plan', 'an add-on-only subscription has no plan to change');
  end if;
  p := private.current_plan(plan_code);
  if p.id = s.plan_id and s.pending_plan_id is null then
    perform private.fail('billing.same_plan', format('the subscription is already on %s', p.code));
  end if;
  select * into old_plan from public.plans x where x.id = s.plan_id;
  new_amount := private.plan_price(p.id, s.currency, s.billing_interval);
  if new_amount is null then
    perform private.fail('billing.no_price', format('plan %s has no %s price in %s', p.code, s.billing_interval, s.currency),
      'add the price first');
  end if;
  old_amount := coalesce(private.plan_price(s.plan_id, s.currency, s.billing_interval), 0);
  direction := case when p.id = s.plan_id then 'keep'
                    when new_amount > old_amount or (new_amount = old_amount and p.tier > old_plan.tier) then 'upgrade'
                    when new_amount < old_amount or (new_amount = old_amount and p.tier < old_plan.tier) then 'downgrade'
                    else 'lateral' end;
  return jsonb_build_object('plan_id', p.id, 'plan_code', p.code, 'from_plan_code', old_plan.code, 'direction', direction,
                            'old_amount', old_amount, 'new_amount', new_amount,
                            'default_effective', case when direction = 'upgrade' then 'now' else 'period_end' end);
end
$$;

REVOKE ALL ON FUNCTION private.plan_change_target(s public.subscriptions, plan_code text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.plan_change_target(s public.subscriptions, plan_code text) FROM PUBLIC;
