-- No state oracles (issue 12 §2): the caller's right is checked before the target is read, locked
-- or validated, so a caller without the right gets one answer whether the target exists or not
-- and whatever its state. supabase/tests/oracles.test.sql walks every exposed function to prove it.

-- The tenant lifecycle: an action needs one permission whatever the tenant's status, so it is
-- asserted first; only then is the tenant locked and its status compared with the state machine.
create or replace function private.transition_tenant(tenant_id uuid, action text, reason text, trial_days int default null)
returns public.tenants
language plpgsql
security definer
set search_path = ''
as $$
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
    raise exception using errcode = '22023', message = format('unknown lifecycle action %L', transition_tenant.action),
      detail = 'tenant.unknown_action', hint = 'submit, reject, approve, start_trial, activate, enter_grace, suspend, freeze, reactivate, archive or churn';
  end if;
  -- 2. the input alone
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if coalesce(trim(reason), '') = '' and transition_tenant.action not in ('submit', 'approve', 'activate', 'start_trial') then
    raise exception using errcode = '22023', message = 'a reason is required for this change',
      detail = 'tenant.reason_required', hint = format('say why the tenant should %s', transition_tenant.action);
  end if;
  if trial_days is not null and (transition_tenant.action <> 'start_trial' or trial_days not between 1 and 365) then
    raise exception using errcode = '22023', message = 'trial days apply to start_trial only, between 1 and 365',
      detail = 'tenant.invalid_trial_days';
  end if;
  -- 3. the target: lock, then its state
  select * into before_row from public.tenants t where t.id = transition_tenant.tenant_id for update;
  if before_row.id is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found';
  end if;
  select * into rule from public.tenant_lifecycle_transitions r
  where r.action = transition_tenant.action and r.from_status = before_row.status;
  if rule.action is null then
    raise exception using errcode = 'PT409',
      message = format('cannot %s a tenant that is %s', replace(transition_tenant.action, '_', ' '), before_row.status),
      detail = 'tenant.illegal_transition',
      hint = coalesce('allowed: ' || (select string_agg(r.action || ' → ' || r.to_status, ', ' order by r.action)
                                      from public.tenant_lifecycle_transitions r where r.from_status = before_row.status),
                      'no transitions leave this status');
  end if;
  select * into settings from public.tenant_lifecycle_settings;
  if transition_tenant.action = 'submit' and coalesce(before_row.contact ->> 'email', '') = '' then
    raise exception using errcode = '22023', message = 'a tenant needs a contact email before approval',
      detail = 'tenant.contact_required', hint = 'set contact.email';
  end if;
  if transition_tenant.action = 'churn' and before_row.status_changed_at > private.now() - make_interval(days => settings.churn_after_days) then
    raise exception using errcode = 'PT409', message = 'the tenant has not been archived long enough to churn',
      detail = 'tenant.retention_not_elapsed',
      hint = format('churn is possible from %s', before_row.status_changed_at + make_interval(days => settings.churn_after_days));
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
  perform private.after_tenant_status_change(after_row, before_row.status, transition_tenant.action);
  return after_row;
end
$$;
revoke execute on function private.transition_tenant(uuid, text, text, int) from public, anon;

-- Saved payment methods: who could change any method at all is asserted first; the method is then
-- looked up (and locked) only among the ones the caller may change, so another tenant's method and
-- a missing one give the same 404.
create or replace function private.payment_method_for_change(method_id uuid)
returns public.payment_methods
language plpgsql
security definer
set search_path = ''
as $$
declare
  m public.payment_methods;
  v_staff boolean := private.is_trusted_caller() or private.has_permission('billing.write');
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    perform private.billing_fail('PT401', 'not_signed_in', 'sign in first', 'send a valid access token');
  end if;
  if not v_staff and not exists (select from private.my_tenant_ids_with_role(array['owner', 'admin'])) then
    perform private.billing_fail('PT403', 'forbidden', 'only the tenant''s owner or admin, or billing staff, may change its payment methods',
      'sign in as the tenant owner');
  end if;
  select * into m from public.payment_methods x
  where x.id = payment_method_for_change.method_id
    and (v_staff or x.tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin'])))
  for update;
  if m.id is null then
    perform private.billing_fail('PT404', 'payment_method_not_found', 'no such payment method', 'check the payment method id');
  end if;
  -- one default per tenant: serialise with the apply job's saves
  perform pg_advisory_xact_lock(hashtext('billing.payment_methods:' || m.tenant_id::text));
  return m;
end
$$;
revoke execute on function private.payment_method_for_change(uuid) from public, anon, authenticated;

-- Orders: the caller's reach decides which orders are read and locked at all.
create or replace function public.transition_order(order_id uuid, to_stage text, note text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  o public.orders;
  def jsonb;
  tr jsonb;
  from_stage jsonb;
  v_role text;
  v_allowed text;
  v_missing text[] := '{}';
  v_guard text;
  v_checker text;
  v_msg text;
  v_now timestamptz := private.now();
  v_duration numeric;
  v_sla int;
begin
  if note is not null and length(note) > 2000 then
    raise exception using errcode = '22023', message = 'a transition note is at most 2000 characters',
      detail = 'workflow.note_too_long', hint = 'shorten the note';
  end if;
  -- The row lock: a second transition of the same order waits here, then sees the new stage. Only
  -- orders of tenants the caller reaches are read and locked: another tenant's order answers like
  -- a missing one, and a caller without the right never waits on its lock.
  select * into o from public.orders x
  where x.id = transition_order.order_id
    and (private.is_trusted_caller()
         or x.tenant_id in (select private.my_tenant_ids())
         or x.tenant_id in (select private.impersonated_tenant_ids(false)))
  for update;
  v_role := case when found then private.order_actor_role(o.tenant_id) end;
  if v_role is null then
    if found and o.tenant_id in (select private.impersonated_tenant_ids(false)) then
      raise exception using errcode = 'PT403', message = 'a read-only impersonation cannot move orders',
        detail = 'workflow.read_only', hint = 'start a full impersonation';
    end if;
    raise exception using errcode = 'PT404', message = 'no such order', detail = 'workflow.order_not_found',
      hint = 'check the order id';
  end if;
  perform private.assert_workflow_module(o.tenant_id);
  select v.definition into def from public.workflow_versions v where v.id = o.version_id;
  select t into tr from jsonb_array_elements(def -> 'transitions') t
  where t ->> 'from' = o.current_stage and t ->> 'to' = transition_order.to_stage;
  select coalesce(string_agg(t ->> 'to', ', '), 'none (the order is in a final stage)') into v_allowed
  from jsonb_array_elements(def -> 'transitions') t
  where t ->> 'from' = o.current_stage and t -> 'roles' ? v_role;
  if tr is null then
    raise exception using errcode = 'PT409',
      message = format('an order in %s cannot move to %s', o.current_stage, coalesce(to_stage, 'null')),
      detail = 'workflow.illegal_transition', hint = format('allowed next stages: %s', v_allowed);
  end if;
  if not (tr -> 'roles' ? v_role) then
    raise exception using errcode = 'PT403',
      message = format('a tenant %s may not move an order from %s to %s', v_role, o.current_stage, to_stage),
      detail = 'workflow.role_not_allowed',
      hint = format('allowed roles: %s; your allowed next stages: %s',
                    (select string_agg(r, ', ') from jsonb_array_elements_text(tr -> 'roles') r), v_allowed);
  end if;
  for v_guard in select jsonb_array_elements_text(coalesce(tr -> 'guards', '[]')) loop
    select g.checker into v_checker from public.workflow_guards g where g.key = v_guard;
    if v_checker is null then
      v_missing := v_missing || format('%s (unknown guard)', v_guard);
      continue;
    end if;
    execute format('select %s($1, $2)', v_checker) into v_msg using o, note;
    if v_msg is not null then
      v_missing := v_missing || format('%s: %s', v_guard, v_msg);
    end if;
  end loop;
  if cardinality(v_missing) > 0 then
    raise exception using errcode = 'PT409',
      message = format('cannot move to %s yet: %s', to_stage, array_to_string(v_missing, '; ')),
      detail = 'workflow.guard_failed',
      hint = format('missing: %s; allowed next stages: %s', array_to_string(v_missing, '; '), v_allowed);
  end if;

  select s into from_stage from jsonb_array_elements(def -> 'stages') s where s ->> 'code' = o.current_stage;
  v_sla := (from_stage ->> 'sla_minutes')::int;
  v_duration := round(extract(epoch from (v_now - o.stage_entered_at))::numeric, 3);
  update public.orders x set current_stage = transition_order.to_stage, stage_entered_at = v_now
  where x.id = o.id;
  insert into public.order_transitions (order_id, tenant_id, template_id, version_id, from_stage, to_stage, actor_id, actor_role,
                                        impersonation_id, at, duration_seconds, sla_minutes, sla_breached, note)
  values (o.id, o.tenant_id, o.template_id, o.version_id, o.current_stage, to_stage, auth.uid(), v_role,
          private.current_impersonation_id(o.tenant_id), v_now, v_duration, v_sla,
          coalesce(v_duration > v_sla * 60, false), nullif(trim(note), ''));
  return jsonb_build_object('order_id', o.id, 'from', o.current_stage, 'to', to_stage, 'at', v_now,
    'duration_seconds', v_duration, 'sla_breached', coalesce(v_duration > v_sla * 60, false),
    'next', (select coalesce(jsonb_agg(t ->> 'to'), '[]') from jsonb_array_elements(def -> 'transitions') t
             where t ->> 'from' = to_stage and t -> 'roles' ? v_role));
end
$$;

revoke execute on function public.transition_order(uuid, text, text) from public, anon;
grant execute on function public.transition_order(uuid, text, text) to authenticated, service_role;
