CREATE FUNCTION private.dunning_step(case_id uuid, force boolean DEFAULT false, reason text DEFAULT NULL::text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.dunning_cases;
  pol public.dunning_policy;
  inv public.invoices;
  n record;
  v_now timestamptz := private.now();
  v_skip boolean := false;
  v_detail jsonb;
  v_gateway text;
  v_held boolean;
  v_plan boolean;
  v_no_method boolean := false;
  pm public.payment_methods;
begin
  select * into c from public.dunning_cases x where x.id = dunning_step.case_id for update;
  if c.id is null or c.closed_at is not null then
    return null;
  end if;
  select * into pol from public.dunning_policy p where p.id = 1;
  n := private.dunning_next(c, pol);
  if n.action is null or (not force and n.at > v_now) then
    return null;
  end if;
  select * into inv from public.invoices i where i.id = c.invoice_id for update;
  if inv.status <> 'open' and n.action <> 'written_off' then
    -- Paid / void invoices close their case by trigger; anything else (uncollectible) stops here.
    update public.dunning_cases x set next_action = null, next_action_at = null, last_result = 'invoice ' || inv.status
    where x.id = c.id;
    return null;
  end if;
  v_detail := jsonb_build_object('day', n.day, 'scheduled_at', n.at, 'forced', force);

  if n.action = 'retry' then
    v_skip := not force and coalesce(private.dunning_day_at(c.due_date, c.timezone, pol.retry_days[c.retries_done + 2]) <= v_now, false);
    if not v_skip then
      -- Off-session: only with the tenant's default saved method, on that method's gateway.
      select * into pm from public.payment_methods m where m.tenant_id = c.tenant_id and m.is_default;
      if pm.id is null then
        v_skip := true;
        v_no_method := true;
        v_detail := v_detail || jsonb_build_object('skip_reason', 'no payment method on file');
      else
        v_gateway := pm.gateway;
        perform private.enqueue('billing', 'billing.retry_payment',
          jsonb_build_object('action', 'charge', 'invoice_id', inv.id, 'tenant_id', inv.tenant_id, 'amount', inv.amount_due,
            'currency', inv.currency, 'gateway', v_gateway, 'payment_method_id', pm.id, 'customer_ref', pm.customer_ref,
            'method_ref', pm.method_ref),
          format('dunning_retry:%s:%s', c.id, c.retries_done + 1));
        v_detail := v_detail || jsonb_build_object('gateway', v_gateway, 'amount', inv.amount_due, 'payment_method_id', pm.id,
          'card', concat_ws(' ', pm.brand, pm.last4));
      end if;
    end if;
    update public.dunning_cases x set retries_done = x.retries_done + 1,
      last_result = case when v_no_method then 'retry skipped (no payment method on file)'
                         when v_skip then 'retry skipped (caught up)' else 'retry requested' end
    where x.id = c.id returning * into c;
  elsif n.action = 'reminder' then
    v_skip := not force and coalesce(private.dunning_day_at(c.due_date, c.timezone, pol.reminder_days[c.reminders_sent + 2]) <= v_now, false);
    if not v_skip then
      perform private.enqueue('notifications', 'billing.payment_reminder',
        jsonb_build_object('case_id', c.id, 'invoice_id', inv.id, 'invoice_number', inv.number, 'tenant_id', inv.tenant_id,
          'day', n.day, 'stage', c.stage, 'amount_due', inv.amount_due, 'currency', inv.currency, 'due_date', inv.due_date,
          'billing_email', (select b.billing_email from public.billing_profiles b where b.tenant_id = c.tenant_id)),
        format('dunning_reminder:%s:%s', c.id, c.reminders_sent + 1));
    end if;
    update public.dunning_cases x set reminders_sent = x.reminders_sent + 1,
      last_result = case when v_skip then 'reminder skipped (caught up)' else 'reminder queued' end
    where x.id = c.id returning * into c;
  elsif n.action = 'warned' then
    update public.dunning_cases x set stage = 'warned', last_result = 'warned' where x.id = c.id returning * into c;
  elsif n.action in ('past_due', 'suspended') then
    v_plan := exists (select from public.subscriptions s where s.id = c.subscription_id and s.plan_id is not null);
    v_held := private.dunning_hold_subscription(c, n.action);
    v_detail := v_detail || jsonb_build_object('subscription', case when c.subscription_id is null then 'none'
                                                                    when v_held then n.action else 'untouched' end);
    update public.dunning_cases x set stage = n.action, held_subscription = x.held_subscription or v_held, last_result = n.action
    where x.id = c.id returning * into c;
    if v_plan then
      v_held := private.dunning_hold_tenant(c, case when n.action = 'past_due' then 'grace' else 'suspended' end);
      update public.dunning_cases x set held_tenant = x.held_tenant or v_held where x.id = c.id returning * into c;
      perform private.notify('tenant.suspended', c.tenant_id, c.id::text, jsonb_build_object('invoice_number', inv.number,
        'amount_due', inv.amount_due::text, 'currency', inv.currency)) where n.action = 'suspended' and v_held;
      v_detail := v_detail || jsonb_build_object('tenant', (select t.status from public.tenants t where t.id = c.tenant_id),
        'tenant_held', v_held);
    else
      v_detail := v_detail || jsonb_build_object('tenant', 'untouched');
    end if;
  elsif n.action = 'written_off' then
    if inv.status = 'open' then
      perform public.mark_invoice_uncollectible(inv.id, format('dunning: unpaid %s days after the due date', n.day));
    end if;
    update public.dunning_cases x set stage = 'written_off', closed_at = v_now, last_result = 'written off'
    where x.id = c.id returning * into c;
  end if;

  if v_skip then
    v_detail := v_detail || jsonb_build_object('skipped', true);
  end if;
  c := private.dunning_set_next(c.id);
  perform private.dunning_event(c, n.action, v_detail, dunning_step.reason);
  return n.action;
end
$$;

REVOKE ALL ON FUNCTION private.dunning_step(case_id uuid, force boolean, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_step(case_id uuid, force boolean, reason text) FROM PUBLIC;
