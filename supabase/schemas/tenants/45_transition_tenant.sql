CREATE FUNCTION private.transition_tenant(tenant_id uuid, action text, reason text, trial_days integer DEFAULT NULL::integer) RETURNS public.tenants
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_row public.tenants;
  after_row public.tenants;
  rule public.tenant_lifecycle_transitions;
  settings public.tenant_lifecycle_settings;
  v_permission text;
begin
  -- 1. the caller's right (every permission the action needs in any status)
  for v_permission in select distinct r.permission from public.tenant_lifecycle_transitions r
                      where r.action = transition_tenant.action loop
    perform private.assert_permission(v_permission);
  end loop;
  if v_permission is null then
    perform private.fail('tenant.unknown_action', format('unknown lifecycle action %L', transition_tenant.action));
  end if;
  -- 2. the input alone
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if coalesce(trim(reason), '') = '' and transition_tenant.action not in ('submit', 'approve', 'activate', 'start_trial') then
    perform private.fail('tenant.reason_required', 'a reason is required for this change',
      format('say why the tenant should %s', transition_tenant.action));
  end if;
  if trial_days is not null and (transition_tenant.action <> 'start_trial' or trial_days not between 1 and 365) then
    perform private.fail('tenant.invalid_trial_days', 'trial days apply to start_trial only, between 1 and 365');
  end if;
  -- 3. the target: lock, then its state
  select * into before_row from public.tenants t where t.id = transition_tenant.tenant_id for update;
  if before_row.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  select * into rule from public.tenant_lifecycle_transitions r
  where r.action = transition_tenant.action and r.from_status = before_row.status;
  if rule.action is null then
    perform private.fail('tenant.illegal_transition', format('cannot %s a tenant that is %s', replace(transition_tenant.action, '_', ' '), before_row.status),
      coalesce('allowed: ' || (select string_agg(r.action || ' → ' || r.to_status, ', ' order by r.action)
                                      from public.tenant_lifecycle_transitions r where r.from_status = before_row.status),
                      'no transitions leave this status'));
  end if;
  select * into settings from public.tenant_lifecycle_settings;
  if transition_tenant.action = 'submit' and coalesce(before_row.contact ->> 'email', '') = '' then
    perform private.fail('tenant.contact_required', 'a tenant needs a contact email before approval');
  end if;
  if transition_tenant.action = 'churn' and before_row.status_changed_at > private.now() - make_interval(days => settings.churn_after_days) then
    perform private.fail('tenant.retention_not_elapsed', 'the tenant has not been archived long enough to churn',
      format('churn is possible from %s', before_row.status_changed_at + make_interval(days => settings.churn_after_days)));
  end if;

  update public.tenants t
  set status = rule.to_status,
      status_changed_at = private.now(),
      trial_ends_at = case when rule.to_status = 'trial'
                           then private.now() + make_interval(days => coalesce(trial_days, settings.default_trial_days))
                           when rule.to_status = 'active' then null else t.trial_ends_at end
  where t.id = before_row.id
  returning * into after_row;

  insert into public.tenant_status_history (tenant_id, from_status, to_status, action, reason, actor_id)
  values (after_row.id, before_row.status, after_row.status, transition_tenant.action, nullif(trim(reason), ''), auth.uid());
  perform audit.record('tenant.' || transition_tenant.action, 'tenant', after_row.id::text,
                       to_jsonb(before_row), to_jsonb(after_row), after_row.id, nullif(trim(reason), ''));
  perform private.emit_tenant_event('tenant.status.changed', after_row, before_row.status, transition_tenant.action, nullif(trim(reason), ''));  -- integrations
  perform private.after_tenant_status_change(after_row, before_row.status, transition_tenant.action);
  return after_row;
end
$$;

REVOKE ALL ON FUNCTION private.transition_tenant(tenant_id uuid, action text, reason text, trial_days integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.transition_tenant(tenant_id uuid, action text, reason text, trial_days integer) FROM PUBLIC;
