-- Workflow templates in a tenant's hands: orders stay pinned to their version, tenant overrides are
-- re-applied on upgrade with conflicts reported, provisioning hands the published templates to a
-- tenant, and RLS scopes every workflow table.
begin;
select plan(13);

select tests.create_tenant('wf-tpl-a') as a \gset
select tests.create_tenant('wf-tpl-b') as b \gset
-- As activation would: the default plan (Starter includes the workflow module).
select private.provision_entitlements(:'a'), private.provision_entitlements(:'b');
select tests.create_user('owner@wftpl.test') as owner \gset
select tests.create_user('operator@wftpl.test') as operator \gset
select tests.create_user('owner-b@wftpl.test') as owner_b \gset
select tests.create_staff('tech@wftpl.test', 'tech_admin') as tech \gset
select tests.create_staff('support@wftpl.test', 'support') as support \gset
select tests.add_member(:'a', :'owner', 'owner'), tests.add_member(:'a', :'operator', 'operator'), tests.add_member(:'b', :'owner_b', 'owner');

create temp table defs (name text, def jsonb);
grant select on defs to public;
insert into defs values ('good', '{"stages": [
  {"code": "in", "name": {"en": "In"}, "kind": "start", "sla_minutes": 10},
  {"code": "work", "name": {"en": "Work"}, "kind": "normal", "optional": true},
  {"code": "done", "name": {"en": "Done"}, "kind": "terminal"}],
 "transitions": [{"from": "in", "to": "work", "roles": ["owner", "operator"]},
                  {"from": "work", "to": "done", "roles": ["owner"], "guards": ["requires_payment"]}]}');
-- wf_test published once (templates.test.sql asserts how)
select tests.authenticate_as(:'tech', 'aal2');
select public.create_workflow_template('wf_test', 'wf_test_cat', '{"en": "Test flow"}', (select def from defs where name = 'good')) as tpl \gset
select public.publish_workflow_template(:'tpl', 'first') ->> 'version_id' as v1 \gset
select tests.clear_authentication();

-- ── overrides, pinning and upgrades ─────────────────────────────────────────────────────────
select tests.authenticate_as(:'owner');
select public.create_order(:'a', 'wf_test_cat', 'T-1', 'Pinned') ->> 'id' as o1 \gset
select public.set_tenant_workflow_override(:'a', :'tpl', '{"rename": {"in": {"en": "Reception", "ar": "الاستقبال"}},
  "sla": {"in": 45}, "disable": ["work"], "add_stages": [{"code": "inspect", "name": {"en": "Inspect"}, "kind": "normal"}],
  "add_transitions": [{"from": "in", "to": "inspect", "roles": ["owner"]}, {"from": "inspect", "to": "done", "roles": ["owner"]}]}');
select tests.clear_authentication();
select is((select jsonb_build_object('name', s -> 'name' ->> 'en', 'sla', s -> 'sla_minutes')
           from public.tenant_workflows w join public.workflow_versions v on v.id = w.version_id, jsonb_array_elements(v.definition -> 'stages') s
           where w.tenant_id = :'a' and w.template_id = :'tpl' and s ->> 'code' = 'in'),
          '{"name": "Reception", "sla": 45}', 'rename and SLA apply to the effective version');
select is((select array_agg((t ->> 'from') || '>' || (t ->> 'to') || ':' || coalesce(t ->> 'guards', '[]') order by t ->> 'from', t ->> 'to')
           from public.tenant_workflows w join public.workflow_versions v on v.id = w.version_id, jsonb_array_elements(v.definition -> 'transitions') t
           where w.tenant_id = :'a' and w.template_id = :'tpl'),
          '{"in>done:[\"requires_payment\"]","in>inspect:[]","inspect>done:[]"}', 'a disabled stage is bridged (its guards kept); added stages and transitions are in');
select is((select version_id from public.orders where id = :'o1') = (select version_id from public.tenant_workflows where tenant_id = :'a' and template_id = :'tpl'),
          false, 'the order created before the override stays on its version');
select is(tests.error_of(:'owner', 'aal1', format($$select public.transition_order(%L, 'work')$$, :'o1')), 'ok',
          'and still moves through the stage the tenant has since disabled');
select is(tests.error_of(:'operator', 'aal1', format($$select public.set_tenant_workflow_override(%L, %L, '{}')$$, :'a', :'tpl'))
          || ' / ' || tests.error_of(:'owner_b', 'aal1', format($$select public.set_tenant_workflow_override(%L, %L, '{}')$$, :'a', :'tpl'))
          || ' / ' || tests.error_of(:'owner', 'aal1', format($$select public.set_tenant_workflow_override(%L, %L, '{"colour": 1}')$$, :'a', :'tpl'))
          || ' / ' || tests.error_of(:'owner', 'aal1', format($$select public.set_tenant_workflow_override(%L, %L, '{"disable": ["in"]}')$$, :'a', :'tpl'))
          || ' / ' || tests.error_of(:'owner', 'aal1', format($$select public.set_tenant_workflow_override(%L, %L, '{"rename": {"ghost": {"en": "G"}}}')$$, :'a', :'tpl')),
          'PT403 workflow.forbidden / PT403 auth.not_staff / 22023 workflow.invalid_patch / 22023 workflow.invalid_patch / 22023 workflow.invalid_patch',
          'operators and strangers may not override; unknown keys, non-optional stages and unknown stages are refused');

-- HQ v2 drops the stage the tenant renamed: the upgrade applies the rest and reports the conflict.
select tests.authenticate_as(:'tech', 'aal2');
select public.save_workflow_draft(:'tpl', '{"stages": [
  {"code": "start2", "name": {"en": "Start"}, "kind": "start"},
  {"code": "work", "name": {"en": "Work"}, "kind": "normal", "optional": true},
  {"code": "done", "name": {"en": "Done"}, "kind": "terminal"}],
 "transitions": [{"from": "start2", "to": "work", "roles": ["owner"]}, {"from": "work", "to": "done", "roles": ["owner"]}]}');
select public.publish_workflow_template(:'tpl');
select tests.clear_authentication();
select is(tests.error_of(:'owner', 'aal1', format($$select public.upgrade_tenant_workflow(%L, %L)$$, :'a', :'tpl')),
          'PT409 workflow.override_invalid', 'an upgrade whose overrides leave an invalid workflow is refused, naming why');
select matches(tests.last_error('{message} | {hint}'), 'override.stage_removed:in.*override.transition_endpoint_missing:in→inspect.*unreachable_stage:inspect',
          'the refusal lists the conflicts and the resulting problems');
select tests.authenticate_as(:'owner');
select public.set_tenant_workflow_override(:'a', :'tpl', '{"rename": {"in": {"en": "Reception"}}, "sla": {"done": 5}}');
select public.upgrade_tenant_workflow(:'a', :'tpl') -> 'conflicts' as conflicts \gset
select tests.clear_authentication();
select is((select array_agg((c ->> 'code') || ':' || (c ->> 'subject') order by c ->> 'code') from jsonb_array_elements(:'conflicts'::jsonb) c),
          '{override.stage_removed:in}', 'the upgrade reports the renamed stage removed upstream');
select is((select (select v.version from public.workflow_versions v where v.id = w.base_version_id) || ' ' || jsonb_array_length(w.conflicts) || ' '
                  || (o.patch -> 'rename' ? 'in')::text
           from public.tenant_workflows w join public.tenant_workflow_overrides o using (tenant_id, template_id)
           where w.tenant_id = :'a' and w.template_id = :'tpl'),
          '2 1 true', 'the tenant is on v2, the conflict is stored, and the patch keeps the conflicting part');
select is((select count(*) from audit.log where action in ('workflow_template.publish', 'workflow_override.set', 'workflow.upgrade')
           and entity_id = :'tpl'), 5::bigint, 'publishing, overrides and upgrades are audited');

-- ── provisioning and RLS ────────────────────────────────────────────────────────────────────
select private.provision_workflows(:'b');
select private.provision_workflows(:'b');
select is((select count(*) from public.tenant_workflows where tenant_id = :'b'),
          (select count(*) from public.workflow_templates where latest_version > 0 and not archived), 'provisioning gives every published template, idempotently');
select tests.authenticate_as(:'owner_b');
select is((select count(*) from public.tenant_workflows where tenant_id = :'a') + (select count(*) from public.tenant_workflow_overrides where tenant_id = :'a')
          + (select count(*) from public.workflow_versions where tenant_id = :'a') + (select count(*) from public.orders where tenant_id = :'a')
          + (select count(*) from public.order_transitions where tenant_id = :'a'),
          0::bigint, 'another tenant sees none of A''s workflows, overrides, versions, orders or transitions');
select tests.authenticate_as(:'support', 'aal2');
select is((select count(*) filter (where tenant_id = :'a') || ' ' || (select count(*) from public.orders where tenant_id = :'a')
           from public.tenant_workflows), '1 0', 'workflow staff read tenant workflows, but orders only through impersonation');
select tests.clear_authentication();

select * from finish();
rollback;
