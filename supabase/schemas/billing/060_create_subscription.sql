-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.create_subscription, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.create_subscription(tenant_id uuid, plan_code text, billing_interval text DEFAULT 'month'::text, add_ons jsonb DEFAULT '[]'::jsonb, coupon_code text DEFAULT NULL::text, trial_days integer DEFAULT NULL::integer, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.create_subscription(tenant_id, plan_code, billing_interval, add_ons, coupon_code, trial_days, reason) $$;

CREATE FUNCTION private.create_subscription(tenant_id uuid, plan_code text, billing_interval text DEFAULT 'month'::text, add_ons jsonb DEFAULT '[]'::jsonb, coupon_code text DEFAULT NULL::text, trial_days integer DEFAULT NULL::integer, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  p public.plans;
  s public.subscriptions;
  inv public.invoices;
  a jsonb;
  days int;
  now_at timestamptz := private.now();
  violations text[];
  mrr_before numeric := 0;
  p_interval text := coalesce(create_subscription.billing_interval, 'month');
begin
  perform private.assert_permission('billing.write');
  if p_interval not in ('month', 'year') then
    perform private.fail('billing.invalid_interval', format('billing interval must be month or year, got %s', p_interval));
  end if;
  if trial_days is not null and trial_days not between 0 and 365 then
    perform private.fail('billing.invalid_trial_days', format('trial_days must be 0–365, got %s', trial_days));
  end if;
  if add_ons is not null and jsonb_typeof(add_ons) <> 'array' then
    perform private.fail('billing.invalid_add_ons', 'add_ons must be an array of {code, quantity}');
  end if;
  t := private.billing_tenant(create_subscription.tenant_id, true);
  perform private.currency_minor_unit(t.currency);
  p := private.current_plan(plan_code);
  if private.plan_price(p.id, t.currency, p_interval) is null then
    perform private.fail('billing.no_price', format('plan %s has no %s price in %s', p.code, p_interval, t.currency));
  end if;
  if exists (select from public.subscriptions x where x.tenant_id = t.id and x.plan_id is not null and x.status <> 'cancelled') then
    perform private.fail('billing.subscription_exists', 'the tenant has a live plan subscription already');
  end if;
  for a in select x from jsonb_array_elements(coalesce(add_ons, '[]')) x loop
    if jsonb_typeof(a) <> 'object' or jsonb_typeof(a -> 'code') is distinct from 'string'
       or (a ? 'quantity' and (jsonb_typeof(a -> 'quantity') <> 'number' or (a ->> 'quantity')::numeric not between 1 and 1000
                               or (a ->> 'quantity')::numeric <> trunc((a ->> 'quantity')::numeric))) then
      perform private.fail('billing.invalid_add_ons', format('bad add-on entry %s', a),
        '{"code":"extra_branch","quantity":1..1000}');
    end if;
    if not exists (select from public.add_ons x where x.code = a ->> 'code' and x.status = 'active') then
      perform private.fail('billing.unknown_add_on', format('no active add-on %s', a ->> 'code'));
    end if;
    if private.add_on_price(a ->> 'code', t.currency, p_interval) is null then
      perform private.fail('billing.no_price', format('add-on %s has no price in %s', a ->> 'code', t.currency));
    end if;
  end loop;
  if (select count(distinct x ->> 'code') <> count(*) from jsonb_array_elements(coalesce(add_ons, '[]')) x) then
    perform private.fail('billing.invalid_add_ons', 'an add-on is listed twice', 'give each add-on once with its quantity');
  end if;
  violations := private.plan_violations(t.id, p.id);
  if cardinality(violations) > 0 then
    perform private.fail('billing.plan_limits_exceeded', format('current usage exceeds the hard limits of %s', p.code),
      array_to_string(violations, '; '));
  end if;

  days := coalesce(trial_days, p.trial_days);
  insert into public.subscriptions (tenant_id, plan_id, billing_interval, currency, status, current_period_start, current_period_end,
                                    trial_end, billing_anchor, status_changed_at, created_by, created_at, updated_at)
  values (t.id, p.id, p_interval, t.currency, case when days > 0 then 'trialing' else 'active' end, now_at,
          case when days > 0 then private.local_add(now_at, make_interval(days => days), t.timezone)
               else private.period_boundary(now_at, p_interval, 1, t.timezone) end,
          case when days > 0 then private.local_add(now_at, make_interval(days => days), t.timezone) end,
          -- the anchor: now, or the trial end (the first paid period starts there)
          case when days > 0 then private.local_add(now_at, make_interval(days => days), t.timezone) else now_at end,
          now_at, auth.uid(), now_at, now_at)
  returning * into s;
  insert into public.subscription_add_ons (subscription_id, tenant_id, add_on_code, quantity)
  select s.id, t.id, x ->> 'code', coalesce((x ->> 'quantity')::int, 1) from jsonb_array_elements(coalesce(add_ons, '[]')) x;
  if coupon_code is not null then
    perform private.redeem_coupon(s, coupon_code);
  end if;
  if s.status = 'active' then
    inv := private.build_subscription_invoice(s, 'subscription_create', 'invoice:' || s.id || ':' || private.iso_instant(s.current_period_start),
                                              s.current_period_start, s.current_period_end, false);
  end if;
  perform private.sync_tenant_plan(s, 'subscription.create');
  if jsonb_array_length(coalesce(add_ons, '[]')) > 0 then
    insert into public.tenant_add_ons as x (tenant_id, add_on_code, quantity, started_at)
    select t.id, y ->> 'code', coalesce((y ->> 'quantity')::int, 1), now_at from jsonb_array_elements(add_ons) y
    on conflict on constraint tenant_add_ons_pkey do update set quantity = excluded.quantity, expires_at = null;
    perform private.refresh_entitlements(t.id, 'billing.add_on');
  end if;
  perform private.record_mrr(s.id, mrr_before);
  perform audit.record('subscription.create', 'subscription', s.id::text, null, private.subscription_json(s.id), t.id, reason);
  perform private.emit_subscription_event('subscription.created', s.id);  -- integrations
  return private.subscription_json(s.id) || jsonb_build_object('invoice', case when inv.id is not null then private.invoice_json(inv.id) end);
end
$$;

REVOKE ALL ON FUNCTION public.create_subscription(tenant_id uuid, plan_code text, billing_interval text, add_ons jsonb, coupon_code text, trial_days integer, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.create_subscription(tenant_id uuid, plan_code text, billing_interval text, add_ons jsonb, coupon_code text, trial_days integer, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_subscription(tenant_id uuid, plan_code text, billing_interval text, add_ons jsonb, coupon_code text, trial_days integer, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.create_subscription(tenant_id uuid, plan_code text, billing_interval text, add_ons jsonb, coupon_code text, trial_days integer, reason text) TO service_role;

COMMENT ON FUNCTION public.create_subscription(tenant_id uuid, plan_code text, billing_interval text, add_ons jsonb, coupon_code text, trial_days integer, reason text) IS 'Subscribes a tenant to a plan (interval, add-ons, coupon, trial days) (billing.write, optional reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.create_subscription(tenant_id uuid, plan_code text, billing_interval text, add_ons jsonb, coupon_code text, trial_days integer, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.create_subscription(tenant_id uuid, plan_code text, billing_interval text, add_ons jsonb, coupon_code text, trial_days integer, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.create_subscription(tenant_id uuid, plan_code text, billing_interval text, add_ons jsonb, coupon_code text, trial_days integer, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.create_subscription(tenant_id uuid, plan_code text, billing_interval text, add_ons jsonb, coupon_code text, trial_days integer, reason text) TO service_role;
