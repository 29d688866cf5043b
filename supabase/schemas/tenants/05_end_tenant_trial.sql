CREATE FUNCTION private.end_tenant_trial(tenant_id uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
begin
  select * into t from public.tenants x where x.id = end_tenant_trial.tenant_id for update;
  if t.id is null or t.status <> 'trial' or t.trial_ends_at is null or t.trial_ends_at > private.now() then
    return null;
  end if;
  if private.tenant_has_chargeable_subscription(t.id) then
    return private.calendar_move(t.id, 'trial_activate', 'activate', 'calendar: trial ended, chargeable subscription',
                                 jsonb_build_object('trial_ends_at', t.trial_ends_at));
  end if;
  return private.calendar_move(t.id, 'trial_grace', 'enter_grace', 'calendar: trial ended without a chargeable subscription',
    jsonb_build_object('trial_ends_at', t.trial_ends_at,
                       'suspend_after', private.now() + make_interval(days => (select p.trial_grace_days from public.lifecycle_calendar_policy p))));
end
$$;

REVOKE ALL ON FUNCTION private.end_tenant_trial(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.end_tenant_trial(tenant_id uuid) FROM PUBLIC;
