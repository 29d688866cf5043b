-- Hand-written data move (keep it: the generated migrations are regenerated at merge, this is not).
-- private.snapshot_plan_counts is kept by triggers from now on; the snapshots written before the
-- triggers existed are counted once here.
insert into private.snapshot_plan_counts (day, plan_id, status, tenants)
select s.day, s.plan_id, s.status, count(*) from public.tenant_daily_snapshots s group by 1, 2, 3
on conflict (day, plan_id, status) do update set tenants = excluded.tenants;
