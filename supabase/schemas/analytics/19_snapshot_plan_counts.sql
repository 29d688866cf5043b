-- Tenants per (day, plan, status) over the daily snapshots, kept in step with them by statement
-- triggers, whoever writes the snapshots (the nightly job, a back-fill, a plan's deletion setting
-- plan_id to null, a tenant's deletion, retention). The plan distribution report reads the few rows
-- of its month-end days here instead of ~10,000 snapshot rows per day (issue 20's dashboard goal).
create table private.snapshot_plan_counts (
  day date not null,
  plan_id uuid,
  status text not null,
  tenants integer not null check (tenants > 0),
  unique nulls not distinct (day, plan_id, status)
);

alter table private.snapshot_plan_counts enable row level security;
revoke all on table private.snapshot_plan_counts from public, anon, authenticated, service_role;
grant select on table private.snapshot_plan_counts to service_role;

comment on table private.snapshot_plan_counts is 'Tenants per day, plan and status of public.tenant_daily_snapshots (kept by triggers on it; read by the plan distribution report).';
comment on column private.snapshot_plan_counts.day is 'The snapshot day.';
comment on column private.snapshot_plan_counts.plan_id is 'The snapshots'' plan (null: no plan).';
comment on column private.snapshot_plan_counts.status is 'The snapshots'' tenant status.';
comment on column private.snapshot_plan_counts.tenants is 'How many snapshots of that day have that plan and status (rows reaching 0 are deleted).';

-- One trigger function for the four statement triggers: removes the old rows' counts (update,
-- delete), adds the new rows' (insert, update). Keys are written in order so concurrent writers
-- lock them in the same order.
create function private.sync_snapshot_plan_counts() returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from private.snapshot_plan_counts;
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    -- counts reaching 0 go first: after the decrement a count of 1 would look like one to delete
    delete from private.snapshot_plan_counts c
    using (select r.day, r.plan_id, r.status, count(*)::integer as n from old_rows r group by 1, 2, 3) o
    where c.day = o.day and c.plan_id is not distinct from o.plan_id and c.status = o.status and c.tenants <= o.n;
    update private.snapshot_plan_counts c set tenants = c.tenants - o.n
    from (select r.day, r.plan_id, r.status, count(*)::integer as n from old_rows r group by 1, 2, 3 order by 1, 2, 3) o
    where c.day = o.day and c.plan_id is not distinct from o.plan_id and c.status = o.status;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into private.snapshot_plan_counts as c (day, plan_id, status, tenants)
    select r.day, r.plan_id, r.status, count(*) from new_rows r group by 1, 2, 3 order by 1, 2, 3
    on conflict (day, plan_id, status) do update set tenants = c.tenants + excluded.tenants;
  end if;
  return null;
end
$$;

revoke all on function private.sync_snapshot_plan_counts() from public, anon, authenticated, service_role;
comment on function private.sync_snapshot_plan_counts() is 'Statement trigger body on public.tenant_daily_snapshots: keeps private.snapshot_plan_counts equal to its per (day, plan, status) counts.';

create trigger tenant_daily_snapshots_plan_counts_insert after insert on public.tenant_daily_snapshots
  referencing new table as new_rows for each statement execute function private.sync_snapshot_plan_counts();
create trigger tenant_daily_snapshots_plan_counts_update after update on public.tenant_daily_snapshots
  referencing old table as old_rows new table as new_rows for each statement execute function private.sync_snapshot_plan_counts();
create trigger tenant_daily_snapshots_plan_counts_delete after delete on public.tenant_daily_snapshots
  referencing old table as old_rows for each statement execute function private.sync_snapshot_plan_counts();
create trigger tenant_daily_snapshots_plan_counts_truncate after truncate on public.tenant_daily_snapshots
  for each statement execute function private.sync_snapshot_plan_counts();
