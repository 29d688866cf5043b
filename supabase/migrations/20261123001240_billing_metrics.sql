-- Billing (C6, C7), part 5: revenue metrics for the console's Revenue screen.
--
-- The source of truth is public.mrr_movements: the subscription functions write one row whenever a
-- subscription's monthly value changes (mrr_before → mrr_after, already normalised to a month —
-- a yearly price counts 1/12 — before tax and after recurring discounts, in the currency's minor
-- unit). Nothing here recomputes prices; the metrics only fold those rows:
--
--  * a subscription's MRR at instant T = the mrr_after of its latest movement at or before T
--    (ties broken by id), 0 when it has none;
--  * current MRR (billing_mrr) = the sum of that value at private.now() over live subscriptions
--    (status trialing / active / past_due / suspended: every one not cancelled) — a future-dated
--    movement (a downgrade waiting for the period end) does not count yet;
--  * ARR = MRR × 12; ARPU = MRR / paying tenants (tenants with MRR > 0 in that currency), both
--    rounded to the currency's minor unit, half away from zero;
--  * movements per calendar month (UTC): new / expansion / reactivation are positive, contraction
--    and churned negative (mrr_after − mrr_before), so net = their sum; ending_mrr is the sum of every
--    subscription's MRR at the end of the month.
-- Currencies are never mixed: every figure is per currency.

create function private.assert_metrics_currency(currency text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if currency is not null and not exists (select from public.currencies c where c.code = assert_metrics_currency.currency) then
    raise exception using errcode = '22023', message = format('unknown currency %s', currency),
      detail = 'billing.invalid_currency', hint = 'use an ISO code from public.currencies, e.g. OMR, or null for all';
  end if;
end
$$;
revoke execute on function private.assert_metrics_currency(text) from public, anon;

-- Row types (a parameter and a result column both named currency need a named composite type).
create type public.billing_mrr_row as (currency text, mrr numeric, arr numeric, active_subscriptions bigint,
                                      paying_tenants bigint, arpu numeric);
create type public.mrr_month_row as (month date, currency text, new numeric, expansion numeric, contraction numeric,
                                     churned numeric, reactivation numeric, net numeric, ending_mrr numeric);

-- MRR, ARR, ARPU, live and paying counts per currency, now.
create function public.billing_mrr(currency text default null)
returns setof public.billing_mrr_row
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  at_now timestamptz := private.now();
begin
  perform private.assert_permission('billing.read');
  perform private.assert_metrics_currency(billing_mrr.currency);
  return query
  with live as (
    select s.id, s.tenant_id, s.currency, s.status,
           coalesce((select m.mrr_after from public.mrr_movements m
                     where m.subscription_id = s.id and m.at <= at_now
                     order by m.at desc, m.id desc limit 1), 0) as value
    from public.subscriptions s
    where s.status <> 'cancelled'
      and (billing_mrr.currency is null or s.currency = billing_mrr.currency)
  ), per_currency as (
    select l.currency,
           sum(l.value) as mrr,
           count(*) filter (where l.status in ('active', 'past_due')) as active_subscriptions,
           (select count(*) from (select l2.tenant_id from live l2 where l2.currency = l.currency
                                  group by l2.tenant_id having sum(l2.value) > 0) p) as paying_tenants
    from live l
    group by l.currency
  ), wanted as (
    -- the asked-for currency always answers, with zeros when nothing is billed in it
    select pc.currency, pc.mrr, pc.active_subscriptions, pc.paying_tenants from per_currency pc
    union all
    select billing_mrr.currency, 0, 0, 0
    where billing_mrr.currency is not null and not exists (select from per_currency)
  )
  select w.currency,
         round(w.mrr, c.minor_unit),
         round(w.mrr * 12, c.minor_unit),
         w.active_subscriptions,
         w.paying_tenants,
         case when w.paying_tenants > 0 then round(w.mrr / w.paying_tenants, c.minor_unit) else 0 end
  from wanted w
  join public.currencies c on c.code = w.currency
  order by w.currency;
end
$$;
revoke execute on function public.billing_mrr(text) from public, anon;
grant execute on function public.billing_mrr(text) to authenticated, service_role;

-- New / expansion / contraction / churned / reactivation MRR and the ending MRR per calendar month
-- (UTC) and currency, for every month from from_month to to_month inclusive (at most 120 months).
-- Without a currency: every currency that has a movement before the range's end.
create function public.mrr_movements_by_month(from_month date, to_month date, currency text default null)
returns setof public.mrr_month_row
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  first_month date := date_trunc('month', from_month)::date;
  last_month date := date_trunc('month', to_month)::date;
  range_end timestamptz;
begin
  perform private.assert_permission('billing.read');
  if from_month is null or to_month is null or to_month < from_month then
    raise exception using errcode = '22023', message = 'a month range needs from_month <= to_month',
      detail = 'billing.invalid_period', hint = 'e.g. from 2026-01-01 to 2026-12-01';
  end if;
  if (extract(year from last_month) - extract(year from first_month)) * 12
     + extract(month from last_month) - extract(month from first_month) >= 120 then
    raise exception using errcode = '22023', message = 'a month range covers at most 120 months',
      detail = 'billing.invalid_period', hint = 'ask for ten years or less';
  end if;
  perform private.assert_metrics_currency(mrr_movements_by_month.currency);
  range_end := ((last_month + interval '1 month')::timestamp at time zone 'UTC');

  return query
  with months as (
    select g::date as m_start,
           (g::timestamp at time zone 'UTC') as ts_start,
           ((g + interval '1 month')::timestamp at time zone 'UTC') as ts_end
    from generate_series(first_month::timestamp, last_month::timestamp, interval '1 month') g
  ), currencies as (
    select distinct mv.currency from public.mrr_movements mv
    where mv.at < range_end
      and (mrr_movements_by_month.currency is null or mv.currency = mrr_movements_by_month.currency)
    union
    select mrr_movements_by_month.currency where mrr_movements_by_month.currency is not null
  ), flows as (
    select mo.m_start, cu.currency,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'new'), 0) as f_new,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'expansion'), 0) as f_expansion,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'contraction'), 0) as f_contraction,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'churn'), 0) as f_churn,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'reactivation'), 0) as f_reactivation,
           coalesce(sum(mv.mrr_after - mv.mrr_before), 0) as f_net
    from months mo
    cross join currencies cu
    left join public.mrr_movements mv on mv.currency = cu.currency and mv.at >= mo.ts_start and mv.at < mo.ts_end
    group by mo.m_start, cu.currency
  ), ending as (
    select mo.m_start, cu.currency,
           coalesce((select sum(last.mrr_after) from (
              select distinct on (mv.subscription_id) mv.mrr_after
              from public.mrr_movements mv
              where mv.currency = cu.currency and mv.at < mo.ts_end
              order by mv.subscription_id, mv.at desc, mv.id desc) last), 0) as e_mrr
    from months mo cross join currencies cu
  )
  select f.m_start, f.currency,
         round(f.f_new, c.minor_unit), round(f.f_expansion, c.minor_unit), round(f.f_contraction, c.minor_unit),
         round(f.f_churn, c.minor_unit), round(f.f_reactivation, c.minor_unit), round(f.f_net, c.minor_unit),
         round(e.e_mrr, c.minor_unit)
  from flows f
  join ending e on e.m_start = f.m_start and e.currency = f.currency
  join public.currencies c on c.code = f.currency
  order by f.m_start, f.currency;
end
$$;
revoke execute on function public.mrr_movements_by_month(date, date, text) from public, anon;
grant execute on function public.mrr_movements_by_month(date, date, text) to authenticated, service_role;
