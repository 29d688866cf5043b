-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.workflow_stage_stats, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid DEFAULT NULL::uuid, for_template uuid DEFAULT NULL::uuid) RETURNS TABLE(tenant_id uuid, template_id uuid, stage text, transitions bigint, p50_seconds numeric, p95_seconds numeric, total_seconds numeric, sla_breaches bigint, breach_rate numeric, bottleneck_rank bigint)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.workflow_stage_stats(from_ts, to_ts, for_tenant, for_template) $$;

CREATE FUNCTION private.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid DEFAULT NULL::uuid, for_template uuid DEFAULT NULL::uuid) RETURNS TABLE(tenant_id uuid, template_id uuid, stage text, transitions bigint, p50_seconds numeric, p95_seconds numeric, total_seconds numeric, sla_breaches bigint, breach_rate numeric, bottleneck_rank bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

REVOKE ALL ON FUNCTION public.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid, for_template uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid, for_template uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid, for_template uuid) TO authenticated;
GRANT ALL ON FUNCTION public.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid, for_template uuid) TO service_role;

COMMENT ON FUNCTION public.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid, for_template uuid) IS 'Time spent in each workflow stage between two times (count, average, percentiles), optionally for one tenant or template (workflow readers).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid, for_template uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid, for_template uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid, for_template uuid) TO authenticated;
GRANT ALL ON FUNCTION private.workflow_stage_stats(from_ts timestamp with time zone, to_ts timestamp with time zone, for_tenant uuid, for_template uuid) TO service_role;
