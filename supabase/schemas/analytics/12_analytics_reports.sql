-- The reports behind the dashboard's cards (analytics.read). Each reads the daily snapshots (or
-- billing's MRR ledger), never the operational tables row by row, so they stay fast at 10,000 tenants.

-- Rates into the reporting currency on one day for every currency in a list (one lookup each).
create function private.rates_to(p_currencies text[], p_to text, p_on date) returns table (currency text, rate numeric)
  language sql stable security definer
  set search_path = ''
as $$ select c, private.convert_amount(1, c, p_to, p_on) from (select distinct unnest(p_currencies) c) x where c is not null $$;

revoke all on function private.rates_to(text[], text, date) from public, anon, authenticated, service_role;
grant execute on function private.rates_to(text[], text, date) to authenticated, service_role;
comment on function private.rates_to(text[], text, date) is 'Rate of each currency into p_to on p_on (analytics.missing_rate when one is missing).';

-- The reporting currency asked for, else the settings' one; refuses an unknown code.
create function private.reporting_currency(p_currency text) returns text
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  rep text := coalesce(p_currency, (select s.reporting_currency from public.analytics_settings s));
begin
  if not exists (select from public.currencies c where c.code = rep) then
    perform private.fail('analytics.unknown_currency', format('unknown currency %s', rep));
  end if;
  return rep;
end
$$;

revoke all on function private.reporting_currency(text) from public, anon, authenticated, service_role;
grant execute on function private.reporting_currency(text) to authenticated, service_role;
comment on function private.reporting_currency(text) is 'p_currency, else the analytics settings'' reporting currency; analytics.unknown_currency for an unknown code.';

-- MRR movements by month: billing's own report (private.mrr_movements_by_month, per billing
-- currency) plus the same rows converted into the reporting currency at each month's last day.
create function public.analytics_mrr_trend(p_from_month date, p_to_month date, p_currency text default null)
  returns table (month date, currency text, new numeric, expansion numeric, contraction numeric, churned numeric,
                 reactivation numeric, net numeric, ending_mrr numeric, reporting boolean)
  language sql stable
  set search_path = ''
as $$ select * from private.analytics_mrr_trend(p_from_month, p_to_month, p_currency) $$;

create function private.analytics_mrr_trend(p_from_month date, p_to_month date, p_currency text default null)
  returns table (month date, currency text, new numeric, expansion numeric, contraction numeric, churned numeric,
                 reactivation numeric, net numeric, ending_mrr numeric, reporting boolean)
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  rep text;
begin
  perform private.assert_permission('analytics.read');
  rep := private.reporting_currency(p_currency);
  return query
  with b as (select * from private.mrr_movements_by_month(p_from_month, p_to_month, null)),
  r as (
    select b.*, private.convert_amount(1, b.currency, rep,
             least((b.month + interval '1 month' - interval '1 day')::date, (private.now() at time zone 'UTC')::date)) as rate
    from b
  )
  select b.month, b.currency, b.new, b.expansion, b.contraction, b.churned, b.reactivation, b.net, b.ending_mrr, false from b
  union all
  select r.month, rep, round(sum(r.new * r.rate), 3), round(sum(r.expansion * r.rate), 3), round(sum(r.contraction * r.rate), 3),
         round(sum(r.churned * r.rate), 3), round(sum(r.reactivation * r.rate), 3), round(sum(r.net * r.rate), 3),
         round(sum(r.ending_mrr * r.rate), 3), true
  from r group by r.month
  order by 10, 1, 2;
end
$$;

revoke all on function public.analytics_mrr_trend(date, date, text) from public, anon, authenticated, service_role;
grant execute on function public.analytics_mrr_trend(date, date, text) to authenticated, service_role;
comment on function public.analytics_mrr_trend(date, date, text) is 'MRR movements by month per billing currency (billing''s report) and, reporting = true, in the reporting currency (analytics.read and billing.read).';
revoke all on function private.analytics_mrr_trend(date, date, text) from public, anon, authenticated, service_role;
grant execute on function private.analytics_mrr_trend(date, date, text) to authenticated, service_role;

-- Signup cohorts: tenants by month of signup; for each later month, the share still trial, active
-- or grace on that month's last snapshot day. {from_month, to_month, cohorts: [{cohort, size, retained: [..], retention: [..]}]}
create function public.analytics_cohorts(p_from_month date, p_to_month date) returns jsonb
  language sql stable
  set search_path = ''
as $$ select private.analytics_cohorts(p_from_month, p_to_month) $$;

create function private.analytics_cohorts(p_from_month date, p_to_month date) returns jsonb
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  first_m date := date_trunc('month', p_from_month)::date;
  last_m date := date_trunc('month', p_to_month)::date;
  month_ends date[];
  result jsonb;
begin
  perform private.assert_permission('analytics.read');
  if p_from_month is null or p_to_month is null or first_m > last_m then
    perform private.fail('analytics.invalid_range', 'a cohort range needs p_from_month <= p_to_month');
  end if;
  if (last_m - first_m) > 731 then
    perform private.fail('analytics.range_too_long', 'cohorts cover at most 24 months');
  end if;
  -- each month's last snapshot day: one backward index probe per month, read back through the day index
  select array_agg(x.d) into month_ends from (
    select (select max(s.day) from public.tenant_daily_snapshots s
            where s.day >= g::date and s.day < (g + interval '1 month')::date) as d
    from generate_series(first_m, last_m, interval '1 month') g) x
  where x.d is not null;
  with members as (
    select t.id, date_trunc('month', t.created_at at time zone 'UTC')::date as cohort
    from public.tenants t
    where t.created_at >= first_m::timestamp at time zone 'UTC'
      and t.created_at < (last_m + interval '1 month')::timestamp at time zone 'UTC'
      and not exists (select from public.sandbox_tenants sb where sb.tenant_id = t.id)  -- sandboxes are not business (integrations)
  ), month_end as (
    -- each member's status on its month's last snapshot day (no row that day: not retained)
    select s.tenant_id, date_trunc('month', s.day)::date as m, s.status
    from public.tenant_daily_snapshots s
    join members mb on mb.id = s.tenant_id
    where s.day = any (month_ends)
  ), grid as (
    select c.cohort, g::date as m,
           (extract(year from g) - extract(year from c.cohort)) * 12 + extract(month from g) - extract(month from c.cohort) as age
    from (select distinct cohort from members) c
    cross join generate_series(c.cohort, last_m, interval '1 month') g
  ), cells as (
    select gr.cohort, gr.age,
           count(me.tenant_id) filter (where me.status in ('trial', 'active', 'grace')) as retained
    from grid gr
    left join members mb on mb.cohort = gr.cohort
    left join month_end me on me.tenant_id = mb.id and me.m = gr.m
    group by gr.cohort, gr.age
  ), sizes as (
    select mb.cohort, count(*) as size from members mb group by mb.cohort
  )
  select jsonb_build_object(
    'from_month', first_m, 'to_month', last_m,
    'cohorts', coalesce(jsonb_agg(jsonb_build_object(
       'cohort', to_char(sz.cohort, 'YYYY-MM'), 'size', sz.size,
       'retained', (select jsonb_agg(c.retained order by c.age) from cells c where c.cohort = sz.cohort),
       'retention', (select jsonb_agg(round(c.retained::numeric / sz.size, 4) order by c.age) from cells c where c.cohort = sz.cohort))
     order by sz.cohort), '[]'))
  into result from sizes sz;
  return result;
end
$$;

revoke all on function public.analytics_cohorts(date, date) from public, anon, authenticated, service_role;
grant execute on function public.analytics_cohorts(date, date) to authenticated, service_role;
comment on function public.analytics_cohorts(date, date) is 'Signup cohorts as a matrix (analytics.read): per signup month its size and, per month since signup, how many (retained) and which share (retention) were trial, active or grace at that month''s last snapshot.';
revoke all on function private.analytics_cohorts(date, date) from public, anon, authenticated, service_role;
grant execute on function private.analytics_cohorts(date, date) to authenticated, service_role;

-- Plan distribution over time: at each month's last snapshot day in the range, tenants in trial,
-- active or grace per plan code. Read from private.snapshot_plan_counts (the snapshots counted per
-- day, plan and status by triggers): a few rows per day instead of one per tenant.
create function public.analytics_plan_distribution(p_from date, p_to date)
  returns table (month date, day date, plan_code text, tenants bigint)
  language sql stable
  set search_path = ''
as $$ select * from private.analytics_plan_distribution(p_from, p_to) $$;

create function private.analytics_plan_distribution(p_from date, p_to date)
  returns table (month date, day date, plan_code text, tenants bigint)
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  month_ends date[];
begin
  perform private.assert_permission('analytics.read');
  perform private.assert_report_range(p_from, p_to);
  -- each month's last snapshot day in the range: one backward index probe per month
  select array_agg(x.d) into month_ends from (
    select (select max(c.day) from private.snapshot_plan_counts c
            where c.day >= greatest(g::date, p_from) and c.day < least((g + interval '1 month')::date, p_to + 1)) as d
    from generate_series(date_trunc('month', p_from), date_trunc('month', p_to), interval '1 month') g) x
  where x.d is not null;
  return query
  select date_trunc('month', c.day)::date, c.day, coalesce(p.code, 'none'), sum(c.tenants)::bigint
  from private.snapshot_plan_counts c
  left join public.plans p on p.id = c.plan_id
  where c.day = any (month_ends) and c.status in ('trial', 'active', 'grace')
  group by c.day, coalesce(p.code, 'none')
  order by 1, 3;
end
$$;

revoke all on function public.analytics_plan_distribution(date, date) from public, anon, authenticated, service_role;
grant execute on function public.analytics_plan_distribution(date, date) to authenticated, service_role;
comment on function public.analytics_plan_distribution(date, date) is 'Tenants in trial, active or grace per plan at each month''s last snapshot day in the range (analytics.read).';
revoke all on function private.analytics_plan_distribution(date, date) from public, anon, authenticated, service_role;
grant execute on function private.analytics_plan_distribution(date, date) to authenticated, service_role;

-- A report's date range: both ends, from <= to, at most ten years (3660 days).
create function private.assert_report_range(p_from date, p_to date) returns void
  language plpgsql immutable
  set search_path = ''
as $$
begin
  if p_from is null or p_to is null or p_from > p_to then
    perform private.fail('analytics.invalid_range', 'a report range needs from <= to');
  end if;
  if p_to - p_from + 1 > 3660 then
    perform private.fail('analytics.range_too_long', 'a report covers at most ten years');
  end if;
end
$$;

revoke all on function private.assert_report_range(date, date) from public, anon, authenticated, service_role;
grant execute on function private.assert_report_range(date, date) to authenticated, service_role;
comment on function private.assert_report_range(date, date) is 'Refuses a missing or inverted report range, or one over ten years.';

-- Feature adoption: per module, how many tenants used it (from usage in the snapshots) among the
-- tenants that were trial, active or grace on some day of the range.
create function public.analytics_feature_adoption(p_from date, p_to date)
  returns table (module_code text, tenants bigint, active_tenants bigint, share numeric)
  language sql stable
  set search_path = ''
as $$ select * from private.analytics_feature_adoption(p_from, p_to) $$;

create function private.analytics_feature_adoption(p_from date, p_to date)
  returns table (module_code text, tenants bigint, active_tenants bigint, share numeric)
  language plpgsql stable security definer
  set search_path = ''
as $$
begin
  perform private.assert_permission('analytics.read');
  perform private.assert_report_range(p_from, p_to);
  return query
  with per_set as (
    -- one pass over the range, hashed on (tenant, module set): a tenant keeps the same modules most
    -- days, so ~70,000 rows of a week become ~10,000 before any array is unnested (nothing sorted)
    select s.tenant_id, s.modules, bool_or(s.status in ('trial', 'active', 'grace')) as live
    from public.tenant_daily_snapshots s
    where s.day between p_from and p_to
    group by s.tenant_id, s.modules
  ), used as materialized (
    -- per tenant and module used (null: rows without modules), whether the tenant was live on one of them
    select p.tenant_id, u.code, bool_or(p.live) as live
    from per_set p left join lateral unnest(p.modules) u(code) on true
    group by p.tenant_id, u.code
  ), base as (
    select count(distinct x.tenant_id) as n from used x where x.live
  ), per_module as (
    select x.code, count(*) as n from used x where x.code is not null group by x.code
  )
  select m.code, coalesce(u.n, 0), b.n,
         case when b.n > 0 then round(coalesce(u.n, 0)::numeric / b.n, 4) else 0 end
  from public.modules m
  cross join base b
  left join per_module u on u.code = m.code
  order by m.sort_order, m.code;
end
$$;

revoke all on function public.analytics_feature_adoption(date, date) from public, anon, authenticated, service_role;
grant execute on function public.analytics_feature_adoption(date, date) to authenticated, service_role;
comment on function public.analytics_feature_adoption(date, date) is 'Per module: tenants that used it in the range, tenants active in the range, and the share (analytics.read).';
revoke all on function private.analytics_feature_adoption(date, date) from public, anon, authenticated, service_role;
grant execute on function private.analytics_feature_adoption(date, date) to authenticated, service_role;
