CREATE FUNCTION private.provision_entitlements(tenant_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  default_plan uuid := (select p.id from public.plans p where p.is_default and p.is_current and p.status = 'active');
begin
  if default_plan is not null then
    insert into public.tenant_plans (tenant_id, plan_id, started_at, current_period_start, current_period_end)
    values (tenant_id, default_plan, private.now(), private.now(), private.now() + interval '1 month')
    on conflict on constraint tenant_plans_pkey do nothing;
  end if;
  perform private.refresh_entitlements(tenant_id, 'provision');
end
$$;

REVOKE ALL ON FUNCTION private.provision_entitlements(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.provision_entitlements(tenant_id uuid) FROM PUBLIC;
