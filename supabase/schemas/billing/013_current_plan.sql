CREATE FUNCTION private.current_plan(plan_code text) RETURNS public.plans
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.plans;
begin
  select * into p from public.plans x where x.code = current_plan.plan_code and x.is_current;
  if p.id is null then
    perform private.fail('billing.plan_not_found', format('no plan %s', coalesce(plan_code, '(null)')),
      coalesce('plans: ' || (select string_agg(x.code, ', ' order by x.tier) from public.plans x where x.is_current and x.status = 'active'), 'none'));
  end if;
  if p.status <> 'active' then
    perform private.fail('billing.plan_archived', format('plan %s is archived', p.code));
  end if;
  return p;
end
$$;

REVOKE ALL ON FUNCTION private.current_plan(plan_code text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.current_plan(plan_code text) FROM PUBLIC;
