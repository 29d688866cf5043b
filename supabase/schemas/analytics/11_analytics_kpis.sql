-- The dashboard's KPIs for a date range (UTC days p_from..p_to), per billing currency and in a
-- reporting currency (p_currency, else the settings' one; converted at the rate of p_to).
-- Definitions (docs/analytics.md): per subscription, start MRR = its MRR just before p_from, end MRR
-- = its MRR at the end of p_to (public.mrr_movements, the billing MRR ledger). Per tenant:
--   NRR = Σ end / Σ start over tenants paying at the start; GRR = Σ least(end, start) / Σ start;
--   revenue churn = 1 − GRR; logo churn = tenants paying at the start and not at the end / paying at the start;
--   ARPU = MRR / tenants paying at the end; LTV = ARPU / monthly logo churn (null without churn).
-- Movements (new, expansion, contraction, churned, reactivation) are the ledger's, summed over the range.
create function public.analytics_kpis(p_from date, p_to date, p_currency text default null) returns jsonb
  language sql stable
  set search_path = ''
as $$ select private.analytics_kpis(p_from, p_to, p_currency) $$;

create function private.analytics_kpis(p_from date, p_to date, p_currency text default null) returns jsonb
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  ts_from timestamptz;
  ts_to timestamptz;
  rep text;
  months numeric;
  per_currency jsonb;
  reporting jsonb;
begin
  perform private.assert_permission('analytics.read');
  if p_from is null or p_to is null or p_from > p_to then
    perform private.fail('analytics.invalid_range', 'a KPI range needs p_from <= p_to');
  end if;
  if p_to - p_from + 1 > 3660 then
    perform private.fail('analytics.range_too_long', 'KPIs cover at most ten years');
  end if;
  rep := coalesce(p_currency, (select s.reporting_currency from public.analytics_settings s));
  if not exists (select from public.currencies c where c.code = rep) then
    perform private.fail('analytics.unknown_currency', format('unknown currency %s', rep));
  end if;
  ts_from := p_from::timestamp at time zone 'UTC';
  ts_to := (p_to + 1)::timestamp at time zone 'UTC';
  months := (p_to - p_from + 1) / 30.4375;

  with subs as (
    select m.subscription_id, m.tenant_id, m.currency,
           coalesce((array_agg(m.mrr_after order by m.at desc, m.id desc) filter (where m.at < ts_from))[1], 0) as s_mrr,
           coalesce((array_agg(m.mrr_after order by m.at desc, m.id desc) filter (where m.at < ts_to))[1], 0) as e_mrr
    from public.mrr_movements m where m.at < ts_to
    group by m.subscription_id, m.tenant_id, m.currency
  ), ten as (
    select s.tenant_id, s.currency, sum(s.s_mrr) as s_mrr, sum(s.e_mrr) as e_mrr from subs s group by 1, 2
  ), flows as (
    select m.currency,
           sum(m.mrr_after - m.mrr_before) filter (where m.kind = 'new') as f_new,
           sum(m.mrr_after - m.mrr_before) filter (where m.kind = 'expansion') as f_expansion,
           sum(m.mrr_after - m.mrr_before) filter (where m.kind = 'contraction') as f_contraction,
           sum(m.mrr_after - m.mrr_before) filter (where m.kind = 'churn') as f_churned,
           sum(m.mrr_after - m.mrr_before) filter (where m.kind = 'reactivation') as f_reactivation
    from public.mrr_movements m where m.at >= ts_from and m.at < ts_to group by m.currency
  ), dun as (
    select i.currency, sum(i.amount_due) as exposure
    from public.dunning_cases d join public.invoices i on i.id = d.invoice_id
    where d.closed_at is null group by i.currency
  ), cur as (
    select t.currency from ten t union select f.currency from flows f union select d.currency from dun d
  ), k as (
  select c.currency,
         coalesce(sum(t.s_mrr), 0) as starting_mrr, coalesce(sum(t.e_mrr), 0) as mrr,
         coalesce(sum(t.e_mrr) filter (where t.s_mrr > 0), 0) as nrr_num,
         coalesce(sum(least(t.e_mrr, t.s_mrr)) filter (where t.s_mrr > 0), 0) as grr_num,
         coalesce(sum(t.s_mrr) filter (where t.s_mrr > 0), 0) as start_base,
         count(t.tenant_id) filter (where t.s_mrr > 0) as paying_start, count(t.tenant_id) filter (where t.e_mrr > 0) as paying_end,
         count(t.tenant_id) filter (where t.s_mrr > 0 and t.e_mrr = 0) as churned_tenants,
         coalesce(max(f.f_new), 0) as f_new, coalesce(max(f.f_expansion), 0) as f_expansion,
         coalesce(max(f.f_contraction), 0) as f_contraction, coalesce(max(f.f_churned), 0) as f_churned,
         coalesce(max(f.f_reactivation), 0) as f_reactivation, coalesce(max(d.exposure), 0) as dunning
  from cur c
  left join ten t on t.currency = c.currency
  left join flows f on f.currency = c.currency
  left join dun d on d.currency = c.currency
  group by c.currency
  )
  select coalesce((select jsonb_agg(private.kpi_block(k.currency, k.starting_mrr, k.mrr, k.nrr_num, k.grr_num, k.start_base,
           k.paying_start, k.paying_end, k.churned_tenants, k.f_new, k.f_expansion, k.f_contraction, k.f_churned,
           k.f_reactivation, k.dunning, months) order by k.currency) from k), '[]'),
  -- the same sums converted into the reporting currency at the rate of p_to (missing rate: an error)
  (select private.kpi_block(rep,
           sum(private.convert_amount(k.starting_mrr, k.currency, rep, p_to)),
           sum(private.convert_amount(k.mrr, k.currency, rep, p_to)),
           sum(private.convert_amount(k.nrr_num, k.currency, rep, p_to)),
           sum(private.convert_amount(k.grr_num, k.currency, rep, p_to)),
           sum(private.convert_amount(k.start_base, k.currency, rep, p_to)),
           sum(k.paying_start), sum(k.paying_end), sum(k.churned_tenants),
           sum(private.convert_amount(k.f_new, k.currency, rep, p_to)),
           sum(private.convert_amount(k.f_expansion, k.currency, rep, p_to)),
           sum(private.convert_amount(k.f_contraction, k.currency, rep, p_to)),
           sum(private.convert_amount(k.f_churned, k.currency, rep, p_to)),
           sum(private.convert_amount(k.f_reactivation, k.currency, rep, p_to)),
           sum(private.convert_amount(k.dunning, k.currency, rep, p_to)), months) from k)
  into per_currency, reporting;

  return jsonb_build_object(
    'from', p_from, 'to', p_to, 'reporting_currency', rep,
    'active_tenants', (select count(*) from public.tenants t where t.status in ('trial', 'active', 'grace') and not exists (select from public.sandbox_tenants sb where sb.tenant_id = t.id)),
    'signups', (select count(*) from public.tenants t where t.created_at >= ts_from and t.created_at < ts_to and not exists (select from public.sandbox_tenants sb where sb.tenant_id = t.id)),
    'open_tickets', (select count(*) from public.support_tickets k where k.status not in ('solved', 'closed') and k.merged_into is null),
    'per_currency', per_currency,
    'reporting', reporting);
end
$$;

revoke all on function public.analytics_kpis(date, date, text) from public, anon, authenticated, service_role;
grant execute on function public.analytics_kpis(date, date, text) to authenticated, service_role;
comment on function public.analytics_kpis(date, date, text) is 'Dashboard KPIs for UTC days p_from..p_to (analytics.read): active tenants, signups, open tickets; per currency and in the reporting currency: MRR, ARR, ARPU, LTV, NRR, GRR, logo and revenue churn, MRR movements, dunning exposure. See docs/analytics.md.';
revoke all on function private.analytics_kpis(date, date, text) from public, anon, authenticated, service_role;
grant execute on function private.analytics_kpis(date, date, text) to authenticated, service_role;

-- One currency's KPI object from its sums (shared by the per-currency and the reporting blocks).
create function private.kpi_block(currency text, starting_mrr numeric, mrr numeric, nrr_num numeric, grr_num numeric,
    start_base numeric, paying_start numeric, paying_end numeric, churned_tenants numeric, f_new numeric,
    f_expansion numeric, f_contraction numeric, f_churned numeric, f_reactivation numeric, dunning numeric,
    months numeric) returns jsonb
  language sql immutable
  set search_path = ''
as $$
  with v as (
    select case when paying_end > 0 then mrr / paying_end end as arpu,
           case when paying_start > 0 then churned_tenants::numeric / paying_start end as logo_churn
  )
  select jsonb_build_object(
    'currency', currency,
    'starting_mrr', round(coalesce(starting_mrr, 0), 3),
    'mrr', round(coalesce(mrr, 0), 3),
    'arr', round(coalesce(mrr, 0) * 12, 3),
    'paying_tenants', coalesce(paying_end, 0),
    'arpu', round(coalesce(v.arpu, 0), 3),
    'nrr', case when start_base > 0 then round(nrr_num / start_base, 4) end,
    'grr', case when start_base > 0 then round(grr_num / start_base, 4) end,
    'revenue_churn', case when start_base > 0 then round(1 - grr_num / start_base, 4) end,
    'logo_churn', round(v.logo_churn, 4),
    'churned_tenants', coalesce(churned_tenants, 0),
    'ltv', case when v.logo_churn > 0 and months > 0 then round(v.arpu / (v.logo_churn / months), 3) end,
    'movements', jsonb_build_object('new', round(coalesce(f_new, 0), 3), 'expansion', round(coalesce(f_expansion, 0), 3),
      'contraction', round(coalesce(f_contraction, 0), 3), 'churned', round(coalesce(f_churned, 0), 3),
      'reactivation', round(coalesce(f_reactivation, 0), 3)),
    'dunning_exposure', round(coalesce(dunning, 0), 3))
  from v
$$;

revoke all on function private.kpi_block(text, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric) from public, anon, authenticated, service_role;
grant execute on function private.kpi_block(text, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric) to authenticated, service_role;
comment on function private.kpi_block(text, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric) is 'Builds one currency''s KPI object (MRR, ARR, ARPU, NRR, GRR, churn, LTV, movements, dunning exposure) from its sums.';
