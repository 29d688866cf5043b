-- Support reports (support.read; docs/support.md, "Reports"): SLA attainment and response times by
-- priority, the time spent waiting on the customer, and the backlog day by day. CSAT is
-- support_csat_report (22_support_csat.sql).

-- The period every report takes: [from_at, to_at), both given, at most 400 days
-- (support.invalid_period otherwise). One rule for the SLA, customer-wait, backlog and CSAT reports.
create function private.support_report_period(from_at timestamptz, to_at timestamptz) returns void
    language plpgsql stable
    set search_path to ''
    as $$
begin
  if from_at is null or to_at is null or to_at <= from_at or to_at - from_at > interval '400 days' then
    perform private.fail('support.invalid_period', 'a report period is at most 400 days, from before to');
  end if;
end
$$;

revoke all on function private.support_report_period(timestamptz, timestamptz) from public, anon, authenticated, service_role;
grant execute on function private.support_report_period(timestamptz, timestamptz) to authenticated, service_role;

-- SLA per priority (the priority the ticket opened with, from its 'started' event; null row: all):
-- tickets opened in the period; first responses and solves in the period, met or breached as the
-- SLA events recorded them, and the share met; p50/p90 of the business minutes from opening to the
-- first public staff reply and to solving, in the tenant's calendar (time pending on the customer
-- counts: these are what the customer waited, the SLA clock is the attainment).
create function public.support_sla_report(from_at timestamptz, to_at timestamptz)
    returns table (priority text, opened bigint, first_response_met bigint, first_response_breached bigint,
                   first_response_attainment numeric, resolution_met bigint, resolution_breached bigint,
                   resolution_attainment numeric, first_response_p50 numeric, first_response_p90 numeric,
                   resolution_p50 numeric, resolution_p90 numeric)
    language sql stable
    set search_path to ''
    as $$ select * from private.support_sla_report(from_at, to_at) $$;

create function private.support_sla_report(from_at timestamptz, to_at timestamptz)
    returns table (priority text, opened bigint, first_response_met bigint, first_response_breached bigint,
                   first_response_attainment numeric, resolution_met bigint, resolution_breached bigint,
                   resolution_attainment numeric, first_response_p50 numeric, first_response_p90 numeric,
                   resolution_p50 numeric, resolution_p90 numeric)
    language plpgsql stable security definer
    set search_path to ''
    as $$
begin
  perform private.assert_permission('support.read');
  perform private.support_report_period(from_at, to_at);
  return query
    with t as (
      select x.id, x.created_at, x.first_responded_at, x.solved_at, n.region, n.timezone,
             coalesce((select e.detail ->> 'priority' from public.support_sla_events e
                       where e.ticket_id = x.id and e.kind = 'started' order by e.id limit 1), x.priority) as opened_priority
      from public.support_tickets x join public.tenants n on n.id = x.tenant_id
      where (x.created_at >= from_at and x.created_at < to_at)
         or (x.first_responded_at >= from_at and x.first_responded_at < to_at)
         or (x.solved_at >= from_at and x.solved_at < to_at)),
    ev as (
      select t.opened_priority, e.kind from t join public.support_sla_events e on e.ticket_id = t.id
      where e.kind in ('first_response_met', 'first_response_breached', 'resolution_met', 'resolution_breached')
        and e.at >= from_at and e.at < to_at),
    waits as (
      select t.opened_priority,
             case when t.first_responded_at >= from_at and t.first_responded_at < to_at
                  then private.support_business_minutes(t.created_at, t.first_responded_at, t.region, t.timezone) end as first_minutes,
             case when t.solved_at >= from_at and t.solved_at < to_at
                  then private.support_business_minutes(t.created_at, t.solved_at, t.region, t.timezone) end as solve_minutes,
             t.created_at >= from_at and t.created_at < to_at as opened_here
      from t),
    per as (
      select w.opened_priority as p,
             count(*) filter (where w.opened_here) as opened,
             percentile_cont(0.5) within group (order by w.first_minutes) as f50,
             percentile_cont(0.9) within group (order by w.first_minutes) as f90,
             percentile_cont(0.5) within group (order by w.solve_minutes) as r50,
             percentile_cont(0.9) within group (order by w.solve_minutes) as r90
      from waits w group by rollup (w.opened_priority)),
    att as (
      select ev.opened_priority as p,
             count(*) filter (where ev.kind = 'first_response_met') as fm,
             count(*) filter (where ev.kind = 'first_response_breached') as fb,
             count(*) filter (where ev.kind = 'resolution_met') as rm,
             count(*) filter (where ev.kind = 'resolution_breached') as rb
      from ev group by rollup (ev.opened_priority))
    select per.p, per.opened, coalesce(att.fm, 0), coalesce(att.fb, 0),
           case when coalesce(att.fm + att.fb, 0) > 0 then round(att.fm::numeric / (att.fm + att.fb), 3) end,
           coalesce(att.rm, 0), coalesce(att.rb, 0),
           case when coalesce(att.rm + att.rb, 0) > 0 then round(att.rm::numeric / (att.rm + att.rb), 3) end,
           round(per.f50::numeric), round(per.f90::numeric), round(per.r50::numeric), round(per.r90::numeric)
    from per left join att on att.p is not distinct from per.p
    order by array_position(array['urgent', 'high', 'normal', 'low'], per.p) nulls last;
end
$$;

revoke all on function public.support_sla_report(timestamptz, timestamptz) from public, anon, authenticated, service_role;
grant execute on function public.support_sla_report(timestamptz, timestamptz) to authenticated, service_role;
comment on function public.support_sla_report(timestamptz, timestamptz) is
  'SLA attainment and response times per opening priority over a period of at most 400 days (support.read): opened, first response and resolution met/breached with the share met, p50/p90 business minutes to first response and to solving (last row: all priorities).';

revoke all on function private.support_sla_report(timestamptz, timestamptz) from public, anon, authenticated, service_role;
grant execute on function private.support_sla_report(timestamptz, timestamptz) to authenticated, service_role;

-- The backlog day by day (UTC days from from_day to to_day, at most 400 days; one tenant's, or every
-- tenant's when tenant_id is null): tickets opened and
-- resolved (solved or closed for the last time) that day, and unsolved at the day's end. Computed
-- from each ticket's opening and last resolution, so a ticket reopened later counts as open from
-- its first opening until its last resolution.
create function public.support_backlog_report(from_day date, to_day date, tenant_id uuid default null)
    returns table (day date, opened bigint, resolved bigint, open_at_end bigint)
    language sql stable
    set search_path to ''
    as $$ select * from private.support_backlog_report(from_day, to_day, tenant_id) $$;

create function private.support_backlog_report(from_day date, to_day date, tenant_id uuid)
    returns table (day date, opened bigint, resolved bigint, open_at_end bigint)
    language plpgsql stable security definer
    set search_path to ''
    as $$
begin
  perform private.assert_permission('support.read');
  -- the days from_day..to_day are the period [from_day, to_day + 1) in UTC: at most 400 days
  perform private.support_report_period(from_day::timestamp at time zone 'UTC', (to_day + 1)::timestamp at time zone 'UTC');
  return query
    with t as (
      select (x.created_at at time zone 'UTC')::date as opened_day,
             case when x.status in ('solved', 'closed') then (coalesce(x.solved_at, x.closed_at) at time zone 'UTC')::date end as resolved_day
      from public.support_tickets x
      where x.merged_into is null and (x.created_at at time zone 'UTC')::date <= to_day
        and (support_backlog_report.tenant_id is null or x.tenant_id = support_backlog_report.tenant_id)),
    start as (
      select count(*) as n from t where t.opened_day < from_day and (t.resolved_day is null or t.resolved_day >= from_day)),
    opened as (select t.opened_day as day, count(*) as n from t group by 1),
    resolved as (select t.resolved_day as day, count(*) as n from t where t.resolved_day is not null group by 1),
    days as (
      select d::date as day, coalesce(o.n, 0) as opened, coalesce(r.n, 0) as resolved
      from generate_series(from_day, to_day, interval '1 day') d
      left join opened o on o.day = d::date left join resolved r on r.day = d::date)
    select days.day, days.opened, days.resolved,
           ((select n from start) + sum(days.opened - days.resolved) over (order by days.day))::bigint
    from days order by days.day;
end
$$;

revoke all on function public.support_backlog_report(date, date, uuid) from public, anon, authenticated, service_role;
grant execute on function public.support_backlog_report(date, date, uuid) to authenticated, service_role;
comment on function public.support_backlog_report(date, date, uuid) is
  'The support backlog per UTC day over at most 400 days, of one tenant or all (support.read): tickets opened, resolved and still unsolved at each day''s end (merged duplicates left out).';

revoke all on function private.support_backlog_report(date, date, uuid) from public, anon, authenticated, service_role;
grant execute on function private.support_backlog_report(date, date, uuid) to authenticated, service_role;

-- The time solved tickets waited on the customer, per priority the ticket opened with (as the SLA
-- report; null row: all): tickets solved in the period, how many of them waited at all, p50/p90 of
-- the business minutes each spent pending on the customer (customer_wait_minutes, summed when it
-- leaves pending_customer: the SLA clock's pauses for the customer), and that wait's share of their
-- total resolution time (business minutes from opening to solving, as the SLA report's resolution
-- p50/p90): sum of waits / sum of resolution times.
create function public.support_customer_wait_report(from_at timestamptz, to_at timestamptz)
    returns table (priority text, solved bigint, waited bigint, wait_p50 numeric, wait_p90 numeric,
                   wait_minutes bigint, resolution_minutes bigint, wait_share numeric)
    language sql stable
    set search_path to ''
    as $$ select * from private.support_customer_wait_report(from_at, to_at) $$;

create function private.support_customer_wait_report(from_at timestamptz, to_at timestamptz)
    returns table (priority text, solved bigint, waited bigint, wait_p50 numeric, wait_p90 numeric,
                   wait_minutes bigint, resolution_minutes bigint, wait_share numeric)
    language plpgsql stable security definer
    set search_path to ''
    as $$
begin
  perform private.assert_permission('support.read');
  perform private.support_report_period(from_at, to_at);
  return query
    with t as (
      select x.customer_wait_minutes as wait,
             private.support_business_minutes(x.created_at, x.solved_at, n.region, n.timezone) as resolution,
             coalesce((select e.detail ->> 'priority' from public.support_sla_events e
                       where e.ticket_id = x.id and e.kind = 'started' order by e.id limit 1), x.priority) as opened_priority
      from public.support_tickets x join public.tenants n on n.id = x.tenant_id
      where x.solved_at >= from_at and x.solved_at < to_at),
    per as (
      select t.opened_priority as p, count(*) as solved, count(*) filter (where t.wait > 0) as waited,
             percentile_cont(0.5) within group (order by t.wait) as w50,
             percentile_cont(0.9) within group (order by t.wait) as w90,
             sum(t.wait) as wait_sum, sum(t.resolution) as resolution_sum
      from t group by rollup (t.opened_priority))
    select per.p, per.solved, per.waited, round(per.w50::numeric), round(per.w90::numeric),
           per.wait_sum::bigint, per.resolution_sum::bigint,
           case when per.resolution_sum > 0 then round(per.wait_sum::numeric / per.resolution_sum, 3) end
    from per
    order by array_position(array['urgent', 'high', 'normal', 'low'], per.p) nulls last;
end
$$;

revoke all on function public.support_customer_wait_report(timestamptz, timestamptz) from public, anon, authenticated, service_role;
grant execute on function public.support_customer_wait_report(timestamptz, timestamptz) to authenticated, service_role;
comment on function public.support_customer_wait_report(timestamptz, timestamptz) is
  'Time solved tickets waited on the customer (pending_customer, the SLA clock paused) per opening priority over a period of at most 400 days (support.read): tickets solved, how many waited, p50/p90 business minutes of wait per ticket, and the wait''s share of their resolution time (last row: all priorities).';

revoke all on function private.support_customer_wait_report(timestamptz, timestamptz) from public, anon, authenticated, service_role;
grant execute on function private.support_customer_wait_report(timestamptz, timestamptz) to authenticated, service_role;
