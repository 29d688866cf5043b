CREATE FUNCTION private.invoice_period(subscription_id uuid, period_start timestamp with time zone) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
declare
  s public.subscriptions;
  key text := 'invoice:' || invoice_period.subscription_id || ':' || private.iso_instant(invoice_period.period_start);
  existing uuid;
  tz text;
  mrr_before numeric;
  new_plan uuid;
  new_end timestamptz;
  was_trial boolean;
  mrr_changes boolean;
  inv public.invoices;
  now_at timestamptz := private.now();
begin
  select * into s from public.subscriptions x where x.id = invoice_period.subscription_id for update;
  if s.id is null then
    return null;
  end if;
  select i.id into existing from public.invoices i where i.idempotency_key = key;
  if existing is not null then
    return existing;
  end if;
  if s.current_period_end <> invoice_period.period_start or s.status not in ('trialing', 'active', 'past_due')
     or s.current_period_end > now_at then
    return null;
  end if;
  select t.timezone into tz from public.tenants t where t.id = s.tenant_id;
  -- the value changes only with a trial ending, a scheduled plan change, a coupon running out or a cancellation
  mrr_changes := s.status = 'trialing' or s.pending_plan_id is not null or s.cancel_at_period_end
                 or exists (select from public.coupon_redemptions r where r.subscription_id = s.id and r.ended_at is null);
  if mrr_changes then
    mrr_before := private.subscription_mrr(s.id);
  end if;
  if s.cancel_at_period_end then
    update public.subscriptions x set status = 'cancelled', cancelled_at = s.current_period_end, cancel_at_period_end = false,
      pending_plan_id = null, status_changed_at = now_at, updated_at = now_at where x.id = s.id;
    perform private.record_mrr(s.id, mrr_before);
    -- the last period's unbilled overage on a final invoice (no credit: the period was used)
    perform private.final_invoice(s, null);
    perform audit.record('subscription.cancelled', 'subscription', s.id::text, jsonb_build_object('status', s.status),
      jsonb_build_object('status', 'cancelled', 'at', s.current_period_end), s.tenant_id, 'cancel at period end');
    return null;
  end if;
  new_plan := s.plan_id;
  if s.pending_plan_id is not null then
    if cardinality(private.plan_violations(s.tenant_id, s.pending_plan_id)) > 0 then
      perform audit.record('subscription.downgrade_blocked', 'subscription', s.id::text, null,
        jsonb_build_object('pending_plan_id', s.pending_plan_id), s.tenant_id, 'usage exceeds the new plan''s hard limits');
    else
      new_plan := s.pending_plan_id;
    end if;
  end if;
  was_trial := s.status = 'trialing';
  if was_trial then
    s.billing_anchor := invoice_period.period_start;  -- the first paid period anchors the cycle
  end if;
  new_end := private.next_period_end(s.billing_anchor, s.billing_interval, invoice_period.period_start, tz);
  update public.subscriptions x
  set plan_id = new_plan, pending_plan_id = null, status = case when was_trial then 'active' else x.status end,
      billing_anchor = s.billing_anchor,
      status_changed_at = case when was_trial then now_at else x.status_changed_at end,
      current_period_start = invoice_period.period_start, current_period_end = new_end, updated_at = now_at
  where x.id = s.id
  returning * into s;
  inv := private.build_subscription_invoice(s, case when was_trial then 'subscription_create' else 'subscription_cycle' end, key,
                                            invoice_period.period_start, new_end, s.plan_id is not null, false);
  perform private.sync_tenant_plan(s, 'invoice_run');
  if mrr_changes then
    perform private.record_mrr(s.id, mrr_before);
  end if;
  -- one entry for the renewal and its invoice's finalisation
  perform audit.record('subscription.renew', 'subscription', s.id::text, null,
    jsonb_build_object('period_start', s.current_period_start, 'period_end', s.current_period_end, 'plan_id', s.plan_id, 'status', s.status,
                       'invoice', jsonb_build_object('id', inv.id, 'number', inv.number, 'status', inv.status, 'total', inv.total,
                                                     'amount_due', inv.amount_due, 'issue_date', inv.issue_date, 'due_date', inv.due_date)),
    s.tenant_id, null);
  -- a subscription more than one period behind: bill the next one too
  if s.current_period_end <= now_at then
    perform private.enqueue('billing', 'billing.invoice_period',
      jsonb_build_object('subscription_id', s.id, 'period_start', private.iso_instant(s.current_period_end)),
      'invoice:' || s.id || ':' || private.iso_instant(s.current_period_end));
  end if;
  return inv.id;
end
$$;

REVOKE ALL ON FUNCTION private.invoice_period(subscription_id uuid, period_start timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.invoice_period(subscription_id uuid, period_start timestamp with time zone) FROM PUBLIC;
