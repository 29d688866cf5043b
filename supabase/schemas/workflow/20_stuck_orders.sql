-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.stuck_orders, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.stuck_orders(for_tenant uuid DEFAULT NULL::uuid, max_rows integer DEFAULT 100) RETURNS TABLE(order_id uuid, tenant_id uuid, number text, stage text, stage_entered_at timestamp with time zone, sla_minutes integer, overdue_minutes numeric)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.stuck_orders(for_tenant, max_rows) $$;

CREATE FUNCTION private.stuck_orders(for_tenant uuid DEFAULT NULL::uuid, max_rows integer DEFAULT 100) RETURNS TABLE(order_id uuid, tenant_id uuid, number text, stage text, stage_entered_at timestamp with time zone, sla_minutes integer, overdue_minutes numeric)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_workflow_reader(stuck_orders.for_tenant);
  if max_rows is null or max_rows not between 1 and 1000 then
    perform private.fail('workflow.invalid_limit', 'max_rows is 1 to 1000');
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

REVOKE ALL ON FUNCTION public.stuck_orders(for_tenant uuid, max_rows integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.stuck_orders(for_tenant uuid, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.stuck_orders(for_tenant uuid, max_rows integer) TO authenticated;
GRANT ALL ON FUNCTION public.stuck_orders(for_tenant uuid, max_rows integer) TO service_role;

COMMENT ON FUNCTION public.stuck_orders(for_tenant uuid, max_rows integer) IS 'Orders that stayed in a stage longer than its SLA, most overdue first, optionally for one tenant (workflow readers).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.stuck_orders(for_tenant uuid, max_rows integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.stuck_orders(for_tenant uuid, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.stuck_orders(for_tenant uuid, max_rows integer) TO authenticated;
GRANT ALL ON FUNCTION private.stuck_orders(for_tenant uuid, max_rows integer) TO service_role;
