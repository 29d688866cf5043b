CREATE FUNCTION private.change_subscription_plan_core(s public.subscriptions, plan_code text, effective text, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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
    perform private.fail('billing.invalid_effective', format('effective must be now or period_end, got %s', effective));
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
    perform private.fail('billing.plan_limits_exceeded', format('current usage exceeds the hard limits of %s', target ->> 'plan_code'),
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
  perform private.emit_subscription_event('subscription.changed', s.id);  -- integrations
  return private.subscription_json(s.id) || jsonb_build_object('direction', target ->> 'direction', 'effective', eff, 'proration', pr,
    'invoice', case when inv.id is not null then private.invoice_json(inv.id) end);
end
$$;

REVOKE ALL ON FUNCTION private.change_subscription_plan_core(s public.subscriptions, plan_code text, effective text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.change_subscription_plan_core(s public.subscriptions, plan_code text, effective text, reason text) FROM PUBLIC;
