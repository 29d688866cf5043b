-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.order_next_stages, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.order_next_stages(order_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.order_next_stages(order_id) $$;

CREATE FUNCTION private.order_next_stages(order_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
  v_role text;
begin
  select * into o from public.orders x where x.id = order_next_stages.order_id;
  v_role := case when found then coalesce(private.order_actor_role(o.tenant_id),
                 case when o.tenant_id in (select private.impersonated_tenant_ids(false)) then 'viewer' end) end;
  if v_role is null then
    perform private.fail('workflow.order_not_found', 'no such order');
  end if;
  return (select coalesce(jsonb_agg(jsonb_build_object('to', t ->> 'to', 'label', t -> 'label', 'guards', coalesce(t -> 'guards', '[]'))), '[]')
          from public.workflow_versions v, jsonb_array_elements(v.definition -> 'transitions') t
          where v.id = o.version_id and t ->> 'from' = o.current_stage and t -> 'roles' ? v_role);
end
$$;

REVOKE ALL ON FUNCTION public.order_next_stages(order_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.order_next_stages(order_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.order_next_stages(order_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.order_next_stages(order_id uuid) TO service_role;

COMMENT ON FUNCTION public.order_next_stages(order_id uuid) IS 'The stages an order may move to next from its current stage, for the caller''s role in the order''s tenant, with each transition''s guards.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.order_next_stages(order_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.order_next_stages(order_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.order_next_stages(order_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.order_next_stages(order_id uuid) TO service_role;
