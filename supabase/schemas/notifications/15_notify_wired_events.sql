-- Messages of other capabilities' state changes that notifications owns the reaction to.

-- The welcome message when a tenant is activated (once per tenant: the event key is fixed).
create function private.notify_tenant_welcome(t public.tenants, from_status text, action text) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
begin
  if action = 'activate' then
    perform private.notify('tenant.welcome', t.id, 'activate', '{}');
  end if;
end
$$;

revoke all on function private.notify_tenant_welcome(public.tenants, text, text) from public, anon, authenticated, service_role;

insert into private.tenant_status_handlers (handler, capability, statuses, run_order, description) values
  ('private.notify_tenant_welcome', 'notifications', array['active'], 200,
   'writes the welcome message (tenant.welcome) of a tenant activated from approved or trial');

-- A trial reminder recorded by the lifecycle calendar (tenants/17) becomes the trial.ending
-- messages in the same transaction, and is marked sent.
create function private.notify_trial_reminder(reminder_id bigint) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  r public.tenant_reminders;
  v_tz text;
begin
  select * into r from public.tenant_reminders x where x.id = reminder_id and x.sent_at is null for update;
  if r.id is null then
    return;
  end if;
  select t.timezone into v_tz from public.tenants t where t.id = r.tenant_id;
  perform private.notify('trial.ending', r.tenant_id, format('%s:%s', r.trial_ends_at, r.days_before),
    jsonb_build_object('days', r.days_before::text,
                       'trial_ends_on', to_char(r.trial_ends_at at time zone coalesce(v_tz, 'UTC'), 'YYYY-MM-DD')));
  update public.tenant_reminders x set sent_at = private.now() where x.id = r.id;
end
$$;

revoke all on function private.notify_trial_reminder(bigint) from public, anon, authenticated, service_role;
