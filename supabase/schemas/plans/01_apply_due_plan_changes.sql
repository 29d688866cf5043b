CREATE FUNCTION private.apply_due_plan_changes() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  r public.tenant_plans;
  n int := 0;
begin
  for r in select * from public.tenant_plans x where x.pending_effective_at <= private.now() for update skip locked loop
    if cardinality(private.plan_violations(r.tenant_id, r.pending_plan_id)) > 0 then
      update public.plan_changes pc set status = 'blocked' where pc.tenant_id = r.tenant_id and pc.status = 'scheduled';
      update public.tenant_plans x set pending_plan_id = null, pending_effective_at = null where x.tenant_id = r.tenant_id;
    else
      update public.tenant_plans x set plan_id = r.pending_plan_id, pending_plan_id = null, pending_effective_at = null,
        updated_at = private.now() where x.tenant_id = r.tenant_id;
      update public.plan_changes pc set status = 'applied' where pc.tenant_id = r.tenant_id and pc.status = 'scheduled';
      perform audit.record('plan.change_applied', 'tenant', r.tenant_id::text, null, jsonb_build_object('plan_id', r.pending_plan_id), r.tenant_id);
      perform private.notify_plan_changed(r.tenant_id, r.pending_plan_id, r.pending_effective_at::text);
      perform private.emit_plan_event(r.tenant_id, r.plan_id, r.pending_plan_id, r.pending_effective_at);  -- integrations: tenant.plan.changed
      n := n + 1;
    end if;
    perform private.refresh_entitlements(r.tenant_id, 'plan.change');
  end loop;
  update public.tenant_plans x
  set current_period_start = x.current_period_end,
      current_period_end = x.current_period_end + case x.billing_interval when 'year' then interval '1 year' else interval '1 month' end
  where x.current_period_end <= private.now();
  return n;
end
$$;

REVOKE ALL ON FUNCTION private.apply_due_plan_changes() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.apply_due_plan_changes() FROM PUBLIC;
