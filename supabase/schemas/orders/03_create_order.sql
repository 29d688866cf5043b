-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.create_order, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text DEFAULT NULL::text, items_count integer DEFAULT 1, amount_total numeric DEFAULT 0, currency text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.create_order(tenant_id, service_category, number, customer_name, customer_phone, items_count, amount_total, currency) $$;

CREATE FUNCTION private.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text DEFAULT NULL::text, items_count integer DEFAULT 1, amount_total numeric DEFAULT 0, currency text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_role text := private.order_actor_role(tenant_id);
  v_template uuid;
  v_version uuid;
  v_start text;
  v_id uuid;
  v_limit jsonb;
begin
  if v_role is null then
    if tenant_id in (select private.impersonated_tenant_ids(false)) then
      perform private.fail('workflow.read_only', 'a read-only impersonation cannot create orders');
    end if;
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  if v_role = 'viewer' then
    perform private.fail('workflow.role_not_allowed', 'viewers cannot create orders');
  end if;
  perform private.assert_not_in_maintenance(tenant_id);
  perform private.assert_workflow_module(tenant_id);
  select t.id into v_template from public.workflow_templates t
  where t.service_category = create_order.service_category and not t.archived;
  if v_template is null then
    perform private.fail('workflow.unknown_service_category', format('no workflow for service category %s', coalesce(service_category, 'null')),
      (select 'known: ' || string_agg(t.service_category, ', ' order by t.service_category) from public.workflow_templates t where not t.archived));
  end if;
  v_version := private.ensure_tenant_workflow(tenant_id, v_template);
  if v_version is null then
    perform private.fail('workflow.not_published', 'the template has no published version yet');
  end if;
  -- count the order against the month's limit; the counter's row lock serialises the last unit
  v_limit := private.increment_usage(tenant_id, 'max_orders_per_month', 1);
  if v_limit ->> 'outcome' = 'blocked' then
    perform private.raise_limit_reached(v_limit);
  end if;
  select s ->> 'code' into v_start from public.workflow_versions v, jsonb_array_elements(v.definition -> 'stages') s
  where v.id = v_version and s ->> 'kind' = 'start';
  insert into public.orders (tenant_id, number, customer_name, customer_phone, service_category, template_id, version_id,
                             items_count, amount_total, currency, current_stage, stage_entered_at, created_by)
  values (tenant_id, number, customer_name, customer_phone, service_category, v_template, v_version, items_count,
          coalesce(amount_total, 0), coalesce(currency, (select t.currency from public.tenants t where t.id = create_order.tenant_id)),
          v_start, private.now(), auth.uid())
  returning id into v_id;
  insert into public.order_transitions (order_id, tenant_id, template_id, version_id, from_stage, to_stage, actor_id, actor_role,
                                        impersonation_id, at)
  values (v_id, tenant_id, v_template, v_version, null, v_start, auth.uid(), v_role,
          private.current_impersonation_id(tenant_id), private.now());
  perform private.emit_order_event(v_id);  -- integrations: order.created
  return jsonb_build_object('id', v_id, 'number', number, 'stage', v_start,
    'limit', jsonb_build_object('limit_key', 'max_orders_per_month', 'outcome', v_limit ->> 'outcome', 'type', v_limit ->> 'type',
                                'limit', v_limit -> 'limit', 'used', v_limit -> 'used'),
    'warnings', private.limit_warnings(v_limit));
end
$$;

REVOKE ALL ON FUNCTION public.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text, items_count integer, amount_total numeric, currency text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text, items_count integer, amount_total numeric, currency text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text, items_count integer, amount_total numeric, currency text) TO authenticated;
GRANT ALL ON FUNCTION public.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text, items_count integer, amount_total numeric, currency text) TO service_role;

COMMENT ON FUNCTION public.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text, items_count integer, amount_total numeric, currency text) IS 'Creates an order at its workflow''s start stage, counted against max_orders_per_month: hard limits refuse (entitlements.limit_reached), soft ones warn, overage is recorded for billing. Answers {id, number, stage, limit, warnings}.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text, items_count integer, amount_total numeric, currency text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text, items_count integer, amount_total numeric, currency text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text, items_count integer, amount_total numeric, currency text) TO authenticated;
GRANT ALL ON FUNCTION private.create_order(tenant_id uuid, service_category text, number text, customer_name text, customer_phone text, items_count integer, amount_total numeric, currency text) TO service_role;
