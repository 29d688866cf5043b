CREATE FUNCTION private.run_lifecycle_calendar() RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  reminders int := private.record_trial_reminders();
  trials int;
  graces int;
  churns int;
begin
  select count(private.enqueue('lifecycle', 'lifecycle.trial_end', jsonb_build_object('tenant_id', t.id),
                               'lifecycle.trial_end:' || t.id || ':' || private.iso_instant(t.trial_ends_at)))
  into trials
  from public.tenants t where t.status = 'trial' and t.trial_ends_at <= private.now();

  select count(private.enqueue('lifecycle', 'lifecycle.trial_grace_end', jsonb_build_object('tenant_id', t.id),
                               'lifecycle.trial_grace_end:' || t.id || ':' || a.id))
  into graces
  from public.tenants t
  join lateral (select x.id, x.at, x.status_history_id from public.lifecycle_calendar_actions x
                where x.tenant_id = t.id and x.action = 'trial_grace' order by x.id desc limit 1) a on true
  where t.status = 'grace'
    and a.at <= private.now() - make_interval(days => (select p.trial_grace_days from public.lifecycle_calendar_policy p))
    and a.status_history_id = (select max(h.id) from public.tenant_status_history h where h.tenant_id = t.id);

  select count(private.enqueue('lifecycle', 'lifecycle.churn', jsonb_build_object('tenant_id', t.id),
                               'lifecycle.churn:' || t.id || ':' || private.iso_instant(t.status_changed_at)))
  into churns
  from public.tenants t
  where t.status = 'archived'
    and t.status_changed_at <= private.now() - make_interval(days => (select s.churn_after_days from public.tenant_lifecycle_settings s));

  return jsonb_build_object('reminders', reminders, 'trial_end', trials, 'trial_grace_end', graces, 'churn', churns);
end
$$;

REVOKE ALL ON FUNCTION private.run_lifecycle_calendar() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.run_lifecycle_calendar() FROM PUBLIC;
