-- The dashboard's MRR trend (analytics_mrr_trend → private.mrr_movements_by_month) gives the answers
-- it gave before its ending MRR came from one window pass: the former definition (a distinct-on per
-- month and currency; flows joined per month) is the plain query below, compared on a ledger with
-- the awkward cases: movements before the first month, two movements at the same instant, a
-- replacement exactly at a month boundary, a subscription that changed currency, a churn to 0.
begin;
select plan(4);

delete from public.mrr_movements;
create temp table fx (k text, tenant uuid, sub uuid, cur text);
insert into fx (k, cur) values ('A', 'OMR'), ('B', 'OMR'), ('C', 'AED'), ('D', 'OMR');
update fx set tenant = tests.create_tenant('mt-' || lower(k));
insert into public.subscriptions (id, tenant_id, billing_interval, currency, status, current_period_start, current_period_end)
select extensions.gen_random_uuid(), fx.tenant, 'month', fx.cur, 'active', '2022-01-01', '2022-02-01' from fx;
update fx set sub = s.id from public.subscriptions s where s.tenant_id = fx.tenant;
insert into public.mrr_movements (subscription_id, tenant_id, currency, kind, mrr_before, mrr_after, at)
select fx.sub, fx.tenant, m.cur, m.kind, m.b, m.a, m.at::timestamptz
from (values (1, 'A', 'OMR', 'new', 0, 10, '2021-09-10 08:00Z'),
             (2, 'A', 'OMR', 'expansion', 10, 15, '2022-02-01 00:00Z'),
             (3, 'A', 'OMR', 'expansion', 15, 18, '2022-02-01 00:00Z'),
             (4, 'A', 'OMR', 'churn', 18, 0, '2022-04-30 23:59:59Z'),
             (5, 'B', 'OMR', 'new', 0, 20, '2022-01-31 23:59:59.5Z'),
             (6, 'B', 'OMR', 'contraction', 20, 12, '2022-03-01 00:00Z'),
             (7, 'C', 'AED', 'new', 0, 100, '2021-12-15Z'),
             (8, 'C', 'SAR', 'new', 0, 90, '2022-02-10Z'),
             (9, 'C', 'AED', 'churn', 100, 0, '2022-02-10Z'),
             (10, 'D', 'OMR', 'new', 0, 7, '2021-05-01Z'),
             (11, 'D', 'OMR', 'churn', 7, 0, '2021-08-01Z'),
             (12, 'D', 'OMR', 'reactivation', 0, 9, '2022-03-15Z')) m(n, k, cur, kind, b, a, at)
join fx on fx.k = m.k
order by m.n;  -- ids in this order: of A's two movements at the same instant, the 18 is the later

-- the former body, for a range and an optional currency
create temp table old_trend (from_month date, cur text, month date, currency text, new numeric, expansion numeric,
  contraction numeric, churned numeric, reactivation numeric, net numeric, ending_mrr numeric);
insert into old_trend
select p.f, p.c, f.m_start, f.currency, round(f.f_new, c.minor_unit), round(f.f_expansion, c.minor_unit), round(f.f_contraction, c.minor_unit),
       round(f.f_churn, c.minor_unit), round(f.f_reactivation, c.minor_unit), round(f.f_net, c.minor_unit), round(f.e_mrr, c.minor_unit)
from (values ('2021-11-01'::date, null::text), ('2022-01-01', 'OMR')) p(f, c)
cross join lateral (
  with months as (
    select g::date as m_start, (g::timestamp at time zone 'UTC') as ts_start, ((g + interval '1 month')::timestamp at time zone 'UTC') as ts_end
    from generate_series(p.f::timestamp, '2022-05-01'::timestamp, interval '1 month') g
  ), currencies as (
    select distinct mv.currency from public.mrr_movements mv where mv.at < '2022-06-01Z' and (p.c is null or mv.currency = p.c)
    union select p.c where p.c is not null
  ), flows as (
    select mo.m_start, cu.currency,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'new'), 0) as f_new,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'expansion'), 0) as f_expansion,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'contraction'), 0) as f_contraction,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'churn'), 0) as f_churn,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'reactivation'), 0) as f_reactivation,
           coalesce(sum(mv.mrr_after - mv.mrr_before), 0) as f_net
    from months mo cross join currencies cu
    left join public.mrr_movements mv on mv.currency = cu.currency and mv.at >= mo.ts_start and mv.at < mo.ts_end
    group by mo.m_start, cu.currency
  ), ending as (
    select mo.m_start, cu.currency,
           coalesce((select sum(last.mrr_after) from (
              select distinct on (mv.subscription_id) mv.mrr_after from public.mrr_movements mv
              where mv.currency = cu.currency and mv.at < mo.ts_end
              order by mv.subscription_id, mv.at desc, mv.id desc) last), 0) as e_mrr
    from months mo cross join currencies cu
  )
  select f.*, e.e_mrr from flows f join ending e on e.m_start = f.m_start and e.currency = f.currency
) f
join public.currencies c on c.code = f.currency;
grant select on old_trend to authenticated;

select tests.create_staff('biz@mt.test', 'biz_admin') as biz \gset
select tests.authenticate_as(:'biz', 'aal2');
select set_eq($$ select * from public.mrr_movements_by_month('2021-11-01', '2022-05-01') $$,
  $$ select month, currency, new, expansion, contraction, churned, reactivation, net, ending_mrr from old_trend where cur is null $$,
  'every currency, from before the first movements to after the last: the former answers');
select set_eq($$ select * from public.mrr_movements_by_month('2022-01-01', '2022-05-01', 'OMR') $$,
  $$ select month, currency, new, expansion, contraction, churned, reactivation, net, ending_mrr from old_trend where cur = 'OMR' $$,
  'one currency, opening balance from movements before the range: the former answers');
select results_eq($$ select month, ending_mrr from public.mrr_movements_by_month('2022-01-01', '2022-05-01', 'OMR') order by month $$,
  $$ values ('2022-01-01'::date, 30.000), ('2022-02-01', 38.000), ('2022-03-01', 39.000), ('2022-04-01', 21.000), ('2022-05-01', 21.000) $$,
  'hand-computed OMR endings (A 10 → 18 at the boundary → 0 on 30 April; B 20 → 12; D back at 9 in March)');
select is((select count(*)::int from old_trend), 7 * 3 + 5, 'the fixture spans three currencies over seven months and OMR over five');
select * from finish();
rollback;
