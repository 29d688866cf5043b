CREATE FUNCTION private.end_trial_grace(tenant_id uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  hold public.lifecycle_calendar_actions;
begin
  select * into t from public.tenants x where x.id = end_trial_grace.tenant_id for update;
  select * into hold from public.lifecycle_calendar_actions a
  where a.tenant_id = end_trial_grace.tenant_id and a.action = 'trial_grace' order by a.id desc limit 1;
  if t.id is null or t.status <> 'grace' or hold.id is null
     or hold.status_history_id is distinct from (select max(h.id) from public.tenant_status_history h where h.tenant_id = t.id)
     or hold.at > private.now() - make_interval(days => (select p.trial_grace_days from public.lifecycle_calendar_policy p)) then
    return null;
  end if;
  if private.tenant_has_chargeable_subscription(t.id) then
    return private.calendar_move(t.id, 'grace_reactivate', 'reactivate', 'calendar: chargeable subscription after the trial grace');
  end if;
  return private.calendar_move(t.id, 'grace_suspend', 'suspend', 'calendar: trial grace ended without a chargeable subscription');
end
$$;

REVOKE ALL ON FUNCTION private.end_trial_grace(tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.end_trial_grace(tenant_id uuid) FROM PUBLIC;
