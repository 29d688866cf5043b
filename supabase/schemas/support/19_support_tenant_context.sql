-- The tenant context panel beside every ticket (support.read), in one call: lifecycle status and
-- health, plan and entitlements, open invoices and dunning, recent and stuck orders, recent audit actions on
-- the tenant, workflow versions, catalog release, recent client errors and the tenant's other tickets. Lists are short
-- (the latest 10) so the panel stays one round trip.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.support_tenant_context, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.support_tenant_context(tenant_id uuid) returns jsonb
    language sql stable
    set search_path to ''
    as $$ select private.support_tenant_context(tenant_id) $$;

create function private.support_tenant_context(tenant_id uuid) returns jsonb
    language plpgsql stable security definer
    set search_path to ''
    as $$
declare
  t public.tenants;
begin
  perform private.assert_permission('support.read');
  select * into t from public.tenants x where x.id = support_tenant_context.tenant_id;
  if t.id is null then
    perform private.fail('support.unknown_tenant', 'no such tenant');
  end if;
  return jsonb_build_object(
    'tenant', jsonb_build_object('id', t.id, 'slug', t.slug, 'name', t.name, 'status', t.status, 'status_changed_at', t.status_changed_at,
      'trial_ends_at', t.trial_ends_at, 'country', t.country, 'region', t.region, 'timezone', t.timezone, 'locale', t.default_locale),
    'health', (select jsonb_build_object('score', h.score, 'signals', h.signals, 'computed_at', h.computed_at)
               from public.tenant_health h where h.tenant_id = t.id),
    'plan', (select jsonb_build_object('code', p.code, 'version', p.version, 'name', p.name, 'billing_interval', tp.billing_interval,
                                       'current_period_end', tp.current_period_end, 'pending_plan_id', tp.pending_plan_id,
                                       'pending_effective_at', tp.pending_effective_at)
             from public.tenant_plans tp join public.plans p on p.id = tp.plan_id where tp.tenant_id = t.id),
    'entitlements', private.current_entitlements(t.id),
    'open_invoices', coalesce((select jsonb_agg(jsonb_build_object('id', i.id, 'number', i.number, 'total', i.total, 'amount_due', i.amount_due,
                                                                  'currency', i.currency, 'due_date', i.due_date) order by i.due_date nulls last)
                               from (select * from public.invoices i where i.tenant_id = t.id and i.status = 'open'
                                     order by i.due_date nulls last limit 10) i), '[]'),
    'dunning', coalesce((select jsonb_agg(jsonb_build_object('id', d.id, 'invoice_id', d.invoice_id, 'stage', d.stage,
                                                             'retries_done', d.retries_done, 'next_action', d.next_action,
                                                             'next_action_at', d.next_action_at, 'opened_at', d.opened_at))
                         from public.dunning_cases d where d.tenant_id = t.id and d.closed_at is null), '[]'),
    'recent_orders', coalesce((select jsonb_agg(jsonb_build_object('id', o.id, 'number', o.number, 'stage', o.current_stage,
                                                                  'stage_entered_at', o.stage_entered_at, 'amount_total', o.amount_total,
                                                                  'currency', o.currency, 'paid', o.paid, 'created_at', o.created_at)
                                                order by o.created_at desc)
                               from (select * from public.orders o where o.tenant_id = t.id order by o.created_at desc limit 10) o), '[]'),
    -- stuck: past its stage's SLA (the rule of private.stuck_orders, which needs workflows.read;
    -- support readers see the tenant's worst 10 here)
    'stuck_orders', coalesce((select jsonb_agg(jsonb_build_object('id', x.id, 'number', x.number, 'stage', x.current_stage,
                                                                 'stage_entered_at', x.stage_entered_at, 'sla_minutes', x.sla_minutes,
                                                                 'overdue_minutes', x.overdue_minutes) order by x.overdue_minutes desc)
                              from (select o.id, o.number, o.current_stage, o.stage_entered_at, (st ->> 'sla_minutes')::int as sla_minutes,
                                           round((extract(epoch from (private.now() - o.stage_entered_at)) / 60 - (st ->> 'sla_minutes')::int)::numeric, 1) as overdue_minutes
                                    from public.orders o
                                    join public.workflow_versions v on v.id = o.version_id
                                    cross join lateral (select e from jsonb_array_elements(v.definition -> 'stages') e
                                                        where e ->> 'code' = o.current_stage) z(st)
                                    where o.tenant_id = t.id and st ->> 'kind' <> 'terminal' and (st ->> 'sla_minutes') is not null
                                      and o.stage_entered_at + make_interval(mins => (st ->> 'sla_minutes')::int) < private.now()
                                    order by 6 desc limit 10) x), '[]'),
    'recent_audit', coalesce((select jsonb_agg(jsonb_build_object('occurred_at', l.occurred_at, 'action', l.action, 'entity_type', l.entity_type,
                                                                 'entity_id', l.entity_id, 'actor_role', l.actor_role) order by l.seq desc)
                              from (select * from audit.log l where l.tenant_id = t.id order by l.seq desc limit 10) l), '[]'),
    'workflows', coalesce((select jsonb_agg(jsonb_build_object('template', wt.code, 'version', wv.version, 'upgraded_at', tw.upgraded_at,
                                                               'conflicts', jsonb_array_length(tw.conflicts)) order by wt.code)
                           from public.tenant_workflows tw join public.workflow_templates wt on wt.id = tw.template_id
                           join public.workflow_versions wv on wv.id = tw.version_id where tw.tenant_id = t.id), '[]'),
    'catalog', (select jsonb_build_object('release_no', c.release_no, 'status', c.status, 'pinned', c.pinned, 'conflicts', c.conflicts,
                                          'synced_at', c.synced_at)
                from public.tenant_catalog_state c where c.tenant_id = t.id),
    'recent_client_errors', coalesce((select jsonb_agg(jsonb_build_object('id', e.id, 'app', e.app, 'message', e.message, 'url', e.url,
                                                                         'ticket_id', e.ticket_id, 'occurred_at', e.occurred_at) order by e.id desc)
                                      from (select * from public.support_client_errors e where e.tenant_id = t.id
                                            order by e.occurred_at desc limit 10) e), '[]'),
    'tickets', coalesce((select jsonb_agg(jsonb_build_object('id', s.id, 'subject', s.subject, 'status', s.status, 'priority', s.priority,
                                                             'created_at', s.created_at) order by s.id desc)
                         from (select * from public.support_tickets s where s.tenant_id = t.id order by s.id desc limit 10) s), '[]'));
end
$$;

revoke all on function public.support_tenant_context(uuid) from public, anon, authenticated, service_role;
grant execute on function public.support_tenant_context(uuid) to authenticated, service_role;
comment on function public.support_tenant_context(uuid) is
  'The tenant context panel of a ticket (support.read): status and health, plan and entitlements, open invoices and dunning, recent and stuck orders, audit actions, workflow versions, catalog release, recent client errors and tickets.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.support_tenant_context(uuid) from public, anon, authenticated, service_role;
grant execute on function private.support_tenant_context(uuid) to authenticated, service_role;
