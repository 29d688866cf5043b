-- Workflow engine (C8), part 4: analytics. Time in stage comes from order_transitions
-- (duration_seconds = time spent in from_stage, sla_breached against the SLA of the pinned version);
-- a nightly job folds each day into workflow_stage_daily for cheap long-range charts.

create table public.workflow_stage_daily (
  day date not null,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  template_id uuid not null references public.workflow_templates (id) on delete cascade,
  stage text not null,
  transitions int not null,
  p50_seconds numeric(14,3),
  p95_seconds numeric(14,3),
  total_seconds numeric(18,3) not null,
  sla_breaches int not null,
  computed_at timestamptz not null default now(),
  primary key (day, tenant_id, template_id, stage)
);
create index workflow_stage_daily_tenant_idx on public.workflow_stage_daily (tenant_id, day);
create index workflow_stage_daily_template_idx on public.workflow_stage_daily (template_id);

alter table public.workflow_stage_daily enable row level security;
revoke all on public.workflow_stage_daily from anon;
revoke insert, update, delete, truncate on public.workflow_stage_daily from authenticated;
create policy "stage aggregates: workflow staff and the tenant's users" on public.workflow_stage_daily for select to authenticated
  using ((select private.has_permission('workflows.read'))
         or tenant_id in (select private.my_tenant_ids())
         or tenant_id in (select private.impersonated_tenant_ids(false)));

-- Analytics readers: workflow staff for any tenant; a tenant's users for their tenant only.
create function private.assert_workflow_reader(tenant_id uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if private.is_trusted_caller() or private.has_permission('workflows.read') then
    return;
  end if;
  if tenant_id is not null and (tenant_id in (select private.my_tenant_ids())
                                or tenant_id in (select private.impersonated_tenant_ids(false))) then
    return;
  end if;
  perform private.assert_permission('workflows.read');
end
$$;

create function private.assert_period(from_ts timestamptz, to_ts timestamptz)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if from_ts is null or to_ts is null or to_ts <= from_ts or to_ts - from_ts > interval '400 days' then
    raise exception using errcode = '22023', message = 'a period needs from < to, at most 400 days apart',
      detail = 'workflow.invalid_period', hint = 'e.g. the last 30 days';
  end if;
end
$$;

-- Time in stage p50 / p95, SLA breaches and the bottleneck rank (most total time spent first) per
-- tenant / template / stage over [from_ts, to_ts).
create function public.workflow_stage_stats(from_ts timestamptz, to_ts timestamptz, for_tenant uuid default null,
                                            for_template uuid default null)
returns table (tenant_id uuid, template_id uuid, stage text, transitions bigint, p50_seconds numeric, p95_seconds numeric,
               total_seconds numeric, sla_breaches bigint, breach_rate numeric, bottleneck_rank bigint)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_workflow_reader(workflow_stage_stats.for_tenant);
  perform private.assert_period(from_ts, to_ts);
  return query
  select x.tenant_id, x.template_id, x.from_stage, count(*),
         round(percentile_cont(0.5) within group (order by x.duration_seconds)::numeric, 3),
         round(percentile_cont(0.95) within group (order by x.duration_seconds)::numeric, 3),
         sum(x.duration_seconds), count(*) filter (where x.sla_breached),
         round(count(*) filter (where x.sla_breached)::numeric / count(*), 4),
         rank() over (partition by x.tenant_id, x.template_id order by sum(x.duration_seconds) desc)
  from public.order_transitions x
  where x.at >= from_ts and x.at < to_ts and x.from_stage is not null
    and (workflow_stage_stats.for_tenant is null or x.tenant_id = workflow_stage_stats.for_tenant)
    and (workflow_stage_stats.for_template is null or x.template_id = workflow_stage_stats.for_template)
  group by x.tenant_id, x.template_id, x.from_stage
  order by x.tenant_id, x.template_id, 10, x.from_stage;
end
$$;

-- Orders sitting in a stage longer than its SLA (terminal stages have none, so never appear).
create function public.stuck_orders(for_tenant uuid default null, max_rows int default 100)
returns table (order_id uuid, tenant_id uuid, number text, stage text, stage_entered_at timestamptz, sla_minutes int,
               overdue_minutes numeric)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_workflow_reader(stuck_orders.for_tenant);
  if max_rows is null or max_rows not between 1 and 1000 then
    raise exception using errcode = '22023', message = 'max_rows is 1 to 1000', detail = 'workflow.invalid_limit', hint = 'e.g. 100';
  end if;
  return query
  select o.id, o.tenant_id, o.number, o.current_stage, o.stage_entered_at, (s ->> 'sla_minutes')::int,
         round((extract(epoch from (private.now() - o.stage_entered_at)) / 60 - (s ->> 'sla_minutes')::int)::numeric, 1)
  from public.orders o
  join public.workflow_versions v on v.id = o.version_id
  cross join lateral (select st from jsonb_array_elements(v.definition -> 'stages') st where st ->> 'code' = o.current_stage) z(s)
  where (stuck_orders.for_tenant is null or o.tenant_id = stuck_orders.for_tenant)
    and s ->> 'kind' <> 'terminal' and (s ->> 'sla_minutes') is not null
    and o.stage_entered_at + make_interval(mins => (s ->> 'sla_minutes')::int) < private.now()
  order by 7 desc
  limit max_rows;
end
$$;

-- Folds one day (UTC) of transitions into workflow_stage_daily; re-running a day replaces it.
create function private.aggregate_workflow_day(day date)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  n int;
begin
  delete from public.workflow_stage_daily d where d.day = aggregate_workflow_day.day;
  insert into public.workflow_stage_daily (day, tenant_id, template_id, stage, transitions, p50_seconds, p95_seconds,
                                           total_seconds, sla_breaches)
  select aggregate_workflow_day.day, x.tenant_id, x.template_id, x.from_stage, count(*),
         percentile_cont(0.5) within group (order by x.duration_seconds),
         percentile_cont(0.95) within group (order by x.duration_seconds),
         coalesce(sum(x.duration_seconds), 0), count(*) filter (where x.sla_breached)
  from public.order_transitions x
  where x.at >= aggregate_workflow_day.day::timestamp at time zone 'UTC'
    and x.at < (aggregate_workflow_day.day + 1)::timestamp at time zone 'UTC'
    and x.from_stage is not null
  group by x.tenant_id, x.template_id, x.from_stage;
  get diagnostics n = row_count;
  return n;
end
$$;

-- The job: payload {"day": "YYYY-MM-DD"}, default yesterday on the project's clock.
create function private.job_workflow_aggregate(payload jsonb, job jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_day date;
begin
  begin
    v_day := coalesce((payload ->> 'day')::date, ((private.now() at time zone 'UTC')::date - 1));
  exception when others then
    raise exception using errcode = '22023', message = 'workflow.aggregate_daily needs payload.day as YYYY-MM-DD',
      detail = 'workflow.invalid_payload', hint = 'e.g. {"day": "2026-11-22"}';
  end;
  perform private.aggregate_workflow_day(v_day);
end
$$;

select private.register_job_handler('workflow.aggregate_daily', sql_handler => 'private.job_workflow_aggregate(jsonb, jsonb)'::regprocedure,
  description => 'folds one day of order transitions into time-in-stage aggregates');
select private.declare_schedule(
  'workflows.aggregate_daily', '20 1 * * *',
  $$select private.enqueue('maintenance', 'workflow.aggregate_daily', jsonb_build_object('day', (now() at time zone 'UTC')::date - 1), 'workflow.aggregate_daily:' || ((now() at time zone 'UTC')::date - 1))$$,
  'nightly: time-in-stage aggregates of yesterday''s order transitions');

revoke execute on function private.assert_workflow_reader(uuid), private.assert_period(timestamptz, timestamptz),
  private.aggregate_workflow_day(date), private.job_workflow_aggregate(jsonb, jsonb) from public, anon, authenticated;
revoke execute on function public.workflow_stage_stats(timestamptz, timestamptz, uuid, uuid), public.stuck_orders(uuid, int) from public, anon;
grant execute on function public.workflow_stage_stats(timestamptz, timestamptz, uuid, uuid), public.stuck_orders(uuid, int)
  to authenticated, service_role;
