-- The dashboard's faster reports give the answers they gave before (issue 20, dashboard p95 goal):
-- private.snapshot_plan_counts stays equal to the snapshots counted per day, plan and status
-- through inserts, the snapshot job's upsert, updates, deletes, a plan's deletion (plan_id set
-- null), a tenant's deletion (cascade) and truncate; the plan distribution and feature adoption
-- match their former definitions (the plain queries below) on a mixed fixture.
begin;
select plan(10);

delete from public.tenant_daily_snapshots;
select tests.create_tenant('pc-a') as a \gset
select tests.create_tenant('pc-b') as b \gset
select tests.create_tenant('pc-c') as c \gset
select id as growth from public.plans where code = 'growth' and is_current \gset
select id as starter from public.plans where code = 'starter' and is_current \gset
insert into public.plans (code, name, tier, trial_days) values ('pc_temp', '{"en": "temporary"}', 1, 0) returning id as temp \gset

-- the counts as they must be, and the difference in either direction (empty when equal)
create temp view expected as
  select day, plan_id, status, count(*)::integer as tenants from public.tenant_daily_snapshots group by 1, 2, 3;
create temp view drift as
  (select * from expected except select day, plan_id, status, tenants from private.snapshot_plan_counts)
  union all
  (select day, plan_id, status, tenants from private.snapshot_plan_counts except select * from expected);

insert into public.tenant_daily_snapshots (tenant_id, day, status, currency, plan_id, modules)
select t, d::date, case when t = :'c' and d >= '2023-02-20' then 'churned' when t = :'b' then 'trial' else 'active' end, 'OMR',
       case when t = :'a' then :'growth'::uuid when t = :'b' then :'temp'::uuid end,
       case when t = :'a' then '{orders,api}'::text[] when t = :'c' and d >= '2023-02-20' then '{pos}' else '{}' end
from unnest(array[:'a', :'b', :'c']::uuid[]) t, generate_series('2023-01-25'::date, '2023-03-05', interval '1 day') d;
-- 40 days: a growth/active every day, b pc_temp/trial every day, c no plan/active 26 days then churned 14
select is((select sum(tenants)::int || '/' || count(*) from private.snapshot_plan_counts), '120/120', 'an insert counts its rows per day, plan and status');
select is_empty('select * from drift', 'the counts equal the snapshots after an insert');

-- the snapshot job's upsert: some rows inserted, some changed, some unchanged
insert into public.tenant_daily_snapshots as s (tenant_id, day, status, currency, plan_id)
select t, d::date, 'grace', 'OMR', :'starter' from unnest(array[:'a', :'c']::uuid[]) t, generate_series('2023-03-04'::date, '2023-03-07', interval '1 day') d
on conflict (tenant_id, day) do update set status = excluded.status, plan_id = excluded.plan_id;
update public.tenant_daily_snapshots set status = 'suspended' where tenant_id = :'b' and day between '2023-02-01' and '2023-02-10';
delete from public.tenant_daily_snapshots where tenant_id = :'a' and day < '2023-01-28';
select is_empty('select * from drift', 'the counts equal the snapshots after an upsert, an update and a delete');

-- answers of the former plan distribution (one scan of the month-end days) and adoption (two scans)
create temp table old_distribution as
  select date_trunc('month', s.day)::date as month, s.day, coalesce(p.code, 'none') as plan_code, count(*) as tenants
  from public.tenant_daily_snapshots s left join public.plans p on p.id = s.plan_id
  where s.day = any (select max(x.day) from public.tenant_daily_snapshots x
                     where x.day between '2023-01-01' and '2023-03-31' group by date_trunc('month', x.day))
    and s.status in ('trial', 'active', 'grace')
  group by s.day, coalesce(p.code, 'none');
create temp table old_adoption as
  select m.code, coalesce(u.n, 0) as tenants, b.n as active_tenants, case when b.n > 0 then round(coalesce(u.n, 0)::numeric / b.n, 4) else 0 end as share
  from public.modules m
  cross join (select count(distinct s.tenant_id) as n from public.tenant_daily_snapshots s
              where s.day between '2023-02-15' and '2023-03-06' and s.status in ('trial', 'active', 'grace')) b
  left join (select u.code, count(distinct s.tenant_id) as n from public.tenant_daily_snapshots s cross join unnest(s.modules) u(code)
             where s.day between '2023-02-15' and '2023-03-06' group by u.code) u on u.code = m.code;

grant select on old_distribution, old_adoption to authenticated;

select tests.create_staff('aud@pc.test', 'auditor') as aud \gset
select tests.authenticate_as(:'aud', 'aal2');
select set_eq($$ select month, day, plan_code, tenants from public.analytics_plan_distribution('2023-01-01', '2023-03-31') $$,
  'select * from old_distribution', 'plan distribution: the same rows as the former scan of the snapshots');
select ok((select count(*) from old_distribution) >= 6, 'the fixture gives the plan distribution several plans and months');
select set_eq($$ select * from public.analytics_feature_adoption('2023-02-15', '2023-03-06') $$,
  'select * from old_adoption', 'feature adoption: the same rows as the former two scans');
select ok((select count(*) from old_adoption where tenants > 0) = 3, 'the fixture has modules used by live and by churned tenants');
select tests.clear_authentication();

delete from public.plans where id = :'temp';
select is_empty('select * from drift', 'a deleted plan (plan_id set to null) moves its counts to no plan');
delete from public.tenants where id = :'c';
select is_empty('select * from drift', 'a deleted tenant (snapshots cascaded) leaves the counts');
truncate public.tenant_daily_snapshots;
select is_empty('select * from private.snapshot_plan_counts', 'truncate empties the counts');

select * from finish();
rollback;
