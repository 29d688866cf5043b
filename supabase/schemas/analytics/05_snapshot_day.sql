-- Writes the snapshot of every tenant that existed by the end of one UTC day, in one set-based
-- statement (each source table is aggregated once for the day, not once per tenant). Idempotent:
-- a row is only rewritten when a value differs, so running a day twice changes nothing.
-- Returns how many rows were inserted or changed.
create function private.snapshot_day(p_day date) returns integer
  language plpgsql security definer
  set search_path = ''
as $$
declare
  day_start timestamptz := (p_day::timestamp at time zone 'UTC');
  day_end timestamptz := ((p_day + 1)::timestamp at time zone 'UTC');
  month_start date := date_trunc('month', p_day)::date;
  written integer;
begin
  with t as (
    select x.id, x.currency, x.status as current_status from public.tenants x where x.created_at < day_end
      and not exists (select from public.sandbox_tenants sb where sb.tenant_id = x.id)  -- sandboxes are not business (integrations)
  ), st as (
    select distinct on (h.tenant_id) h.tenant_id, h.to_status
    from public.tenant_status_history h
    where h.changed_at < day_end
    order by h.tenant_id, h.changed_at desc, h.id desc
  ), mrr as (
    select l.tenant_id, min(l.currency) as currency, sum(l.mrr_after) as mrr
    from (select distinct on (m.subscription_id) m.tenant_id, m.currency, m.mrr_after
          from public.mrr_movements m where m.at < day_end
          order by m.subscription_id, m.at desc, m.id desc) l
    group by l.tenant_id
  ), pay as (
    select p.tenant_id, p.currency, sum(p.amount - p.amount_refunded) as revenue
    from public.payments p
    where p.status = 'succeeded' and coalesce(p.applied_at, p.created_at) >= day_start
      and coalesce(p.applied_at, p.created_at) < day_end
    group by p.tenant_id, p.currency
  ), ord as (
    select o.tenant_id, count(*)::integer as n from public.orders o
    where o.created_at >= day_start and o.created_at < day_end group by o.tenant_id
  ), mem as (
    select m.tenant_id, count(*)::integer as n from public.tenant_members m
    where m.created_at < day_end group by m.tenant_id
  ), use as (
    select u.tenant_id,
           coalesce(sum(u.used) filter (where u.feature_key = 'storage_mb'), 0) as storage_mb,
           coalesce(sum(u.used) filter (where u.feature_key in ('whatsapp_messages_per_month', 'sms_per_month')), 0) as messages,
           coalesce(sum(u.used) filter (where u.feature_key = 'api_calls_per_month'), 0) as api_calls,
           array_agg(distinct f.module_code) filter (where f.module_code is not null and u.used > 0) as modules
    from public.usage_counters u
    join public.features f on f.key = u.feature_key
    where u.period_start = case when f.period = 'month' then month_start else date '1970-01-01' end
    group by u.tenant_id
  ), brk as (
    select b.tenant_id, count(*)::integer as n from public.limit_breaches b
    where b.created_at >= day_start and b.created_at < day_end group by b.tenant_id
  ), tck as (
    select k.tenant_id,
           count(*) filter (where k.created_at >= day_start)::integer as opened,
           count(*) filter (where coalesce(k.solved_at, k.closed_at) is null
                               or coalesce(k.solved_at, k.closed_at) >= day_end)::integer as still_open
    from public.support_tickets k
    where k.created_at < day_end and k.merged_into is null
    group by k.tenant_id
  ), rows as (
    select t.id as tenant_id, p_day as day,
           coalesce(st.to_status, t.current_status) as status,
           tp.plan_id,
           coalesce(mrr.currency, t.currency) as currency,
           coalesce(mrr.mrr, 0) as mrr,
           coalesce((select pay.revenue from pay where pay.tenant_id = t.id
                       and pay.currency = coalesce(mrr.currency, t.currency)), 0) as revenue,
           coalesce(ord.n, 0) as orders,
           coalesce(mem.n, 0) as active_users,
           coalesce(use.storage_mb, 0) as storage_mb,
           coalesce(use.messages, 0) as messages,
           coalesce(use.api_calls, 0) as api_calls,
           coalesce(brk.n, 0) as limit_breaches,
           coalesce(tck.opened, 0) as tickets_opened,
           coalesce(tck.still_open, 0) as tickets_open,
           array(select distinct x from unnest(coalesce(use.modules, '{}')
                   || case when coalesce(ord.n, 0) > 0 then array['orders'] else '{}'::text[] end) x
                 order by x) as modules
    from t
    left join st on st.tenant_id = t.id
    left join public.tenant_plans tp on tp.tenant_id = t.id
    left join mrr on mrr.tenant_id = t.id
    left join ord on ord.tenant_id = t.id
    left join mem on mem.tenant_id = t.id
    left join use on use.tenant_id = t.id
    left join brk on brk.tenant_id = t.id
    left join tck on tck.tenant_id = t.id
  )
  insert into public.tenant_daily_snapshots as s
    (tenant_id, day, status, plan_id, currency, mrr, revenue, orders, active_users, storage_mb, messages,
     api_calls, limit_breaches, tickets_opened, tickets_open, modules)
  select * from rows
  on conflict (tenant_id, day) do update set
    status = excluded.status, plan_id = excluded.plan_id, currency = excluded.currency, mrr = excluded.mrr,
    revenue = excluded.revenue, orders = excluded.orders, active_users = excluded.active_users,
    storage_mb = excluded.storage_mb, messages = excluded.messages, api_calls = excluded.api_calls,
    limit_breaches = excluded.limit_breaches, tickets_opened = excluded.tickets_opened,
    tickets_open = excluded.tickets_open, modules = excluded.modules, computed_at = now()
  where (s.status, s.plan_id, s.currency, s.mrr, s.revenue, s.orders, s.active_users, s.storage_mb, s.messages,
         s.api_calls, s.limit_breaches, s.tickets_opened, s.tickets_open, s.modules)
        is distinct from
        (excluded.status, excluded.plan_id, excluded.currency, excluded.mrr, excluded.revenue, excluded.orders,
         excluded.active_users, excluded.storage_mb, excluded.messages, excluded.api_calls, excluded.limit_breaches,
         excluded.tickets_opened, excluded.tickets_open, excluded.modules);
  get diagnostics written = row_count;
  return written;
end
$$;

revoke all on function private.snapshot_day(date) from public, anon, authenticated, service_role;
grant execute on function private.snapshot_day(date) to service_role;
comment on function private.snapshot_day(date) is 'Writes (idempotently) every tenant''s snapshot for one UTC day; returns the rows inserted or changed.';
