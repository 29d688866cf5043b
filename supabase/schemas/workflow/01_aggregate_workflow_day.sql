CREATE FUNCTION private.aggregate_workflow_day(day date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

REVOKE ALL ON FUNCTION private.aggregate_workflow_day(day date) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.aggregate_workflow_day(day date) FROM PUBLIC;
