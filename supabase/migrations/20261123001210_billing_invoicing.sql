-- Billing (C6, C7), part 2: money, tax, billing profiles, subscriptions, coupons, invoices,
-- gapless numbering, proration, the invoice run and MRR movements.
--
-- Rules this file keeps (also in the README):
-- * Money. Every amount is rounded to its currency's minor unit (public.currencies: OMR, KWD, BHD
--   3 decimals; SAR, AED, QAR, USD, EUR 2) by private.round_money, which is PostgreSQL round() on
--   numeric: half away from zero (1.0005 OMR → 1.001, −1.0005 → −1.001).
-- * Rounding is per line. A line's amount (quantity × unit), its discount and its tax (on amount −
--   discount, at the invoice's rate) are each rounded; the invoice's subtotal, discount_total and
--   tax_total are sums of the rounded lines, total = subtotal − discount_total + tax_total, and
--   amount_due = total − balance_applied − amount_credited − amount_paid (never below 0).
-- * Tax. The rate is the tenant country's VAT valid on the invoice's issue date (public.tax_rates),
--   fixed when the invoice is finalised. tax_treatment reverse_charge / exempt: rate 0 and a
--   bilingual tax note on the invoice (the profile's own tax_note, else a standard one). The tax
--   registration number is copied onto the invoice.
-- * Dates. Issue and due dates are dates in the tenant's timezone; the billing year (numbering) is
--   the issue date's year. Due date = issue date + 7 days (net 7).
-- * Billing cycle anchor (subscriptions.billing_anchor, like Stripe's billing_cycle_anchor): set at
--   creation (no trial), at the trial end (trialing: the trial end; the run sets it again when it
--   ends the trial) and by any reactivation (a new subscription). The n-th period boundary is
--   anchor + n × interval on the tenant's local wall clock (private.period_boundary), which
--   PostgreSQL clamps to the month end: 31 Jan → 28/29 Feb → 31 Mar → 30 Apr → 31 May (no drift);
--   yearly 29 Feb → 28 Feb → … → 29 Feb in leap years; the local time of day is kept across DST.
--   The run computes each period end from the anchor (private.next_period_end), never from the
--   previous end. Rows inserted without an anchor get current_period_start (the trial end while
--   trialing) from a trigger.
-- * Numbering. HQ-<billing year>-<6 digits>, gapless per billing year: taken from
--   private.document_sequences under its row lock in the finalising transaction (a rollback gives
--   the number back; concurrent finalisations queue on the row and get consecutive numbers).
-- * Proration (plan upgrade 'now', add-on increase) is by day in the tenant's timezone: days
--   remaining = local period end date − local today (today counts as remaining, billed at the new
--   price), days in period = local end date − local start date. Two lines: a credit for the old
--   price × remaining / days and a charge for the new price × remaining / days, each rounded; the
--   old price is scaled by what the period's invoice charged after coupons, as for unused time.
--   Downgrades default to the period end (no proration). A net negative proration (explicit
--   downgrade 'now') finalises as a paid invoice and its credit goes to the customer balance.
-- * Credits for unused time (add-on decrease, cancel now; private.unused_time_credit): the same
--   day proration of the removed per-period price, scaled by what the period's own invoice (the
--   open or paid subscription_create / subscription_cycle invoice of the current period) really
--   charged for plan and add-ons after coupons (a 50 % coupon halves the credit, 100 % gives
--   none), plus VAT at today's rate for the tenant. Nothing is credited while trialing or
--   suspended, or when the period has no such invoice (void, or never billed).
-- * Coupons. Several different coupons may be applied to a subscription. They discount the plan and
--   add-on lines of subscription_create and subscription_cycle invoices (not proration or overage).
--   Stacking order: percentage coupons first (in redemption order, each on what the previous left),
--   then fixed ones (allocated to lines in line order, capped at what is left of each line); a
--   discount never makes a line negative. once = 1 invoice, repeating = N invoices, forever. A
--   plan-restricted coupon discounts only while the subscription is on one of its plans (a period
--   on another plan is not counted on it).
-- * Void: a draft or open invoice without payments or credit notes (a credit note already took its
--   amount off; voiding would take it off twice: credit the rest instead).
-- * Customer balance (billing_profiles.balance, in the tenant's currency) is applied to an invoice
--   in that currency when it is finalised, with a customer_balance_transactions row.
-- * MRR (public.mrr_movements): the subscription's recurring price (plan + add-ons), excluding tax,
--   normalised to monthly (yearly / 12), after forever and repeating coupons (not once). Trialing and
--   cancelled subscriptions count 0. A movement is written whenever the value changes: new (from 0),
--   reactivation (from 0, for a tenant that churned before), expansion, contraction, churn (to 0).
-- * Entitlements follow the subscription: public.tenant_plans (plan, interval, period) and
--   public.tenant_add_ons are updated and the entitlement cache rebuilt when the plan or add-ons
--   change. A scheduled downgrade stays on the subscription (pending_plan_id) until the invoice run
--   applies it; cancelling does not change the tenant's plan (the tenant lifecycle does).
-- * Subscriptions. trial_days null → the plan's trial_days; > 0 → trialing (no invoice, MRR 0)
--   until the trial end; 0 → active with an immediate subscription_create invoice. Plan changes
--   during a trial apply at once without proration. Add-on increases on a paid subscription are
--   charged at once (prorated); decreases apply at once and credit the removed units' unused time
--   to the customer balance (billing_profiles.balance + a customer_balance_transactions row; no
--   invoice; the balance pays the next invoices). Suspended and cancelled subscriptions are not
--   billed by the run.
-- * Cancel now (cancel_subscription(at_period_end => false)): the subscription is cancelled at
--   once (MRR churn) and gets a final invoice (billing_reason subscription_update, key
--   'invoice:<id>:final') with the tenant's unbilled overage and the unused-time credit of plan +
--   add-ons as a proration line, capped at the overage so the total never goes below 0; the rest
--   of the credit (with its VAT) goes to the customer balance, its transaction pointing at the
--   final invoice. Without unbilled overage there is no final invoice and the whole credit goes to
--   the balance. Cancelling at the period end credits nothing (the period was used); the run
--   bills the tenant's unbilled overage on the same kind of final invoice when it cancels.
-- * Invoice run. private.enqueue_due_invoice_periods (hourly schedule 'billing.invoice_run', or
--   public.start_invoice_run) enqueues one 'billing.invoice_period' job per subscription whose
--   period has ended (status trialing / active / past_due), key 'invoice:<id>:<period start ISO>',
--   the same key the invoice carries. The job, under the subscription's row lock: does nothing when
--   the period has rolled already or the key's invoice exists; cancels (cancel_at_period_end, churn);
--   otherwise applies a pending downgrade (unless usage exceeds its hard limits: audited, kept),
--   ends the trial, rolls the period, bills the new period in advance plus unbilled overage, and
--   finalises. A subscription several periods behind is caught up one job per period. Voiding a
--   cycle invoice does not roll the period back (the overage on it becomes billable again).

alter table public.invoices add column tax_note jsonb check (tax_note is null or jsonb_typeof(tax_note) = 'object');
create index coupon_redemptions_coupon_idx on public.coupon_redemptions (coupon_id);

-- The billing cycle anchor (like Stripe's billing_cycle_anchor): the instant periods are counted
-- from. The n-th period boundary is anchor + n × interval on the tenant's local wall clock
-- (private.period_boundary), so a 31 January anchor gives 28/29 Feb, 31 Mar, 30 Apr, 31 May, …
-- instead of drifting to the 28th. Set at creation (no trial), at the trial end (trialing: the
-- trial end, reset when the run ends the trial) and by any reactivation. A row inserted without
-- one (fixtures, bulk loads) gets current_period_start, or the trial end while trialing.
alter table public.subscriptions add column billing_anchor timestamptz;
create function private.subscription_default_anchor()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.billing_anchor is null then
    new.billing_anchor := case when new.status = 'trialing' then coalesce(new.trial_end, new.current_period_end) else new.current_period_start end;
  end if;
  return new;
end
$$;
create trigger subscriptions_default_anchor before insert on public.subscriptions
  for each row execute function private.subscription_default_anchor();
update public.subscriptions s
set billing_anchor = case when s.status = 'trialing' then coalesce(s.trial_end, s.current_period_end) else s.current_period_start end
where s.billing_anchor is null;
alter table public.subscriptions alter column billing_anchor set not null;

-- ── errors and small helpers ───────────────────────────────────────────────────────────────

create function private.billing_fail(errcode text, code text, message text, hint text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  raise exception using errcode = billing_fail.errcode, message = billing_fail.message, detail = 'billing.' || billing_fail.code,
    hint = coalesce(billing_fail.hint, 'see the billing section of the README');
end
$$;

create function private.currency_minor_unit(currency text)
returns int
language plpgsql
stable
set search_path = ''
as $$
declare
  m int;
begin
  select c.minor_unit into m from public.currencies c where c.code = currency_minor_unit.currency;
  if m is null then
    perform private.billing_fail('22023', 'unknown_currency', format('unknown currency %s', coalesce(currency, '(null)')),
      'currencies: ' || (select string_agg(c.code, ', ' order by c.code) from public.currencies c));
  end if;
  return m;
end
$$;

-- Half away from zero (PostgreSQL round() on numeric), to the currency's minor unit.
create function private.round_money(amount numeric, currency text)
returns numeric
language plpgsql
stable
set search_path = ''
as $$
begin
  if amount is null then
    return null;
  end if;
  return round(amount, private.currency_minor_unit(currency));
end
$$;

-- VAT percent for a country on a date; 0 when no rate is recorded.
-- (plpgsql, not sql, here and below: a SQL function with a SET clause is re-planned on every call)
create function private.tax_rate_for(country text, on_date date)
returns numeric
language plpgsql
stable
set search_path = ''
as $$
begin
  return coalesce((select r.rate from public.tax_rates r
                   where r.country = upper(tax_rate_for.country) and r.valid_from <= tax_rate_for.on_date
                     and (r.valid_to is null or r.valid_to > tax_rate_for.on_date)
                   order by r.valid_from desc limit 1), 0);
end
$$;

create function private.local_date(at timestamptz, tz text)
returns date
language plpgsql
stable
set search_path = ''
as $$ begin return (local_date.at at time zone local_date.tz)::date; end $$;

-- Calendar arithmetic in a timezone (a month from 10:00 local is 10:00 local, whatever DST does).
create function private.local_add(at timestamptz, step interval, tz text)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$ begin return ((local_add.at at time zone local_add.tz) + local_add.step) at time zone local_add.tz; end $$;

-- The n-th period boundary from the billing anchor: anchor + n × interval on the tenant's local wall
-- clock. PostgreSQL clamps to the month's last day (31 Jan + 1 month = 28/29 Feb, + 2 months =
-- 31 Mar; 29 Feb 2028 + 1 year = 28 Feb 2029, + 4 years = 29 Feb 2032), and the local time of day
-- stays the anchor's whatever DST does.
create function private.period_boundary(anchor timestamptz, billing_interval text, n int, tz text)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
begin
  return ((period_boundary.anchor at time zone period_boundary.tz)
          + case period_boundary.billing_interval when 'year' then make_interval(years => period_boundary.n)
                                                  else make_interval(months => period_boundary.n) end) at time zone period_boundary.tz;
end
$$;

-- The end of the period that starts at period_start: the first anchor boundary after it.
create function private.next_period_end(anchor timestamptz, billing_interval text, period_start timestamptz, tz text)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
declare
  a timestamp := next_period_end.anchor at time zone next_period_end.tz;
  p timestamp := next_period_end.period_start at time zone next_period_end.tz;
  n int;
  guard int := 0;
begin
  -- whole local months (years) from the anchor to the period start; a boundary lands in month anchor + n
  n := case next_period_end.billing_interval when 'year' then extract(year from p)::int - extract(year from a)::int
         else (extract(year from p)::int * 12 + extract(month from p)::int) - (extract(year from a)::int * 12 + extract(month from a)::int) end;
  while private.period_boundary(anchor, billing_interval, n, tz) > period_start and guard < 3 loop
    n := n - 1; guard := guard + 1;
  end loop;
  guard := 0;
  while private.period_boundary(anchor, billing_interval, n + 1, tz) <= period_start and guard < 3 loop
    n := n + 1; guard := guard + 1;
  end loop;
  return private.period_boundary(anchor, billing_interval, n + 1, tz);
end
$$;

create function private.iso_instant(at timestamptz)
returns text
language plpgsql
immutable
set search_path = ''
as $$ begin return to_char(iso_instant.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'); end $$;

create function private.assert_reason(reason text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  if reason is null or length(trim(reason)) < 3 then
    perform private.billing_fail('22023', 'reason_required', 'a reason of at least 3 characters is required', 'say why, for the audit log');
  end if;
end
$$;

create function private.billing_tenant(tenant_id uuid, for_update boolean default false)
returns public.tenants
language plpgsql
set search_path = ''
as $$
declare
  t public.tenants;
begin
  if for_update then
    select * into t from public.tenants x where x.id = billing_tenant.tenant_id for update;
  else
    select * into t from public.tenants x where x.id = billing_tenant.tenant_id;
  end if;
  if t.id is null then
    perform private.billing_fail('PT404', 'tenant_not_found', 'no such tenant', 'check the tenant id');
  end if;
  return t;
end
$$;

create function private.default_tax_note(treatment text)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select case default_tax_note.treatment
    when 'reverse_charge' then '{"en":"Reverse charge: VAT to be accounted for by the recipient.","ar":"احتساب عكسي: يتحمل المستلم احتساب ضريبة القيمة المضافة."}'::jsonb
    when 'exempt' then '{"en":"Exempt from VAT.","ar":"معفى من ضريبة القيمة المضافة."}'::jsonb
  end
$$;

-- ── billing profiles ───────────────────────────────────────────────────────────────────────

create function private.ensure_billing_profile(tenant_id uuid)
returns public.billing_profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.billing_profiles;
begin
  select * into p from public.billing_profiles b where b.tenant_id = ensure_billing_profile.tenant_id;
  if p.tenant_id is null then
    insert into public.billing_profiles (tenant_id) values (ensure_billing_profile.tenant_id)
    on conflict on constraint billing_profiles_pkey do nothing;
    select * into p from public.billing_profiles b where b.tenant_id = ensure_billing_profile.tenant_id;
  end if;
  return p;
end
$$;

-- profile: any of legal_name, billing_email, address, tax_registration_number, tax_treatment,
-- tax_note, preferred_gateway (absent keys keep their value; null clears). The balance is not set here.
create function public.set_billing_profile(tenant_id uuid, profile jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  p_tenant uuid := set_billing_profile.tenant_id;
  allowed text[] := array['legal_name', 'billing_email', 'address', 'tax_registration_number', 'tax_treatment', 'tax_note', 'preferred_gateway'];
  extra text;
  r public.billing_profiles;
  before_row jsonb;
  constraint_name text;
begin
  perform private.assert_permission('billing.write');
  perform private.billing_tenant(p_tenant);
  if profile is null or jsonb_typeof(profile) <> 'object' then
    perform private.billing_fail('22023', 'invalid_profile', 'the profile must be a JSON object', 'keys: ' || array_to_string(allowed, ', '));
  end if;
  select string_agg(k, ', ') into extra from jsonb_object_keys(profile) k where k <> all (allowed);
  if extra is not null then
    perform private.billing_fail('22023', 'invalid_profile', format('unknown profile keys: %s', extra), 'keys: ' || array_to_string(allowed, ', '));
  end if;
  select * into r from public.billing_profiles b where b.tenant_id = p_tenant for update;
  if r.tenant_id is not null then
    before_row := to_jsonb(r);
  else
    r.tenant_id := p_tenant; r.address := '{}'; r.tax_treatment := 'standard'; r.preferred_gateway := 'stripe'; r.balance := 0;
  end if;
  if profile ? 'legal_name' then r.legal_name := nullif(trim(profile ->> 'legal_name'), ''); end if;
  if profile ? 'billing_email' then r.billing_email := nullif(trim(profile ->> 'billing_email'), ''); end if;
  if profile ? 'address' then r.address := coalesce(nullif(profile -> 'address', 'null'::jsonb), '{}'); end if;
  if profile ? 'tax_registration_number' then r.tax_registration_number := nullif(trim(profile ->> 'tax_registration_number'), ''); end if;
  if profile ? 'tax_treatment' then r.tax_treatment := coalesce(profile ->> 'tax_treatment', 'standard'); end if;
  if profile ? 'tax_note' then r.tax_note := nullif(profile -> 'tax_note', 'null'::jsonb); end if;
  if profile ? 'preferred_gateway' then r.preferred_gateway := coalesce(profile ->> 'preferred_gateway', 'stripe'); end if;
  r.updated_at := private.now();
  begin
    insert into public.billing_profiles as b select r.*
    on conflict on constraint billing_profiles_pkey do update set
      legal_name = excluded.legal_name, billing_email = excluded.billing_email, address = excluded.address,
      tax_registration_number = excluded.tax_registration_number, tax_treatment = excluded.tax_treatment,
      tax_note = excluded.tax_note, preferred_gateway = excluded.preferred_gateway, updated_at = excluded.updated_at;
  exception when check_violation then
    get stacked diagnostics constraint_name = constraint_name;
    perform private.billing_fail('22023', 'invalid_profile', format('invalid billing profile (%s)', constraint_name),
      'billing_email like a@b.c; tax_registration_number 5–30 letters, digits or -; tax_treatment standard|reverse_charge|exempt; '
      || 'address and tax_note objects; preferred_gateway stripe|paytabs|hyperpay');
  end;
  select * into r from public.billing_profiles b where b.tenant_id = p_tenant;
  perform audit.record('billing.profile_set', 'billing_profile', p_tenant::text, before_row, to_jsonb(r), p_tenant, null);
  return to_jsonb(r);
end
$$;

-- ── prices and MRR ─────────────────────────────────────────────────────────────────────────

-- An add-on's price per interval; a yearly price falls back to 12 × the monthly one.
create function private.add_on_price(add_on_code text, currency text, billing_interval text)
returns numeric
language plpgsql
stable
set search_path = ''
as $$
begin
  return (select coalesce((a.prices -> add_on_price.currency ->> add_on_price.billing_interval)::numeric,
                          case when add_on_price.billing_interval = 'year' then (a.prices -> add_on_price.currency ->> 'month')::numeric * 12 end)
          from public.add_ons a where a.code = add_on_price.add_on_code);
end
$$;

-- Recurring amount of one period (plan + add-ons), before coupons and tax.
create function private.subscription_amount(s public.subscriptions)
returns numeric
language plpgsql
stable
set search_path = ''
as $$
begin
  return coalesce((select pp.amount from public.plan_prices pp
                   where pp.plan_id = s.plan_id and pp.currency = s.currency and pp.interval = s.billing_interval), 0)
       + coalesce((select sum(private.add_on_price(a.add_on_code, s.currency, s.billing_interval) * a.quantity)
                   from public.subscription_add_ons a where a.subscription_id = s.id), 0);
end
$$;

create function private.subscription_mrr(subscription_id uuid)
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

create function private.record_mrr(subscription_id uuid, mrr_before numeric)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  mrr_after numeric := private.subscription_mrr(record_mrr.subscription_id);
  k text;
begin
  if mrr_after = mrr_before then
    return;
  end if;
  select * into s from public.subscriptions x where x.id = record_mrr.subscription_id;
  k := case when mrr_before = 0 then
              case when exists (select from public.mrr_movements m where m.tenant_id = s.tenant_id and m.kind = 'churn')
                   then 'reactivation' else 'new' end
            when mrr_after = 0 then 'churn'
            when mrr_after > mrr_before then 'expansion'
            else 'contraction' end;
  insert into public.mrr_movements (subscription_id, tenant_id, currency, kind, mrr_before, mrr_after, at)
  values (s.id, s.tenant_id, s.currency, k, mrr_before, mrr_after, private.now());
end
$$;

-- ── keeping plans and entitlements in step ─────────────────────────────────────────────────

create function private.sync_tenant_plan(s public.subscriptions, cause text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
    perform private.refresh_entitlements(s.tenant_id, 'billing.' || cause);
  end if;
end
$$;

create function private.sync_tenant_add_on(tenant_id uuid, add_on_code text, quantity int)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if quantity = 0 then
    delete from public.tenant_add_ons a where a.tenant_id = sync_tenant_add_on.tenant_id and a.add_on_code = sync_tenant_add_on.add_on_code;
  else
    insert into public.tenant_add_ons as a (tenant_id, add_on_code, quantity, started_at)
    values (sync_tenant_add_on.tenant_id, sync_tenant_add_on.add_on_code, sync_tenant_add_on.quantity, private.now())
    on conflict on constraint tenant_add_ons_pkey do update set quantity = excluded.quantity, expires_at = null;
  end if;
  perform private.refresh_entitlements(sync_tenant_add_on.tenant_id, 'billing.add_on');
end
$$;

-- ── coupons ────────────────────────────────────────────────────────────────────────────────

-- definition: {code, name {en, ar}, kind percent|fixed, percent_off | amount_off + currency,
-- duration once|repeating|forever, duration_periods (repeating), expires_at, max_redemptions, plan_codes []}
create function public.create_coupon(definition jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  c public.coupons;
  allowed text[] := array['code', 'name', 'kind', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_periods',
                          'expires_at', 'max_redemptions', 'plan_codes'];
  extra text;
  unknown_plans text;
  constraint_name text;
begin
  perform private.assert_permission('billing.write');
  if definition is null or jsonb_typeof(definition) <> 'object' then
    perform private.billing_fail('22023', 'invalid_coupon', 'the coupon definition must be a JSON object', 'keys: ' || array_to_string(allowed, ', '));
  end if;
  select string_agg(k, ', ') into extra from jsonb_object_keys(definition) k where k <> all (allowed);
  if extra is not null then
    perform private.billing_fail('22023', 'invalid_coupon', format('unknown coupon keys: %s', extra), 'keys: ' || array_to_string(allowed, ', '));
  end if;
  if definition ? 'plan_codes' and jsonb_typeof(definition -> 'plan_codes') not in ('array', 'null') then
    perform private.billing_fail('22023', 'invalid_coupon', 'plan_codes must be an array of plan codes', 'or null for any plan');
  end if;
  select string_agg(x, ', ') into unknown_plans
  from jsonb_array_elements_text(case when jsonb_typeof(definition -> 'plan_codes') = 'array' then definition -> 'plan_codes' else '[]' end) x
  where not exists (select from public.plans p where p.code = x);
  if unknown_plans is not null then
    perform private.billing_fail('22023', 'unknown_plan', format('unknown plan codes: %s', unknown_plans), 'see public.plans');
  end if;
  if definition ->> 'currency' is not null then
    perform private.currency_minor_unit(definition ->> 'currency');
  end if;
  begin
    insert into public.coupons (code, name, kind, percent_off, amount_off, currency, duration, duration_periods, expires_at,
                                max_redemptions, plan_codes, created_by)
    values (upper(trim(definition ->> 'code')), definition -> 'name', definition ->> 'kind', (definition ->> 'percent_off')::numeric,
            private.round_money((definition ->> 'amount_off')::numeric, coalesce(definition ->> 'currency', 'USD')),
            definition ->> 'currency', definition ->> 'duration', (definition ->> 'duration_periods')::int,
            (definition ->> 'expires_at')::timestamptz, (definition ->> 'max_redemptions')::int,
            case when jsonb_typeof(definition -> 'plan_codes') = 'array'
                 then array(select jsonb_array_elements_text(definition -> 'plan_codes')) end,
            auth.uid())
    returning * into c;
  exception
    when unique_violation then
      perform private.billing_fail('PT409', 'coupon_exists', format('a coupon %s exists already', upper(trim(definition ->> 'code'))),
        'choose another code');
    when check_violation or not_null_violation then
      get stacked diagnostics constraint_name = constraint_name;
      perform private.billing_fail('22023', 'invalid_coupon', format('invalid coupon (%s)', coalesce(nullif(constraint_name, ''), 'a required field is missing')),
        'code A-Z 0-9 _ - (3–40); name {en}; kind percent (percent_off 0–100] or fixed (amount_off > 0 and currency); '
        || 'duration once|forever|repeating (duration_periods 1–120); max_redemptions ≥ 1');
    when invalid_text_representation or numeric_value_out_of_range or invalid_datetime_format or datetime_field_overflow then
      perform private.billing_fail('22023', 'invalid_coupon', 'a coupon field has the wrong type', 'numbers for amounts and counts, an ISO time for expires_at');
  end;
  perform audit.record('coupon.create', 'coupon', c.id::text, null, to_jsonb(c), null, null);
  return to_jsonb(c);
end
$$;

create function public.archive_coupon(coupon_id uuid, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  c public.coupons;
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  select * into c from public.coupons x where x.id = archive_coupon.coupon_id for update;
  if c.id is null then
    perform private.billing_fail('PT404', 'coupon_not_found', 'no such coupon', 'check the coupon id');
  end if;
  if c.status = 'archived' then
    perform private.billing_fail('PT409', 'coupon_archived', format('coupon %s is archived already', c.code), 'nothing to do');
  end if;
  update public.coupons x set status = 'archived' where x.id = c.id;
  perform audit.record('coupon.archive', 'coupon', c.id::text, jsonb_build_object('status', c.status), jsonb_build_object('status', 'archived'), null, reason);
  return to_jsonb(c) || jsonb_build_object('status', 'archived');
end
$$;

-- Redeems a coupon on a subscription (the coupon row locked: times_redeemed never overshoots).
create function private.redeem_coupon(s public.subscriptions, coupon_code text)
returns public.coupons
language plpgsql
security definer
set search_path = ''
as $$
declare
  c public.coupons;
  plan_code text := (select p.code from public.plans p where p.id = s.plan_id);
begin
  select * into c from public.coupons x where x.code = upper(trim(redeem_coupon.coupon_code)) for update;
  if c.id is null then
    perform private.billing_fail('PT404', 'coupon_not_found', format('no coupon %s', coalesce(coupon_code, '(null)')), 'check the code');
  end if;
  if c.status <> 'active' then
    perform private.billing_fail('PT409', 'coupon_archived', format('coupon %s is archived', c.code), 'use an active coupon');
  end if;
  if c.expires_at is not null and c.expires_at <= private.now() then
    perform private.billing_fail('PT409', 'coupon_expired', format('coupon %s expired at %s', c.code, c.expires_at), 'use a current coupon');
  end if;
  if c.max_redemptions is not null and c.times_redeemed >= c.max_redemptions then
    perform private.billing_fail('PT409', 'coupon_exhausted', format('coupon %s has been redeemed %s times, its maximum', c.code, c.times_redeemed),
      'raise max_redemptions with a new coupon');
  end if;
  if c.plan_codes is not null and (plan_code is null or plan_code <> all (c.plan_codes)) then
    perform private.billing_fail('PT409', 'coupon_not_applicable', format('coupon %s does not apply to plan %s', c.code, coalesce(plan_code, '(add-ons only)')),
      'plans: ' || array_to_string(c.plan_codes, ', '));
  end if;
  if c.kind = 'fixed' and c.currency <> s.currency then
    perform private.billing_fail('22023', 'currency_mismatch', format('coupon %s is in %s, the subscription in %s', c.code, c.currency, s.currency),
      'use a coupon in the subscription''s currency or a percentage coupon');
  end if;
  if exists (select from public.coupon_redemptions r where r.coupon_id = c.id and r.subscription_id = s.id) then
    perform private.billing_fail('PT409', 'coupon_already_applied', format('coupon %s is already applied to this subscription', c.code), 'each coupon once per subscription');
  end if;
  insert into public.coupon_redemptions (coupon_id, subscription_id, tenant_id, redeemed_at) values (c.id, s.id, s.tenant_id, private.now());
  update public.coupons x set times_redeemed = x.times_redeemed + 1 where x.id = c.id returning * into c;
  return c;
end
$$;

-- Discounts the plan and add-on lines of a draft subscription invoice with the subscription's live
-- coupons (stacking order in the header) and counts the period on each coupon used.
create function private.apply_invoice_discounts(invoice_id uuid, subscription_id uuid)
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

-- ── invoices ───────────────────────────────────────────────────────────────────────────────

-- The hot functions of the invoice run carry plan_cache_mode = force_custom_plan: a plan cached
-- while invoices / invoice_lines were small (a fresh system, stats from a handful of rows) keeps
-- sequential scans as the tables grow within one session, which turned the 10k run quadratic.

create function private.invoice_json(invoice_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select to_jsonb(i) || jsonb_build_object('lines', coalesce((select jsonb_agg(to_jsonb(l) - 'tenant_id' - 'invoice_id' order by l.position)
                                                             from public.invoice_lines l where l.invoice_id = i.id), '[]'))
  from public.invoices i where i.id = invoice_json.invoice_id
$$;

create function private.new_invoice(tenant_id uuid, subscription_id uuid, billing_reason text, currency text,
                                    period_start timestamptz, period_end timestamptz, idempotency_key text, memo text)
returns public.invoices
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
  p public.billing_profiles := private.ensure_billing_profile(new_invoice.tenant_id);
  inv public.invoices;
begin
  select * into t from public.tenants x where x.id = new_invoice.tenant_id;
  insert into public.invoices (tenant_id, subscription_id, billing_reason, currency, period_start, period_end, timezone,
                               tax_country, tax_rate, tax_treatment, tax_registration_number, tax_note, idempotency_key, memo, created_by)
  values (t.id, new_invoice.subscription_id, new_invoice.billing_reason, new_invoice.currency, new_invoice.period_start, new_invoice.period_end,
          t.timezone, t.country,
          case when p.tax_treatment = 'standard' then private.tax_rate_for(t.country, private.local_date(private.now(), t.timezone)) else 0 end,
          p.tax_treatment, p.tax_registration_number,
          case when p.tax_treatment <> 'standard' then coalesce(p.tax_note, private.default_tax_note(p.tax_treatment)) end,
          new_invoice.idempotency_key, new_invoice.memo, auth.uid())
  returning * into inv;
  return inv;
end
$$;

-- Recomputes a draft's line amounts and taxes (per line, rounded) and any invoice's totals and
-- amount due. Returns the invoice row.
create function private.recompute_invoice_amounts(invoice_id uuid)
returns public.invoices
language plpgsql
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  inv public.invoices;
  mu int;
  s_sub numeric;
  s_disc numeric;
  s_tax numeric;
begin
  select * into inv from public.invoices i where i.id = recompute_invoice_amounts.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  if inv.status = 'draft' then
    mu := private.currency_minor_unit(inv.currency);
    update public.invoice_lines l
    set amount = round(l.quantity * l.unit_amount, mu),
        discount_amount = least(l.discount_amount, greatest(round(l.quantity * l.unit_amount, mu), 0)),
        tax_amount = round((round(l.quantity * l.unit_amount, mu) - least(l.discount_amount, greatest(round(l.quantity * l.unit_amount, mu), 0)))
                           * inv.tax_rate / 100, mu)
    where l.invoice_id = inv.id;
  end if;
  select coalesce(sum(l.amount), 0), coalesce(sum(l.discount_amount), 0), coalesce(sum(l.tax_amount), 0)
  into s_sub, s_disc, s_tax from public.invoice_lines l where l.invoice_id = inv.id;
  update public.invoices i
  set subtotal = s_sub, discount_total = s_disc, tax_total = s_tax, total = s_sub - s_disc + s_tax,
      amount_due = greatest(s_sub - s_disc + s_tax - i.balance_applied - i.amount_credited - i.amount_paid, 0),
      updated_at = private.now()
  where i.id = inv.id
  returning * into inv;
  return inv;
end
$$;

-- draft → open (or paid when nothing is due): tax fixed at the issue date, gapless number, balance applied.
create function private.finalize_invoice_core(invoice_id uuid, with_audit boolean default true)
returns public.invoices
language plpgsql
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  inv public.invoices;
  tenant_currency text;
  p public.billing_profiles;
  now_at timestamptz := private.now();
  issue date;
  yr int;
  n int;
  num text;
  applied numeric := 0;
  due numeric;
  rate numeric;
  treatment text;
  mu int;
  cnt int;
  s_sub numeric;
  s_disc numeric;
  s_tax numeric;
  tot numeric;
begin
  select * into inv from public.invoices i where i.id = finalize_invoice_core.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  if inv.status <> 'draft' then
    perform private.billing_fail('PT409', 'invoice_not_draft', format('invoice %s is %s, only a draft can be finalised', coalesce(inv.number, inv.id::text), inv.status),
      'nothing to do');
  end if;
  select * into p from public.billing_profiles b where b.tenant_id = inv.tenant_id for update;
  treatment := coalesce(p.tax_treatment, 'standard');
  issue := private.local_date(now_at, inv.timezone);
  yr := extract(year from issue)::int;
  rate := case when treatment = 'standard' then private.tax_rate_for(inv.tax_country, issue) else 0 end;
  mu := private.currency_minor_unit(inv.currency);
  -- tax per line on (amount − discount), rounded; the totals are sums of the rounded lines
  with u as (
    update public.invoice_lines l set tax_amount = round((l.amount - l.discount_amount) * rate / 100, mu)
    where l.invoice_id = inv.id
    returning l.amount, l.discount_amount, l.tax_amount
  )
  select count(*), coalesce(sum(u.amount), 0), coalesce(sum(u.discount_amount), 0), coalesce(sum(u.tax_amount), 0)
  into cnt, s_sub, s_disc, s_tax from u;
  if cnt = 0 then
    perform private.billing_fail('PT409', 'invoice_empty', 'an invoice without lines cannot be finalised', 'add lines or void the draft');
  end if;
  tot := s_sub - s_disc + s_tax;

  insert into private.document_sequences as d (kind, billing_year, last_number) values ('invoice', yr, 1)
  on conflict on constraint document_sequences_pkey do update set last_number = d.last_number + 1
  returning d.last_number into n;
  num := format('HQ-%s-%s', yr, lpad(n::text, 6, '0'));

  if p.tenant_id is not null and ((tot > 0 and p.balance > 0) or tot < 0) then
    select t.currency into tenant_currency from public.tenants t where t.id = inv.tenant_id;
    if inv.currency = tenant_currency then
      if tot > 0 then
        applied := greatest(least(p.balance, tot - inv.amount_credited - inv.amount_paid), 0);
        if applied > 0 then
          update public.billing_profiles b set balance = b.balance - applied, updated_at = now_at where b.tenant_id = inv.tenant_id;
          insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id)
          values (inv.tenant_id, -applied, inv.currency, 'applied to invoice ' || num, inv.id);
        end if;
      else
        update public.billing_profiles b set balance = b.balance - tot, updated_at = now_at where b.tenant_id = inv.tenant_id;
        insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id)
        values (inv.tenant_id, -tot, inv.currency, 'credit from invoice ' || num, inv.id);
      end if;
    end if;
  end if;
  due := greatest(tot - applied - inv.amount_credited - inv.amount_paid, 0);
  update public.invoices i
  set tax_treatment = treatment, tax_rate = rate,
      tax_note = case when treatment <> 'standard' then coalesce(p.tax_note, private.default_tax_note(treatment)) end,
      tax_registration_number = p.tax_registration_number, issue_date = issue, due_date = issue + 7,
      subtotal = s_sub, discount_total = s_disc, tax_total = s_tax, total = tot,
      number = num, billing_year = yr, balance_applied = applied, amount_due = due,
      status = case when due = 0 then 'paid' else 'open' end,
      paid_at = case when due = 0 then now_at end,
      finalized_at = now_at, updated_at = now_at
  where i.id = inv.id
  returning * into inv;
  if with_audit then
    perform audit.record('invoice.finalize', 'invoice', inv.id::text, jsonb_build_object('status', 'draft'),
      jsonb_build_object('status', inv.status, 'number', inv.number, 'total', inv.total, 'amount_due', inv.amount_due,
                         'balance_applied', inv.balance_applied, 'issue_date', inv.issue_date, 'due_date', inv.due_date),
      inv.tenant_id, null);
  end if;
  return inv;
end
$$;

-- lines: [{description: {en, ar}, quantity (default 1, > 0), unit_amount, kind (default adjustment)}]
create function public.create_invoice(tenant_id uuid, lines jsonb, memo text default null)
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

create function public.finalize_invoice(invoice_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
begin
  perform private.assert_permission('billing.write');
  inv := private.finalize_invoice_core(finalize_invoice.invoice_id);
  return private.invoice_json(inv.id);
end
$$;

create function public.void_invoice(invoice_id uuid, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
  now_at timestamptz := private.now();
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  select * into inv from public.invoices i where i.id = void_invoice.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  if inv.status not in ('draft', 'open') then
    perform private.billing_fail('PT409', 'invoice_not_voidable', format('invoice %s is %s: only a draft or open invoice can be voided', coalesce(inv.number, inv.id::text), inv.status),
      case when inv.status = 'paid' then 'issue a credit note instead' else 'nothing to do' end);
  end if;
  if inv.amount_paid > 0 then
    perform private.billing_fail('PT409', 'invoice_has_payments', format('invoice %s has payments of %s', inv.number, inv.amount_paid),
      'issue a credit note instead');
  end if;
  if exists (select from public.credit_notes n where n.invoice_id = inv.id and n.status = 'issued') then
    perform private.billing_fail('PT409', 'invoice_has_credit_notes',
      format('invoice %s has credit notes: voiding it would take the credited amount off twice', inv.number),
      'credit the rest with a credit note (reduce_amount_due) instead');
  end if;
  if inv.balance_applied > 0 then
    update public.billing_profiles b set balance = b.balance + inv.balance_applied, updated_at = now_at where b.tenant_id = inv.tenant_id;
    insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id)
    values (inv.tenant_id, inv.balance_applied, inv.currency, 'returned from voided invoice ' || inv.number, inv.id);
  end if;
  -- the overage becomes billable again
  update public.limit_breaches b set billed_at = null
  where b.id in (select x::bigint from public.invoice_lines l, jsonb_array_elements_text(l.source -> 'breach_ids') x
                 where l.invoice_id = inv.id and l.kind = 'overage');
  update public.invoices i set status = 'void', voided_at = now_at, amount_due = 0, updated_at = now_at where i.id = inv.id;
  perform audit.record('invoice.void', 'invoice', inv.id::text, jsonb_build_object('status', inv.status, 'amount_due', inv.amount_due),
    jsonb_build_object('status', 'void', 'amount_due', 0), inv.tenant_id, reason);
  return private.invoice_json(inv.id);
end
$$;

create function public.mark_invoice_uncollectible(invoice_id uuid, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  select * into inv from public.invoices i where i.id = mark_invoice_uncollectible.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  if inv.status <> 'open' then
    perform private.billing_fail('PT409', 'invoice_not_open', format('invoice %s is %s: only an open invoice can be marked uncollectible', coalesce(inv.number, inv.id::text), inv.status),
      'nothing to do');
  end if;
  update public.invoices i set status = 'uncollectible', uncollectible_at = private.now(), updated_at = private.now() where i.id = inv.id;
  perform audit.record('invoice.mark_uncollectible', 'invoice', inv.id::text, jsonb_build_object('status', 'open'),
    jsonb_build_object('status', 'uncollectible', 'amount_due', inv.amount_due), inv.tenant_id, reason);
  return private.invoice_json(inv.id);
end
$$;

-- ── subscription invoices ──────────────────────────────────────────────────────────────────

create function private.interval_label(billing_interval text)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
begin
  return case interval_label.billing_interval when 'year' then '{"en":"yearly","ar":"سنوي"}'::jsonb else '{"en":"monthly","ar":"شهري"}'::jsonb end;
end
$$;

-- Plan and add-on lines for one period.
create function private.add_subscription_lines(inv public.invoices, s public.subscriptions, period_start timestamptz, period_end timestamptz)
returns void
language plpgsql
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  mu int := private.currency_minor_unit(s.currency);
  lbl jsonb := private.interval_label(s.billing_interval);
  d0 text := to_char(private.local_date(period_start, inv.timezone), 'YYYY-MM-DD');
  d1 text := to_char(private.local_date(period_end, inv.timezone) - 1, 'YYYY-MM-DD');
  base int := 0;  -- called for a fresh invoice: the plan line is line 1
begin
  if s.plan_id is not null then
    insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
    select inv.id, inv.tenant_id, base + 1, 'plan',
           jsonb_build_object('en', format('%s plan (%s), %s – %s', p.name ->> 'en', lbl ->> 'en', d0, d1),
                              'ar', format('خطة %s (%s)، %s – %s', coalesce(p.name ->> 'ar', p.name ->> 'en'), lbl ->> 'ar', d0, d1)),
           1, pp.amount, round(pp.amount, mu), period_start, period_end,
           jsonb_build_object('plan_id', p.id, 'plan_code', p.code, 'interval', s.billing_interval)
    from public.plans p join public.plan_prices pp on pp.plan_id = p.id and pp.currency = s.currency and pp.interval = s.billing_interval
    where p.id = s.plan_id;
    if found then
      base := base + 1;
    end if;
  end if;
  if exists (select from public.subscription_add_ons sa where sa.subscription_id = s.id) then
    insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
    select inv.id, inv.tenant_id, base + row_number() over (order by x.code), 'add_on', x.description, x.quantity, x.unit_amount,
           round(x.quantity * x.unit_amount, mu), period_start, period_end, x.source
    from (
      select a.code,
             jsonb_build_object('en', format('%s add-on (%s), %s – %s', a.name ->> 'en', lbl ->> 'en', d0, d1),
                                'ar', format('إضافة %s (%s)، %s – %s', coalesce(a.name ->> 'ar', a.name ->> 'en'), lbl ->> 'ar', d0, d1)) as description,
             sa.quantity::numeric as quantity, private.add_on_price(a.code, s.currency, s.billing_interval) as unit_amount,
             jsonb_build_object('add_on', a.code, 'interval', s.billing_interval) as source
      from public.subscription_add_ons sa join public.add_ons a on a.code = sa.add_on_code
      where sa.subscription_id = s.id
    ) x
    where x.unit_amount is not null;
  end if;
end
$$;

-- Unbilled overage of the tenant (in the subscription's currency), one line per feature and unit
-- price; the breaches are marked billed.
create function private.add_overage_lines(inv public.invoices)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  mu int;
  base int;
begin
  if not exists (select from public.limit_breaches b where b.tenant_id = inv.tenant_id and b.outcome = 'overage' and b.billed_at is null) then
    return;
  end if;
  mu := private.currency_minor_unit(inv.currency);
  base := coalesce((select max(l.position) from public.invoice_lines l where l.invoice_id = inv.id), 0);
  with b as (
    select lb.feature_key, lb.unit_price, sum(lb.overage_units) as units, array_agg(lb.id order by lb.id) as ids
    from public.limit_breaches lb
    where lb.tenant_id = inv.tenant_id and lb.outcome = 'overage' and lb.billed_at is null and lb.currency = inv.currency
      and lb.unit_price is not null and lb.overage_units > 0
    group by lb.feature_key, lb.unit_price
  ), ins as (
    insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, source)
    select inv.id, inv.tenant_id, base + row_number() over (order by b.feature_key, b.unit_price), 'overage',
           jsonb_build_object('en', format('Overage: %s (%s units)', coalesce(f.name ->> 'en', b.feature_key), b.units),
                              'ar', format('استخدام إضافي: %s (%s وحدة)', coalesce(f.name ->> 'ar', f.name ->> 'en', b.feature_key), b.units)),
           b.units, b.unit_price, round(b.units * b.unit_price, mu),
           jsonb_build_object('feature_key', b.feature_key, 'breach_ids', to_jsonb(b.ids))
    from b left join public.features f on f.key = b.feature_key
    returning 1
  )
  update public.limit_breaches lb set billed_at = private.now()
  from b where lb.id = any (b.ids);
end
$$;

create function private.build_subscription_invoice(s public.subscriptions, billing_reason text, idempotency_key text,
                                                   period_start timestamptz, period_end timestamptz, with_overage boolean,
                                                   with_audit boolean default true)
returns public.invoices
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
begin
  inv := private.new_invoice(s.tenant_id, s.id, billing_reason, s.currency, period_start, period_end, idempotency_key, null);
  perform private.add_subscription_lines(inv, s, period_start, period_end);
  if with_overage then
    perform private.add_overage_lines(inv);
  end if;
  perform private.apply_invoice_discounts(inv.id, s.id);
  return private.finalize_invoice_core(inv.id, with_audit);
end
$$;

-- ── proration ──────────────────────────────────────────────────────────────────────────────

-- By day in the tenant's timezone (see the header). old_amount / new_amount are per-period prices.
create function private.proration(s public.subscriptions, old_amount numeric, new_amount numeric)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  t public.tenants;
  p public.billing_profiles;
  mu int := private.currency_minor_unit(s.currency);
  today date;
  d0 date;
  d1 date;
  days int;
  remaining int;
  credit numeric;
  charge numeric;
  rate numeric;
  credit_tax numeric;
  charge_tax numeric;
begin
  select * into t from public.tenants x where x.id = s.tenant_id;
  select * into p from public.billing_profiles b where b.tenant_id = s.tenant_id;
  today := private.local_date(private.now(), t.timezone);
  d0 := private.local_date(s.current_period_start, t.timezone);
  d1 := private.local_date(s.current_period_end, t.timezone);
  days := greatest(d1 - d0, 1);
  remaining := least(greatest(d1 - today, 0), days);
  credit := -round(coalesce(old_amount, 0) * remaining / days, mu);
  charge := round(coalesce(new_amount, 0) * remaining / days, mu);
  rate := case when coalesce(p.tax_treatment, 'standard') = 'standard' then private.tax_rate_for(t.country, today) else 0 end;
  credit_tax := round(credit * rate / 100, mu);
  charge_tax := round(charge * rate / 100, mu);
  return jsonb_build_object('currency', s.currency, 'timezone', t.timezone, 'today', today, 'period_start_date', d0, 'period_end_date', d1,
    'days_in_period', days, 'days_remaining', remaining, 'old_amount', coalesce(old_amount, 0), 'new_amount', coalesce(new_amount, 0),
    'credit', credit, 'charge', charge, 'net', credit + charge, 'tax_rate', rate, 'tax', credit_tax + charge_tax,
    'total', credit + charge + credit_tax + charge_tax);
end
$$;

-- Credit for the unused rest of the current period of `amount` (a per-period recurring price, e.g.
-- the plan + add-ons, or the add-on units removed): private.proration with the new price 0, on what
-- the period's invoice actually charged: the price × (1 − the coupon discount share of that
-- invoice's plan and add-on lines). Null when nothing was billed for the period (trialing,
-- suspended, or no open / paid subscription_create / subscription_cycle invoice for it).
create function private.unused_time_credit(s public.subscriptions, amount numeric)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  pinv public.invoices;
  gross numeric;
  disc numeric;
  factor numeric;
begin
  if s.status not in ('active', 'past_due') or coalesce(amount, 0) <= 0 then
    return null;
  end if;
  select * into pinv from public.invoices i
  where i.subscription_id = s.id and i.period_start = s.current_period_start
    and i.billing_reason in ('subscription_create', 'subscription_cycle') and i.status in ('open', 'paid')
  order by i.created_at desc limit 1;
  if pinv.id is null then
    return null;
  end if;
  select coalesce(sum(l.amount), 0), coalesce(sum(l.discount_amount), 0) into gross, disc
  from public.invoice_lines l where l.invoice_id = pinv.id and l.kind in ('plan', 'add_on');
  factor := case when gross > 0 then (gross - disc) / gross else 1 end;
  return private.proration(s, amount * factor, 0)
         || jsonb_build_object('period_invoice_id', pinv.id, 'list_amount', amount, 'discount_factor', round(factor, 6));
end
$$;

-- The one way credit reaches a tenant's customer balance (credit notes, overpayments, unused time):
-- the balance is kept in the tenant's currency, so a credit in another currency is refused.
create function private.credit_customer_balance(tenant_id uuid, amount numeric, currency text, reason text,
  invoice_id uuid default null, credit_note_id uuid default null, payment_id uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  tenant_currency text;
begin
  if coalesce(amount, 0) <= 0 then
    return;
  end if;
  select t.currency into tenant_currency from public.tenants t where t.id = credit_customer_balance.tenant_id;
  if tenant_currency is distinct from credit_customer_balance.currency then
    perform private.billing_fail('PT409', 'balance_currency_mismatch',
      format('a %s credit cannot go to a customer balance kept in %s', currency, coalesce(tenant_currency, '(none)')),
      'issue a credit note in the invoice currency instead');
  end if;
  perform private.ensure_billing_profile(credit_customer_balance.tenant_id);
  update public.billing_profiles b set balance = b.balance + credit_customer_balance.amount, updated_at = private.now()
  where b.tenant_id = credit_customer_balance.tenant_id;
  insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id, credit_note_id, payment_id)
  values (credit_customer_balance.tenant_id, credit_customer_balance.amount, credit_customer_balance.currency,
    credit_customer_balance.reason, credit_customer_balance.invoice_id, credit_customer_balance.credit_note_id,
    credit_customer_balance.payment_id);
  perform audit.record('billing_profile.credit_balance', 'billing_profile', credit_customer_balance.tenant_id::text, null,
    jsonb_build_object('amount', credit_customer_balance.amount, 'currency', credit_customer_balance.currency,
      'invoice_id', credit_customer_balance.invoice_id, 'credit_note_id', credit_customer_balance.credit_note_id,
      'payment_id', credit_customer_balance.payment_id), credit_customer_balance.tenant_id, credit_customer_balance.reason);
end
$$;

-- The final invoice of a cancelled subscription (now, or by the run at the period end with credit
-- null): the tenant's unbilled overage (in the
-- subscription's currency) and, when there is one, the unused-time credit (`credit`, from
-- private.unused_time_credit) as a proration line capped at the overage, so the total never goes
-- below 0; the rest of the credit (with its VAT) goes to the customer balance. No overage: no
-- invoice, the whole credit goes to the balance. Returns {invoice_id, credit_net, credit_total,
-- credit_on_invoice, credit_to_balance}.
create function private.final_invoice(s public.subscriptions, credit jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
  mu int := private.currency_minor_unit(s.currency);
  net numeric := coalesce(-(credit ->> 'credit')::numeric, 0);      -- > 0
  gross numeric := coalesce(-(credit ->> 'total')::numeric, 0);     -- with VAT
  overage numeric;
  on_invoice numeric := 0;
  on_invoice_gross numeric := 0;
  to_balance numeric;
  lbl jsonb := private.interval_label(s.billing_interval);
  plan_name jsonb;
  n int;
begin
  if exists (select from public.limit_breaches b where b.tenant_id = s.tenant_id and b.outcome = 'overage' and b.billed_at is null
             and b.currency = s.currency and b.unit_price is not null and b.overage_units > 0) then
    inv := private.new_invoice(s.tenant_id, s.id, 'subscription_update', s.currency, s.current_period_start,
                               greatest(private.now(), s.current_period_start + interval '1 second'),
                               'invoice:' || s.id || ':final', 'final invoice: subscription cancelled');
    perform private.add_overage_lines(inv);
    select coalesce(sum(l.amount), 0), coalesce(max(l.position), 0) into overage, n from public.invoice_lines l where l.invoice_id = inv.id;
    on_invoice := least(net, overage);
    if on_invoice > 0 then
      select p.name into plan_name from public.plans p where p.id = s.plan_id;
      insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
      values (inv.id, s.tenant_id, n + 1, 'proration',
              jsonb_build_object('en', format('Unused time on %s (%s): %s of %s days', coalesce(plan_name ->> 'en', 'add-ons'), lbl ->> 'en',
                                              credit ->> 'days_remaining', credit ->> 'days_in_period'),
                                 'ar', format('الوقت غير المستخدم من %s (%s): %s من %s يوم', coalesce(plan_name ->> 'ar', plan_name ->> 'en', 'الإضافات'), lbl ->> 'ar',
                                              credit ->> 'days_remaining', credit ->> 'days_in_period')),
              1, -on_invoice, -on_invoice, private.now(), s.current_period_end,
              jsonb_build_object('proration', credit, 'side', 'credit', 'reason', 'cancel_now', 'capped', on_invoice < net));
    end if;
    inv := private.finalize_invoice_core(inv.id);
    on_invoice_gross := on_invoice + coalesce((select -l.tax_amount from public.invoice_lines l where l.invoice_id = inv.id and l.kind = 'proration'), 0);
  end if;
  to_balance := greatest(gross - on_invoice_gross, 0);
  perform private.credit_customer_balance(s.tenant_id, to_balance, s.currency,
    format('unused time after cancellation (%s of %s days)', credit ->> 'days_remaining', credit ->> 'days_in_period')
      || coalesce(' — rest of the credit on invoice ' || inv.number, ''),
    inv.id);
  return jsonb_build_object('invoice_id', inv.id, 'credit_net', net, 'credit_total', gross, 'credit_on_invoice', on_invoice_gross,
                            'credit_to_balance', to_balance, 'proration', credit);
end
$$;

-- ── subscriptions ──────────────────────────────────────────────────────────────────────────

create function private.subscription_json(subscription_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select to_jsonb(s) || jsonb_build_object(
    'plan_code', (select p.code from public.plans p where p.id = s.plan_id),
    'pending_plan_code', (select p.code from public.plans p where p.id = s.pending_plan_id),
    'add_ons', coalesce((select jsonb_agg(jsonb_build_object('code', a.add_on_code, 'quantity', a.quantity) order by a.add_on_code)
                         from public.subscription_add_ons a where a.subscription_id = s.id), '[]'),
    'coupons', coalesce((select jsonb_agg(jsonb_build_object('code', k.code, 'periods_applied', r.periods_applied, 'ended_at', r.ended_at) order by r.redeemed_at)
                         from public.coupon_redemptions r join public.coupons k on k.id = r.coupon_id where r.subscription_id = s.id), '[]'),
    'mrr', private.subscription_mrr(s.id))
  from public.subscriptions s where s.id = subscription_json.subscription_id
$$;

create function private.lock_subscription(subscription_id uuid)
returns public.subscriptions
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
begin
  select * into s from public.subscriptions x where x.id = lock_subscription.subscription_id for update;
  if s.id is null then
    perform private.billing_fail('PT404', 'subscription_not_found', 'no such subscription', 'check the subscription id');
  end if;
  return s;
end
$$;

create function private.current_plan(plan_code text)
returns public.plans
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  p public.plans;
begin
  select * into p from public.plans x where x.code = current_plan.plan_code and x.is_current;
  if p.id is null then
    perform private.billing_fail('PT404', 'plan_not_found', format('no plan %s', coalesce(plan_code, '(null)')),
      coalesce('plans: ' || (select string_agg(x.code, ', ' order by x.tier) from public.plans x where x.is_current and x.status = 'active'), 'none'));
  end if;
  if p.status <> 'active' then
    perform private.billing_fail('PT409', 'plan_archived', format('plan %s is archived', p.code), 'choose an active plan');
  end if;
  return p;
end
$$;

create function public.create_subscription(tenant_id uuid, plan_code text, billing_interval text default 'month', add_ons jsonb default '[]',
                                           coupon_code text default null, trial_days int default null, reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
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
    perform private.billing_fail('22023', 'invalid_interval', format('billing interval must be month or year, got %s', p_interval), 'month or year');
  end if;
  if trial_days is not null and trial_days not between 0 and 365 then
    perform private.billing_fail('22023', 'invalid_trial_days', format('trial_days must be 0–365, got %s', trial_days), '0 for no trial, null for the plan''s');
  end if;
  if add_ons is not null and jsonb_typeof(add_ons) <> 'array' then
    perform private.billing_fail('22023', 'invalid_add_ons', 'add_ons must be an array of {code, quantity}', '[{"code":"extra_branch","quantity":1}]');
  end if;
  t := private.billing_tenant(create_subscription.tenant_id, true);
  perform private.currency_minor_unit(t.currency);
  p := private.current_plan(plan_code);
  if private.plan_price(p.id, t.currency, p_interval) is null then
    perform private.billing_fail('22023', 'no_price', format('plan %s has no %s price in %s', p.code, p_interval, t.currency), 'add a price for the tenant''s currency first');
  end if;
  if exists (select from public.subscriptions x where x.tenant_id = t.id and x.plan_id is not null and x.status <> 'cancelled') then
    perform private.billing_fail('PT409', 'subscription_exists', 'the tenant has a live plan subscription already',
      'change its plan with change_subscription_plan, or cancel it first');
  end if;
  for a in select x from jsonb_array_elements(coalesce(add_ons, '[]')) x loop
    if jsonb_typeof(a) <> 'object' or jsonb_typeof(a -> 'code') is distinct from 'string'
       or (a ? 'quantity' and (jsonb_typeof(a -> 'quantity') <> 'number' or (a ->> 'quantity')::numeric not between 1 and 1000
                               or (a ->> 'quantity')::numeric <> trunc((a ->> 'quantity')::numeric))) then
      perform private.billing_fail('22023', 'invalid_add_ons', format('bad add-on entry %s', a), '{"code":"extra_branch","quantity":1..1000}');
    end if;
    if not exists (select from public.add_ons x where x.code = a ->> 'code' and x.status = 'active') then
      perform private.billing_fail('PT404', 'unknown_add_on', format('no active add-on %s', a ->> 'code'), 'see public.add_ons');
    end if;
    if private.add_on_price(a ->> 'code', t.currency, p_interval) is null then
      perform private.billing_fail('22023', 'no_price', format('add-on %s has no price in %s', a ->> 'code', t.currency), 'add a price for the tenant''s currency first');
    end if;
  end loop;
  if (select count(distinct x ->> 'code') <> count(*) from jsonb_array_elements(coalesce(add_ons, '[]')) x) then
    perform private.billing_fail('22023', 'invalid_add_ons', 'an add-on is listed twice', 'give each add-on once with its quantity');
  end if;
  violations := private.plan_violations(t.id, p.id);
  if cardinality(violations) > 0 then
    perform private.billing_fail('PT409', 'plan_limits_exceeded', format('current usage exceeds the hard limits of %s', p.code), array_to_string(violations, '; '));
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
  return private.subscription_json(s.id) || jsonb_build_object('invoice', case when inv.id is not null then private.invoice_json(inv.id) end);
end
$$;

-- Shared checks of a plan change: the new plan, its price and the direction.
create function private.plan_change_target(s public.subscriptions, plan_code text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  p public.plans;
  old_plan public.plans;
  old_amount numeric;
  new_amount numeric;
  direction text;
begin
  if s.status not in ('trialing', 'active', 'past_due') then
    perform private.billing_fail('PT409', 'subscription_not_changeable', format('a %s subscription cannot change plan', s.status),
      case when s.status = 'cancelled' then 'create a new subscription' else 'settle the overdue invoices first' end);
  end if;
  if s.plan_id is null then
    perform private.billing_fail('PT409', 'subscription_has_no_plan', 'an add-on-only subscription has no plan to change', 'create a plan subscription');
  end if;
  p := private.current_plan(plan_code);
  if p.id = s.plan_id and s.pending_plan_id is null then
    perform private.billing_fail('PT409', 'same_plan', format('the subscription is already on %s', p.code), 'choose another plan');
  end if;
  select * into old_plan from public.plans x where x.id = s.plan_id;
  new_amount := private.plan_price(p.id, s.currency, s.billing_interval);
  if new_amount is null then
    perform private.billing_fail('22023', 'no_price', format('plan %s has no %s price in %s', p.code, s.billing_interval, s.currency), 'add the price first');
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

-- Proration of a plan change 'now' (preview = change): private.proration with the old plan's price
-- scaled by the share of the period's list price that its invoice (the open or paid
-- subscription_create / subscription_cycle invoice of the current period) really charged after
-- coupons, as private.unused_time_credit does; nothing billed for the period → no credit. The new
-- plan is charged at its list price (coupons do not discount proration lines).
-- (At list price, a period paid at 50 % off, or free, would be credited in full, and a downgrade
-- 'now' would put money the tenant never paid on its balance.)
create function private.plan_change_proration(s public.subscriptions, old_amount numeric, new_amount numeric)
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

create function public.preview_subscription_change(subscription_id uuid, plan_code text)
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

create function public.change_subscription_plan(subscription_id uuid, plan_code text, effective text default null, reason text default null)
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

-- quantity 0 removes the add-on. An increase on a paid subscription is charged at once, prorated
-- by day; a decrease takes effect now and credits the removed units' unused time (prorated by day,
-- net of the period invoice's coupon share, plus VAT) to the customer balance.
create function public.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity int, reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  before_json jsonb;
  cur int;
  price numeric;
  pr jsonb;
  inv public.invoices;
  mrr_before numeric;
  a public.add_ons;
  lbl jsonb;
  balance_credit numeric := 0;
begin
  perform private.assert_permission('billing.write');
  if quantity is null or quantity < 0 or quantity > 1000 then
    perform private.billing_fail('22023', 'invalid_quantity', format('quantity must be 0–1000, got %s', coalesce(quantity::text, 'null')), '0 removes the add-on');
  end if;
  s := private.lock_subscription(set_subscription_add_on.subscription_id);
  if s.status not in ('trialing', 'active', 'past_due') then
    perform private.billing_fail('PT409', 'subscription_not_changeable', format('a %s subscription cannot change add-ons', s.status), 'only live subscriptions change');
  end if;
  select * into a from public.add_ons x where x.code = set_subscription_add_on.add_on_code;
  if a.code is null or (a.status <> 'active' and quantity > 0) then
    perform private.billing_fail('PT404', 'unknown_add_on', format('no active add-on %s', coalesce(add_on_code, '(null)')), 'see public.add_ons');
  end if;
  price := private.add_on_price(a.code, s.currency, s.billing_interval);
  if price is null and quantity > 0 then
    perform private.billing_fail('22023', 'no_price', format('add-on %s has no price in %s', a.code, s.currency), 'add a price first');
  end if;
  select x.quantity into cur from public.subscription_add_ons x where x.subscription_id = s.id and x.add_on_code = a.code;
  cur := coalesce(cur, 0);
  if cur = quantity then
    perform private.billing_fail('PT409', 'add_on_unchanged', format('the subscription has %s × %s already', cur, a.code), 'nothing to do');
  end if;
  before_json := private.subscription_json(s.id);
  mrr_before := private.subscription_mrr(s.id);
  if quantity = 0 then
    delete from public.subscription_add_ons x where x.subscription_id = s.id and x.add_on_code = a.code;
  else
    insert into public.subscription_add_ons as x (subscription_id, tenant_id, add_on_code, quantity)
    values (s.id, s.tenant_id, a.code, quantity)
    on conflict on constraint subscription_add_ons_pkey do update set quantity = excluded.quantity;
  end if;
  if quantity < cur then
    -- a decrease: the removed units' unused time goes to the customer balance (with its VAT)
    pr := private.unused_time_credit(s, price * (cur - quantity));
    if pr is not null and -(pr ->> 'total')::numeric > 0 then
      balance_credit := -(pr ->> 'total')::numeric;
      perform private.credit_customer_balance(s.tenant_id, balance_credit, s.currency,
        format('%s × %s add-on removed: unused %s of %s days', cur - quantity, a.code, pr ->> 'days_remaining', pr ->> 'days_in_period'), null);
    end if;
  end if;
  if quantity > cur and s.status in ('active', 'past_due') then
    pr := private.proration(s, 0, price * (quantity - cur));
    if (pr ->> 'charge')::numeric > 0 then
      lbl := private.interval_label(s.billing_interval);
      inv := private.new_invoice(s.tenant_id, s.id, 'subscription_update', s.currency, private.now(), s.current_period_end, null, null);
      insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
      values (inv.id, s.tenant_id, 1, 'proration',
              jsonb_build_object('en', format('%s × %s add-on (%s): %s of %s days', quantity - cur, a.name ->> 'en', lbl ->> 'en', pr ->> 'days_remaining', pr ->> 'days_in_period'),
                                 'ar', format('%s × إضافة %s (%s): %s من %s يوم', quantity - cur, coalesce(a.name ->> 'ar', a.name ->> 'en'), lbl ->> 'ar', pr ->> 'days_remaining', pr ->> 'days_in_period')),
              1, (pr ->> 'charge')::numeric, (pr ->> 'charge')::numeric, private.now(), s.current_period_end,
              jsonb_build_object('proration', pr, 'add_on', a.code, 'side', 'charge'));
      inv := private.finalize_invoice_core(inv.id);
    end if;
  end if;
  perform private.sync_tenant_add_on(s.tenant_id, a.code, quantity);
  perform private.record_mrr(s.id, mrr_before);
  perform audit.record('subscription.set_add_on', 'subscription', s.id::text, before_json, private.subscription_json(s.id), s.tenant_id, reason);
  return private.subscription_json(s.id) || jsonb_build_object('proration', pr, 'balance_credit', balance_credit,
    'invoice', case when inv.id is not null then private.invoice_json(inv.id) end);
end
$$;

create function public.cancel_subscription(subscription_id uuid, at_period_end boolean default true, reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  before_json jsonb;
  mrr_before numeric;
  credit jsonb;
  final_info jsonb;
begin
  perform private.assert_permission('billing.write');
  if at_period_end is null then
    perform private.billing_fail('22023', 'invalid_input', 'at_period_end must be true or false', 'true cancels at the period end, false now');
  end if;
  s := private.lock_subscription(cancel_subscription.subscription_id);
  if s.status = 'cancelled' then
    perform private.billing_fail('PT409', 'subscription_cancelled', 'the subscription is cancelled already', 'nothing to do');
  end if;
  before_json := private.subscription_json(s.id);
  if at_period_end then
    if s.cancel_at_period_end then
      perform private.billing_fail('PT409', 'cancel_already_scheduled', 'the subscription is already set to cancel at the period end',
        'cancel now with at_period_end => false, or resume it');
    end if;
    update public.subscriptions x set cancel_at_period_end = true, pending_plan_id = null, updated_at = private.now() where x.id = s.id;
  else
    mrr_before := private.subscription_mrr(s.id);
    credit := private.unused_time_credit(s, private.subscription_amount(s));
    update public.subscriptions x set status = 'cancelled', cancelled_at = private.now(), cancel_at_period_end = false, pending_plan_id = null,
      status_changed_at = private.now(), updated_at = private.now() where x.id = s.id;
    final_info := private.final_invoice(s, credit);
    perform private.record_mrr(s.id, mrr_before);
  end if;
  perform audit.record('subscription.cancel', 'subscription', s.id::text, before_json,
    private.subscription_json(s.id) || jsonb_build_object('at_period_end', at_period_end, 'final', final_info), s.tenant_id, reason);
  return private.subscription_json(s.id) || jsonb_build_object('final', final_info,
    'final_invoice', case when final_info ->> 'invoice_id' is not null then private.invoice_json((final_info ->> 'invoice_id')::uuid) end);
end
$$;

create function public.resume_subscription(subscription_id uuid, reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
begin
  perform private.assert_permission('billing.write');
  s := private.lock_subscription(resume_subscription.subscription_id);
  if s.status = 'cancelled' then
    perform private.billing_fail('PT409', 'subscription_cancelled', 'a cancelled subscription cannot be resumed', 'create a new subscription');
  end if;
  if not s.cancel_at_period_end then
    perform private.billing_fail('PT409', 'nothing_to_resume', 'the subscription has no pending cancellation', 'nothing to do');
  end if;
  update public.subscriptions x set cancel_at_period_end = false, updated_at = private.now() where x.id = s.id;
  perform audit.record('subscription.resume', 'subscription', s.id::text, jsonb_build_object('cancel_at_period_end', true),
    jsonb_build_object('cancel_at_period_end', false), s.tenant_id, reason);
  return private.subscription_json(s.id);
end
$$;

create function public.apply_coupon(subscription_id uuid, coupon_code text, reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  c public.coupons;
  mrr_before numeric;
begin
  perform private.assert_permission('billing.write');
  if coupon_code is null or trim(coupon_code) = '' then
    perform private.billing_fail('22023', 'invalid_input', 'a coupon code is required', 'e.g. WELCOME10');
  end if;
  s := private.lock_subscription(apply_coupon.subscription_id);
  if s.status not in ('trialing', 'active', 'past_due') then
    perform private.billing_fail('PT409', 'subscription_not_changeable', format('a %s subscription cannot take a coupon', s.status), 'only live subscriptions');
  end if;
  mrr_before := private.subscription_mrr(s.id);
  c := private.redeem_coupon(s, coupon_code);
  perform private.record_mrr(s.id, mrr_before);
  perform audit.record('subscription.apply_coupon', 'subscription', s.id::text, null, jsonb_build_object('coupon', c.code, 'coupon_id', c.id), s.tenant_id, reason);
  return private.subscription_json(s.id);
end
$$;

-- ── the invoice run ────────────────────────────────────────────────────────────────────────

-- Rolls one subscription into the period starting at period_start and bills it (in advance, plus
-- unbilled overage in arrears). Idempotent: a rerun, a duplicate job or a crash retry finds the
-- subscription already rolled or the invoice's idempotency key taken and does nothing.
create function private.invoice_period(subscription_id uuid, period_start timestamptz)
returns uuid
language plpgsql
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
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

create function private.job_invoice_period(payload jsonb, job jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  sub uuid;
  start_at timestamptz;
begin
  begin
    sub := (payload ->> 'subscription_id')::uuid;
    start_at := (payload ->> 'period_start')::timestamptz;
  exception when others then
    sub := null;
  end;
  if sub is null or start_at is null then
    perform private.billing_fail('22023', 'invalid_payload', format('bad billing.invoice_period payload %s', payload),
      '{"subscription_id": uuid, "period_start": ISO instant}');
  end if;
  perform private.invoice_period(sub, start_at);
end
$$;

select private.register_job_handler('billing.invoice_period', sql_handler => 'private.job_invoice_period(jsonb, jsonb)'::regprocedure,
  description => 'rolls one subscription into its next period and bills it (idempotent per subscription and period)');

-- One job per due subscription, set-based; the key makes a second enqueue of the same period a no-op.
create function private.enqueue_due_invoice_periods()
returns int
language sql
security definer
set search_path = ''
as $$
  select count(private.enqueue('billing', 'billing.invoice_period',
                 jsonb_build_object('subscription_id', s.id, 'period_start', private.iso_instant(s.current_period_end)),
                 'invoice:' || s.id || ':' || private.iso_instant(s.current_period_end)))::int
  from public.subscriptions s
  where s.status in ('trialing', 'active', 'past_due') and s.current_period_end <= private.now()
$$;

create function public.start_invoice_run()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  n int;
begin
  perform private.assert_permission('billing.write');
  n := private.enqueue_due_invoice_periods();
  perform audit.record('billing.invoice_run', 'billing', 'invoice_run', null, jsonb_build_object('enqueued', n), null, null);
  return jsonb_build_object('enqueued', n);
end
$$;

select private.declare_schedule('billing.invoice_run', '7 * * * *', 'select private.enqueue_due_invoice_periods()',
  'hourly: one billing.invoice_period job per subscription whose period has ended (renewal, trial end, scheduled downgrade, cancel at period end)');

-- ── grants ─────────────────────────────────────────────────────────────────────────────────

revoke execute on function private.billing_fail(text, text, text, text), private.currency_minor_unit(text), private.round_money(numeric, text),
  private.tax_rate_for(text, date), private.local_date(timestamptz, text), private.local_add(timestamptz, interval, text),
  private.iso_instant(timestamptz), private.assert_reason(text), private.billing_tenant(uuid, boolean), private.default_tax_note(text),
  private.ensure_billing_profile(uuid), private.add_on_price(text, text, text), private.subscription_amount(public.subscriptions),
  private.subscription_mrr(uuid), private.record_mrr(uuid, numeric), private.sync_tenant_plan(public.subscriptions, text),
  private.sync_tenant_add_on(uuid, text, int), private.redeem_coupon(public.subscriptions, text), private.apply_invoice_discounts(uuid, uuid),
  private.invoice_json(uuid), private.new_invoice(uuid, uuid, text, text, timestamptz, timestamptz, text, text),
  private.recompute_invoice_amounts(uuid), private.finalize_invoice_core(uuid, boolean), private.interval_label(text),
  private.add_subscription_lines(public.invoices, public.subscriptions, timestamptz, timestamptz), private.add_overage_lines(public.invoices),
  private.build_subscription_invoice(public.subscriptions, text, text, timestamptz, timestamptz, boolean, boolean),
  private.proration(public.subscriptions, numeric, numeric), private.plan_change_proration(public.subscriptions, numeric, numeric),
  private.subscription_json(uuid), private.lock_subscription(uuid),
  private.current_plan(text), private.plan_change_target(public.subscriptions, text), private.invoice_period(uuid, timestamptz),
  private.job_invoice_period(jsonb, jsonb), private.enqueue_due_invoice_periods(),
  private.period_boundary(timestamptz, text, int, text), private.next_period_end(timestamptz, text, timestamptz, text),
  private.subscription_default_anchor(), private.unused_time_credit(public.subscriptions, numeric),
  private.credit_customer_balance(uuid, numeric, text, text, uuid, uuid, uuid), private.final_invoice(public.subscriptions, jsonb)
  from public, anon, authenticated;

revoke execute on function public.set_billing_profile(uuid, jsonb), public.create_coupon(jsonb), public.archive_coupon(uuid, text),
  public.create_invoice(uuid, jsonb, text), public.finalize_invoice(uuid), public.void_invoice(uuid, text),
  public.mark_invoice_uncollectible(uuid, text), public.create_subscription(uuid, text, text, jsonb, text, int, text),
  public.preview_subscription_change(uuid, text), public.change_subscription_plan(uuid, text, text, text),
  public.set_subscription_add_on(uuid, text, int, text), public.cancel_subscription(uuid, boolean, text),
  public.resume_subscription(uuid, text), public.apply_coupon(uuid, text, text), public.start_invoice_run()
  from public, anon;
grant execute on function public.set_billing_profile(uuid, jsonb), public.create_coupon(jsonb), public.archive_coupon(uuid, text),
  public.create_invoice(uuid, jsonb, text), public.finalize_invoice(uuid), public.void_invoice(uuid, text),
  public.mark_invoice_uncollectible(uuid, text), public.create_subscription(uuid, text, text, jsonb, text, int, text),
  public.preview_subscription_change(uuid, text), public.change_subscription_plan(uuid, text, text, text),
  public.set_subscription_add_on(uuid, text, int, text), public.cancel_subscription(uuid, boolean, text),
  public.resume_subscription(uuid, text), public.apply_coupon(uuid, text, text), public.start_invoice_run()
  to authenticated, service_role;
