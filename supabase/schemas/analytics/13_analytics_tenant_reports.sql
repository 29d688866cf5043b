-- Per-tenant reports (analytics.read): cost-to-serve against revenue, upgrade suggestions, and a
-- tenant's operations by day.

-- Cost-to-serve over UTC days p_from..p_to, in the reporting currency (rates of p_to):
--   orders × unit cost(order) + storage MB-months × unit cost(storage_mb_month)
--   + messages × unit cost(message) + API calls × unit cost(api_call); a metric without a unit cost costs 0.
-- Storage MB-months = Σ daily storage_mb / 30.4375. Messages and API calls are month-to-date
-- counters in the snapshots: a month's usage is its largest value within the range.
create function public.analytics_cost_to_serve(p_from date, p_to date, p_currency text default null)
  returns table (tenant_id uuid, slug text, orders bigint, storage_mb_months numeric, messages numeric, api_calls numeric,
                 cost numeric, revenue numeric, margin numeric, currency text)
  language sql stable
  set search_path = ''
as $$ select * from private.analytics_cost_to_serve(p_from, p_to, p_currency) $$;

create function private.analytics_cost_to_serve(p_from date, p_to date, p_currency text default null)
  returns table (tenant_id uuid, slug text, orders bigint, storage_mb_months numeric, messages numeric, api_calls numeric,
                 cost numeric, revenue numeric, margin numeric, currency text)
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  rep text;
  c_order numeric; c_storage numeric; c_message numeric; c_api numeric;
begin
  perform private.assert_permission('analytics.read');
  perform private.assert_report_range(p_from, p_to);
  rep := private.reporting_currency(p_currency);
  -- each unit cost in the reporting currency (0 when HQ has not set it)
  select coalesce(max(private.convert_amount(u.amount, u.currency, rep, p_to)) filter (where u.metric = 'order'), 0),
         coalesce(max(private.convert_amount(u.amount, u.currency, rep, p_to)) filter (where u.metric = 'storage_mb_month'), 0),
         coalesce(max(private.convert_amount(u.amount, u.currency, rep, p_to)) filter (where u.metric = 'message'), 0),
         coalesce(max(private.convert_amount(u.amount, u.currency, rep, p_to)) filter (where u.metric = 'api_call'), 0)
  into c_order, c_storage, c_message, c_api
  from public.unit_costs u;

  return query
  with per_month as (
    select s.tenant_id, date_trunc('month', s.day) as m, sum(s.orders) as orders, sum(s.storage_mb) as storage_mb_days,
           max(s.messages) as messages, max(s.api_calls) as api_calls
    from public.tenant_daily_snapshots s where s.day between p_from and p_to
    group by s.tenant_id, date_trunc('month', s.day)
  ), usage as (
    select pm.tenant_id, sum(pm.orders)::bigint as orders, round(sum(pm.storage_mb_days) / 30.4375, 3) as storage_mb_months,
           sum(pm.messages) as messages, sum(pm.api_calls) as api_calls
    from per_month pm group by pm.tenant_id
  ), rev as (
    select s.tenant_id, s.currency, sum(s.revenue) as revenue
    from public.tenant_daily_snapshots s where s.day between p_from and p_to and s.revenue <> 0
    group by s.tenant_id, s.currency
  ), rates as (
    select r.currency, r.rate from private.rates_to(array(select distinct v.currency from rev v), rep, p_to) r
  ), rev_rep as (
    select v.tenant_id, sum(v.revenue * r.rate) as revenue from rev v join rates r on r.currency = v.currency group by v.tenant_id
  ), costed as (
    select u.*, round(u.orders * c_order + u.storage_mb_months * c_storage + u.messages * c_message + u.api_calls * c_api, 3) as cost,
           round(coalesce(rr.revenue, 0), 3) as revenue
    from usage u left join rev_rep rr on rr.tenant_id = u.tenant_id
  )
  select c.tenant_id, t.slug, c.orders, c.storage_mb_months, c.messages, c.api_calls, c.cost, c.revenue,
         c.revenue - c.cost, rep
  from costed c join public.tenants t on t.id = c.tenant_id
  order by c.revenue - c.cost, t.slug;
end
$$;

revoke all on function public.analytics_cost_to_serve(date, date, text) from public, anon, authenticated, service_role;
grant execute on function public.analytics_cost_to_serve(date, date, text) to authenticated, service_role;
comment on function public.analytics_cost_to_serve(date, date, text) is 'Per tenant over a date range (analytics.read): usage (orders, storage MB-months, messages, API calls) × HQ''s unit costs against revenue, in the reporting currency; least profitable first.';
revoke all on function private.analytics_cost_to_serve(date, date, text) from public, anon, authenticated, service_role;
grant execute on function private.analytics_cost_to_serve(date, date, text) to authenticated, service_role;

-- Upgrade suggestions: tenants that hit soft limits (warn) or paid overage in the last p_days days,
-- with the lowest-tier current active plan above theirs whose limit covers their peak need
-- (used_before + requested) for every feature they breached. No such plan: suggested_plan is null.
create function public.analytics_upgrade_suggestions(p_days integer default 30)
  returns table (tenant_id uuid, slug text, plan_code text, suggested_plan_code text, breaches bigint,
                 overage_amount numeric, features text[])
  language sql stable
  set search_path = ''
as $$ select * from private.analytics_upgrade_suggestions(p_days) $$;

create function private.analytics_upgrade_suggestions(p_days integer default 30)
  returns table (tenant_id uuid, slug text, plan_code text, suggested_plan_code text, breaches bigint,
                 overage_amount numeric, features text[])
  language plpgsql stable security definer
  set search_path = ''
as $$
begin
  perform private.assert_permission('analytics.read');
  if p_days is null or p_days not between 1 and 366 then
    perform private.fail('analytics.invalid_range', 'look back 1 to 366 days');
  end if;
  return query
  with b as (
    select lb.tenant_id, lb.feature_key, max(lb.used_before + lb.requested) as need, count(*) as n,
           coalesce(sum(lb.amount) filter (where lb.outcome = 'overage'), 0) as overage
    from public.limit_breaches lb
    where lb.outcome in ('warn', 'overage') and lb.created_at >= private.now() - make_interval(days => p_days)
    group by lb.tenant_id, lb.feature_key
  ), tb as (
    select b.tenant_id, sum(b.n)::bigint as n, sum(b.overage) as overage, array_agg(b.feature_key order by b.feature_key) as keys
    from b group by b.tenant_id
  )
  select tb.tenant_id, t.slug, p.code,
         (select np.code from public.plans np
          where np.status = 'active' and np.is_current and np.tier > p.tier
            and not exists (
              select from b where b.tenant_id = tb.tenant_id
                and exists (select from public.plan_features pf where pf.plan_id = np.id and pf.feature_key = b.feature_key
                              and jsonb_typeof(pf.value) = 'number' and (pf.value)::numeric < b.need))
          order by np.tier, np.code limit 1),
         tb.n, tb.overage, tb.keys
  from tb
  join public.tenants t on t.id = tb.tenant_id and not exists (select from public.sandbox_tenants sb where sb.tenant_id = t.id)  -- a sandbox never upgrades
  left join public.tenant_plans tp on tp.tenant_id = tb.tenant_id
  left join public.plans p on p.id = tp.plan_id
  order by tb.overage desc, tb.n desc, t.slug;
end
$$;

revoke all on function public.analytics_upgrade_suggestions(integer) from public, anon, authenticated, service_role;
grant execute on function public.analytics_upgrade_suggestions(integer) to authenticated, service_role;
comment on function public.analytics_upgrade_suggestions(integer) is 'Tenants on soft limits or paying overage in the last p_days days, with the lowest higher-tier plan whose limits cover their peak need (analytics.read).';
revoke all on function private.analytics_upgrade_suggestions(integer) from public, anon, authenticated, service_role;
grant execute on function private.analytics_upgrade_suggestions(integer) to authenticated, service_role;

-- One tenant's operations by day: orders, invoices issued, revenue, tickets, and the time orders
-- spent in stages (transitions and average seconds, from the workflow's daily aggregates).
create function public.analytics_tenant_operations(tenant_id uuid, p_from date, p_to date)
  returns table (day date, orders integer, invoices bigint, revenue numeric, tickets_opened integer, limit_breaches integer,
                 stage_transitions bigint, avg_stage_seconds numeric)
  language sql stable
  set search_path = ''
as $$ select * from private.analytics_tenant_operations(tenant_id, p_from, p_to) $$;

create function private.analytics_tenant_operations(tenant_id uuid, p_from date, p_to date)
  returns table (day date, orders integer, invoices bigint, revenue numeric, tickets_opened integer, limit_breaches integer,
                 stage_transitions bigint, avg_stage_seconds numeric)
  language plpgsql stable security definer
  set search_path = ''
as $$
begin
  perform private.assert_permission('analytics.read');
  perform private.assert_report_range(p_from, p_to);
  if p_to - p_from + 1 > 731 then
    perform private.fail('analytics.range_too_long', 'a tenant report covers at most 731 days');
  end if;
  return query
  select g::date,
         coalesce(s.orders, 0), coalesce(i.n, 0), coalesce(s.revenue, 0), coalesce(s.tickets_opened, 0),
         coalesce(s.limit_breaches, 0), coalesce(w.transitions, 0),
         case when w.transitions > 0 then round(w.total_seconds / w.transitions, 3) end
  from generate_series(p_from, p_to, interval '1 day') g
  left join public.tenant_daily_snapshots s on s.tenant_id = analytics_tenant_operations.tenant_id and s.day = g::date
  left join lateral (select count(*) as n from public.invoices iv
                     where iv.tenant_id = analytics_tenant_operations.tenant_id and iv.issue_date = g::date) i on true
  left join lateral (select sum(d.transitions)::bigint as transitions, sum(d.total_seconds) as total_seconds
                     from public.workflow_stage_daily d where d.tenant_id = analytics_tenant_operations.tenant_id and d.day = g::date) w on true
  order by 1;
end
$$;

revoke all on function public.analytics_tenant_operations(uuid, date, date) from public, anon, authenticated, service_role;
grant execute on function public.analytics_tenant_operations(uuid, date, date) to authenticated, service_role;
comment on function public.analytics_tenant_operations(uuid, date, date) is 'One tenant''s operations per day (analytics.read): orders, invoices issued, revenue, tickets opened, limit breaches, stage transitions and average seconds in stage.';
revoke all on function private.analytics_tenant_operations(uuid, date, date) from public, anon, authenticated, service_role;
grant execute on function private.analytics_tenant_operations(uuid, date, date) to authenticated, service_role;
