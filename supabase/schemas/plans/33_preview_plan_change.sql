-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.preview_plan_change, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.preview_plan_change(tenant_id uuid, plan_code text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.preview_plan_change(tenant_id, plan_code) $$;

CREATE FUNCTION private.preview_plan_change(tenant_id uuid, plan_code text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  s public.subscriptions;
  cur public.tenant_plans;
  old_plan public.plans;
  new_plan public.plans;
  target jsonb;
  old_price numeric;
  new_price numeric;
begin
  perform private.assert_permission('plans.read');
  select * into t from public.tenants x where x.id = preview_plan_change.tenant_id;
  if t.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  select * into s from public.subscriptions x
  where x.tenant_id = t.id and x.plan_id is not null and x.status <> 'cancelled';
  if s.id is not null then
    target := private.plan_change_target(s, plan_code);
    return target || jsonb_build_object('billed', true, 'subscription_id', s.id, 'subscription_status', s.status,
      'currency', s.currency, 'interval', s.billing_interval,
      'proration', case when s.status <> 'trialing' and target ->> 'direction' <> 'keep'
                        then private.plan_change_proration(s, (target ->> 'old_amount')::numeric, (target ->> 'new_amount')::numeric) end,
      'violations', to_jsonb(private.plan_violations(t.id, (target ->> 'plan_id')::uuid)));
  end if;
  select * into new_plan from public.plans p where p.code = plan_code and p.is_current;
  if new_plan.id is null then
    perform private.fail('plans.not_found', format('no plan %s', coalesce(plan_code, '(null)')));
  end if;
  select * into cur from public.tenant_plans x where x.tenant_id = t.id;
  select * into old_plan from public.plans p where p.id = cur.plan_id;
  old_price := coalesce(private.plan_price(old_plan.id, t.currency, coalesce(cur.billing_interval, 'month')), 0);
  new_price := private.plan_price(new_plan.id, t.currency, coalesce(cur.billing_interval, 'month'));
  return jsonb_build_object('billed', false, 'subscription_id', null, 'plan_id', new_plan.id, 'plan_code', new_plan.code,
    'from_plan_code', old_plan.code, 'currency', t.currency, 'interval', coalesce(cur.billing_interval, 'month'),
    'old_amount', old_price, 'new_amount', new_price,
    'direction', case when old_plan.id is null then 'new' when old_plan.id = new_plan.id then 'keep'
                      when new_price > old_price or (new_price = old_price and new_plan.tier > old_plan.tier) then 'upgrade'
                      when new_price < old_price or (new_price = old_price and new_plan.tier < old_plan.tier) then 'downgrade'
                      else 'lateral' end,
    'default_effective', 'now', 'proration', null,
    'violations', to_jsonb(private.plan_violations(t.id, new_plan.id)));
end
$$;

REVOKE ALL ON FUNCTION public.preview_plan_change(tenant_id uuid, plan_code text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.preview_plan_change(tenant_id uuid, plan_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.preview_plan_change(tenant_id uuid, plan_code text) TO authenticated;
GRANT ALL ON FUNCTION public.preview_plan_change(tenant_id uuid, plan_code text) TO service_role;

COMMENT ON FUNCTION public.preview_plan_change(tenant_id uuid, plan_code text) IS 'What change_plan would do for a tenant (billed through its subscription or not, direction, proration, violations), without writing. plans.read.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.preview_plan_change(tenant_id uuid, plan_code text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.preview_plan_change(tenant_id uuid, plan_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.preview_plan_change(tenant_id uuid, plan_code text) TO authenticated;
GRANT ALL ON FUNCTION private.preview_plan_change(tenant_id uuid, plan_code text) TO service_role;
