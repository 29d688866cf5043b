-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.transition_order, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.transition_order(order_id uuid, to_stage text, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.transition_order(order_id, to_stage, note) $$;

CREATE FUNCTION private.transition_order(order_id uuid, to_stage text, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
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
    perform private.fail('workflow.note_too_long', 'a transition note is at most 2000 characters');
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
      perform private.fail('workflow.read_only', 'a read-only impersonation cannot move orders');
    end if;
    perform private.fail('workflow.order_not_found', 'no such order');
  end if;
  perform private.assert_not_in_maintenance(o.tenant_id);
  perform private.assert_workflow_module(o.tenant_id);
  select v.definition into def from public.workflow_versions v where v.id = o.version_id;
  select t into tr from jsonb_array_elements(def -> 'transitions') t
  where t ->> 'from' = o.current_stage and t ->> 'to' = transition_order.to_stage;
  select coalesce(string_agg(t ->> 'to', ', '), 'none (the order is in a final stage)') into v_allowed
  from jsonb_array_elements(def -> 'transitions') t
  where t ->> 'from' = o.current_stage and t -> 'roles' ? v_role;
  if tr is null then
    perform private.fail('workflow.illegal_transition', format('an order in %s cannot move to %s', o.current_stage, coalesce(to_stage, 'null')),
      format('allowed next stages: %s', v_allowed));
  end if;
  if not (tr -> 'roles' ? v_role) then
    perform private.fail('workflow.role_not_allowed', format('a tenant %s may not move an order from %s to %s', v_role, o.current_stage, to_stage),
      format('allowed roles: %s; your allowed next stages: %s',
                    (select string_agg(r, ', ') from jsonb_array_elements_text(tr -> 'roles') r), v_allowed));
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
    perform private.fail('workflow.guard_failed', format('cannot move to %s yet: %s', to_stage, array_to_string(v_missing, '; ')),
      format('missing: %s; allowed next stages: %s', array_to_string(v_missing, '; '), v_allowed));
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
  perform private.emit_order_event(o.id, o.current_stage);  -- integrations: order.stage.changed, order.ready
  return jsonb_build_object('order_id', o.id, 'from', o.current_stage, 'to', to_stage, 'at', v_now,
    'duration_seconds', v_duration, 'sla_breached', coalesce(v_duration > v_sla * 60, false),
    'next', (select coalesce(jsonb_agg(t ->> 'to'), '[]') from jsonb_array_elements(def -> 'transitions') t
             where t ->> 'from' = to_stage and t -> 'roles' ? v_role));
end
$_$;

REVOKE ALL ON FUNCTION public.transition_order(order_id uuid, to_stage text, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.transition_order(order_id uuid, to_stage text, note text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.transition_order(order_id uuid, to_stage text, note text) TO authenticated;
GRANT ALL ON FUNCTION public.transition_order(order_id uuid, to_stage text, note text) TO service_role;

COMMENT ON FUNCTION public.transition_order(order_id uuid, to_stage text, note text) IS 'Moves an order to another stage of its workflow: the caller''s right first, then the transition, the member''s role and the guards; answers the allowed next stages.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.transition_order(order_id uuid, to_stage text, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.transition_order(order_id uuid, to_stage text, note text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.transition_order(order_id uuid, to_stage text, note text) TO authenticated;
GRANT ALL ON FUNCTION private.transition_order(order_id uuid, to_stage text, note text) TO service_role;
