CREATE FUNCTION private.record_trial_reminders() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  r record;
  n int := 0;
begin
  for r in
    insert into public.tenant_reminders (tenant_id, kind, days_before, trial_ends_at, params, created_at)
    select t.id, 'trial_ends', d.days, t.trial_ends_at,
           jsonb_build_object('days', d.days, 'trial_ends_at', t.trial_ends_at, 'locale', t.default_locale), private.now()
    from public.tenants t
    cross join public.lifecycle_calendar_policy p
    cross join lateral unnest(p.trial_reminder_days) d(days)
    where t.status = 'trial' and t.trial_ends_at > private.now()
      and t.trial_ends_at - make_interval(days => d.days) <= private.now()
      -- only the nearest due count: a tenant whose trial started 2 days before its end gets "1 day", not "7"
      and not exists (select from unnest(p.trial_reminder_days) e(days)
                      where e.days < d.days and t.trial_ends_at - make_interval(days => e.days) <= private.now())
    on conflict on constraint tenant_reminders_tenant_id_kind_days_before_key do nothing
    returning tenant_reminders.tenant_id, tenant_reminders.days_before, tenant_reminders.id
  loop
    perform audit.record('tenant.trial_reminder', 'tenant', r.tenant_id::text, null,
                         jsonb_build_object('reminder_id', r.id, 'days_before', r.days_before), r.tenant_id);
    perform private.notify_trial_reminder(r.id);
    n := n + 1;
  end loop;
  return n;
end
$$;

REVOKE ALL ON FUNCTION private.record_trial_reminders() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.record_trial_reminders() FROM PUBLIC;
