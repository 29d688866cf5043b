-- Billing (C6) review fixes to the invoicing functions of 20261123001210_billing_invoicing.sql
-- (proven by supabase/tests/billing_review_invoicing.test.sql):
-- * Plan-restricted coupons (plan_codes) discount only while the subscription is on one of their
--   plans: private.apply_invoice_discounts skips them otherwise (the period is not counted on the
--   redemption) and private.subscription_mrr leaves them out. They were checked only at redemption,
--   so an upgrade to another plan kept the discount on every later invoice and in the MRR.
-- * A plan change 'now' credits the old plan's unused time at what the period's invoice charged
--   after coupons (private.plan_change_proration), as the unused-time credits already do.
-- * create_invoice refuses, with billing.invalid_lines, quantities with more than 3 decimals and
--   amounts that would overflow numeric(14,3).
-- Signatures are unchanged: the grants of the original functions stay.

-- ── coupons ──

create or replace function private.subscription_mrr(subscription_id uuid)
returns numeric
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  amount numeric;
  c record;
  mu int;
begin
  select * into s from public.subscriptions x where x.id = subscription_mrr.subscription_id;
  if s.id is null or s.status not in ('active', 'past_due', 'suspended') then
    return 0;
  end if;
  mu := private.currency_minor_unit(s.currency);
  amount := private.subscription_amount(s);
  for c in
    select k.kind, k.percent_off, k.amount_off from public.coupon_redemptions r join public.coupons k on k.id = r.coupon_id
    where r.subscription_id = s.id and r.ended_at is null and k.duration in ('forever', 'repeating')
      -- a plan-restricted coupon counts only while the subscription is on one of its plans
      and (k.plan_codes is null or exists (select from public.plans p where p.id = s.plan_id and p.code = any (k.plan_codes)))
    order by (k.kind = 'fixed'), r.redeemed_at, r.id
  loop
    if c.kind = 'percent' then
      amount := amount - round(amount * c.percent_off / 100, mu);
    else
      amount := greatest(amount - c.amount_off, 0);
    end if;
  end loop;
  if s.billing_interval = 'year' then
    amount := amount / 12;
  end if;
  return round(greatest(amount, 0), mu);
end
$$;

create or replace function private.apply_invoice_discounts(invoice_id uuid, subscription_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  c record;
  l record;
  mu int;
  left_over numeric;
  d numeric;
  used numeric;
  sub_plan_code text;
begin
  if not exists (select from public.coupon_redemptions r where r.subscription_id = apply_invoice_discounts.subscription_id and r.ended_at is null) then
    return;
  end if;
  select p.code into sub_plan_code from public.subscriptions x join public.plans p on p.id = x.plan_id
  where x.id = apply_invoice_discounts.subscription_id;
  select private.currency_minor_unit(i.currency) into mu from public.invoices i where i.id = apply_invoice_discounts.invoice_id;
  for c in
    select r.id as redemption_id, r.periods_applied, k.code, k.kind, k.percent_off, k.amount_off, k.duration, k.duration_periods
    from public.coupon_redemptions r join public.coupons k on k.id = r.coupon_id
    where r.subscription_id = apply_invoice_discounts.subscription_id and r.ended_at is null
      -- a plan-restricted coupon (checked at redemption) also discounts only while the subscription
      -- is on one of its plans: after a move to another plan it waits, its periods not counted
      and (k.plan_codes is null or sub_plan_code = any (k.plan_codes))
    order by (k.kind = 'fixed'), r.redeemed_at, r.id
  loop
    used := 0;
    if c.kind = 'percent' then
      for l in select x.id, x.amount - x.discount_amount as remaining from public.invoice_lines x
               where x.invoice_id = apply_invoice_discounts.invoice_id and x.kind in ('plan', 'add_on') and x.amount > x.discount_amount
               order by x.position loop
        d := least(round(l.remaining * c.percent_off / 100, mu), l.remaining);
        if d > 0 then
          update public.invoice_lines x set discount_amount = x.discount_amount + d,
            source = jsonb_set(x.source, '{coupons}', coalesce(x.source -> 'coupons', '[]') || jsonb_build_array(jsonb_build_object('code', c.code, 'amount', d)))
          where x.id = l.id;
          used := used + d;
        end if;
      end loop;
    else
      left_over := c.amount_off;
      for l in select x.id, x.amount - x.discount_amount as remaining from public.invoice_lines x
               where x.invoice_id = apply_invoice_discounts.invoice_id and x.kind in ('plan', 'add_on') and x.amount > x.discount_amount
               order by x.position loop
        exit when left_over <= 0;
        d := least(left_over, l.remaining);
        update public.invoice_lines x set discount_amount = x.discount_amount + d,
          source = jsonb_set(x.source, '{coupons}', coalesce(x.source -> 'coupons', '[]') || jsonb_build_array(jsonb_build_object('code', c.code, 'amount', d)))
        where x.id = l.id;
        left_over := left_over - d;
        used := used + d;
      end loop;
    end if;
    update public.coupon_redemptions r set periods_applied = r.periods_applied + 1,
      ended_at = case when (c.duration = 'once') or (c.duration = 'repeating' and r.periods_applied + 1 >= c.duration_periods)
                      then private.now() end
    where r.id = c.redemption_id;
  end loop;
end
$$;

-- ── manual invoices ──

create or replace function public.create_invoice(tenant_id uuid, lines jsonb, memo text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
  inv public.invoices;
  l jsonb;
  i int := 0;
  k text;
  q numeric;
  u numeric;
  mu int;
  sum_abs numeric := 0;
begin
  perform private.assert_permission('billing.write');
  t := private.billing_tenant(create_invoice.tenant_id);
  mu := private.currency_minor_unit(t.currency);
  if lines is null or jsonb_typeof(lines) <> 'array' or jsonb_array_length(lines) = 0 or jsonb_array_length(lines) > 200 then
    perform private.billing_fail('22023', 'invalid_lines', 'lines must be an array of 1 to 200 lines',
      '[{"description":{"en":"…","ar":"…"},"quantity":1,"unit_amount":10,"kind":"adjustment"}]');
  end if;
  if memo is not null and length(memo) > 2000 then
    perform private.billing_fail('22023', 'invalid_memo', 'the memo is at most 2000 characters', 'shorten it');
  end if;
  for l in select x from jsonb_array_elements(lines) x loop
    i := i + 1;
    if jsonb_typeof(l) <> 'object' or jsonb_typeof(l -> 'description') is distinct from 'object'
       or coalesce(trim(l -> 'description' ->> 'en'), '') = '' then
      perform private.billing_fail('22023', 'invalid_lines', format('line %s needs a description {en, ar}', i), 'description.en must not be blank');
    end if;
    k := coalesce(l ->> 'kind', 'adjustment');
    if k not in ('plan', 'add_on', 'proration', 'overage', 'adjustment') then
      perform private.billing_fail('22023', 'invalid_lines', format('line %s: unknown kind %s', i, k), 'plan, add_on, proration, overage or adjustment');
    end if;
    if (l ? 'quantity' and jsonb_typeof(l -> 'quantity') <> 'number') or jsonb_typeof(l -> 'unit_amount') is distinct from 'number' then
      perform private.billing_fail('22023', 'invalid_lines', format('line %s: quantity and unit_amount must be numbers', i), 'unit_amount is required');
    end if;
    q := coalesce((l ->> 'quantity')::numeric, 1);
    u := (l ->> 'unit_amount')::numeric;
    if q <= 0 or q > 1000000 then
      perform private.billing_fail('22023', 'invalid_lines', format('line %s: quantity must be above 0', i), format('got %s', q));
    end if;
    -- the line stores quantity as numeric(14,3): more decimals would be stored as another quantity
    if round(q, 3) <> q then
      perform private.billing_fail('22023', 'invalid_lines', format('line %s: quantity %s has more than 3 decimals', i, q), 'give at most 3 decimals');
    end if;
    if u < 0 and k <> 'adjustment' then
      perform private.billing_fail('22023', 'invalid_lines', format('line %s: a negative amount must be an adjustment', i), 'use kind adjustment for credits');
    end if;
    if round(u, mu) <> u or abs(u) >= 100000000 then
      perform private.billing_fail('22023', 'invalid_lines', format('line %s: unit_amount %s has more than %s decimals for %s or is too large', i, u, mu, t.currency),
        'give unit amounts in the currency''s minor unit');
    end if;
    -- amounts are numeric(14,3) (below 10^11): each line and the lines together stay below 10^10,
    -- so the total with tax (rate < 100 %) fits; otherwise a raw numeric overflow, with no billing code
    if abs(round(q * u, mu)) >= 10000000000 then
      perform private.billing_fail('22023', 'invalid_lines', format('line %s: amount %s is too large', i, round(q * u, mu)), 'a line amount stays below 10 000 000 000');
    end if;
    sum_abs := sum_abs + abs(round(q * u, mu));
  end loop;
  if sum_abs >= 10000000000 then
    perform private.billing_fail('22023', 'invalid_lines', format('the lines add up to %s, too large for one invoice', sum_abs),
      'the lines together stay below 10 000 000 000; split the invoice');
  end if;
  inv := private.new_invoice(t.id, null, 'manual', t.currency, null, null, null, memo);
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, source)
  select inv.id, t.id, x.n, coalesce(x.v ->> 'kind', 'adjustment'), x.v -> 'description', coalesce((x.v ->> 'quantity')::numeric, 1),
         (x.v ->> 'unit_amount')::numeric, round(coalesce((x.v ->> 'quantity')::numeric, 1) * (x.v ->> 'unit_amount')::numeric, mu),
         jsonb_build_object('manual', true)
  from jsonb_array_elements(lines) with ordinality x(v, n);
  inv := private.recompute_invoice_amounts(inv.id);
  perform audit.record('invoice.create', 'invoice', inv.id::text, null,
    jsonb_build_object('status', 'draft', 'currency', inv.currency, 'total', inv.total, 'lines', jsonb_array_length(lines)), t.id, memo);
  return private.invoice_json(inv.id);
end
$$;

-- ── plan changes ──

-- Proration of a plan change 'now' (preview = change): private.proration with the old plan's price
-- scaled by the share of the period's list price that its invoice (the open or paid
-- subscription_create / subscription_cycle invoice of the current period) really charged after
-- coupons, as private.unused_time_credit does; nothing billed for the period → no credit. The new
-- plan is charged at its list price (coupons do not discount proration lines).
-- Why: the credit was the old list price × remaining / days, so a period paid at 50 % off (or free)
-- was credited in full and a downgrade 'now' put money the tenant never paid on its balance.
create or replace function private.plan_change_proration(s public.subscriptions, old_amount numeric, new_amount numeric)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  pinv uuid;
  gross numeric;
  disc numeric;
  credited numeric := 0;
begin
  select i.id into pinv from public.invoices i
  where i.subscription_id = s.id and i.period_start = s.current_period_start
    and i.billing_reason in ('subscription_create', 'subscription_cycle') and i.status in ('open', 'paid')
  order by i.created_at desc limit 1;
  if pinv is not null then
    select coalesce(sum(l.amount), 0), coalesce(sum(l.discount_amount), 0) into gross, disc
    from public.invoice_lines l where l.invoice_id = pinv and l.kind in ('plan', 'add_on');
    credited := case when gross > 0 then coalesce(old_amount, 0) * (gross - disc) / gross else coalesce(old_amount, 0) end;
  end if;
  -- the proration's shape is unchanged; its old_amount is the per-period amount credited
  return private.proration(s, credited, new_amount) || jsonb_build_object('old_amount', trim_scale(round(credited, 6)));
end
$$;
revoke execute on function private.plan_change_proration(public.subscriptions, numeric, numeric) from public, anon, authenticated;

create or replace function public.preview_subscription_change(subscription_id uuid, plan_code text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  target jsonb;
begin
  perform private.assert_permission('billing.read');
  select * into s from public.subscriptions x where x.id = preview_subscription_change.subscription_id;
  if s.id is null then
    perform private.billing_fail('PT404', 'subscription_not_found', 'no such subscription', 'check the subscription id');
  end if;
  target := private.plan_change_target(s, plan_code);
  return target || jsonb_build_object('subscription_id', s.id, 'status', s.status,
    'proration', case when s.status <> 'trialing' and target ->> 'direction' <> 'keep'
                      then private.plan_change_proration(s, (target ->> 'old_amount')::numeric, (target ->> 'new_amount')::numeric) end,
    'violations', to_jsonb(private.plan_violations(s.tenant_id, (target ->> 'plan_id')::uuid)));
end
$$;

create or replace function public.change_subscription_plan(subscription_id uuid, plan_code text, effective text default null, reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  before_json jsonb;
  target jsonb;
  eff text;
  pr jsonb;
  inv public.invoices;
  mrr_before numeric;
  violations text[];
  new_plan uuid;
  base int;
  lbl jsonb;
begin
  perform private.assert_permission('billing.write');
  if effective is not null and effective not in ('now', 'period_end') then
    perform private.billing_fail('22023', 'invalid_effective', format('effective must be now or period_end, got %s', effective), 'or null for the default');
  end if;
  s := private.lock_subscription(change_subscription_plan.subscription_id);
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
