-- Workflow templates: validation names every problem, publishing makes immutable versions, orders
-- stay pinned, tenant overrides are re-applied on upgrade with conflicts reported, provisioning
-- hands the published templates to a tenant, and RLS scopes every workflow table.
begin;
select plan(28);

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

-- ── the standard templates ──────────────────────────────────────────────────────────────────
select is((select array_agg(code order by code) from public.workflow_templates where latest_version >= 1
           and code in ('wash_iron', 'dry_clean', 'iron_only', 'express', 'repairs')),
          '{dry_clean,express,iron_only,repairs,wash_iron}', 'the five standard templates are published');
select is((select count(*) from public.workflow_versions v where v.tenant_id is null
           and jsonb_array_length(private.workflow_definition_errors(v.definition)) > 0), 0::bigint, 'every published version is valid');

-- ── validation: each problem reported by name ───────────────────────────────────────────────
create temp table defs (name text, def jsonb);
grant select on defs to public;
insert into defs values ('good', '{"stages": [
  {"code": "in", "name": {"en": "In"}, "kind": "start", "sla_minutes": 10},
  {"code": "work", "name": {"en": "Work"}, "kind": "normal", "optional": true},
  {"code": "done", "name": {"en": "Done"}, "kind": "terminal"}],
 "transitions": [{"from": "in", "to": "work", "roles": ["owner", "operator"]},
                  {"from": "work", "to": "done", "roles": ["owner"], "guards": ["requires_payment"]}]}');
select is(private.workflow_definition_errors((select def from defs where name = 'good')), '[]'::jsonb, 'a sound definition has no errors');
select is((select array_agg((e ->> 'code') || ':' || coalesce(e ->> 'subject', '') order by (e ->> 'code') || ':' || coalesce(e ->> 'subject', '')) from jsonb_array_elements(private.workflow_definition_errors(
            jsonb_set((select def from defs where name = 'good'), '{stages}', (select def -> 'stages' from defs where name = 'good')
                      || '[{"code": "orphan", "name": {"en": "Orphan"}, "kind": "normal"}]'))) e),
          '{workflow.dead_end:orphan,workflow.unreachable_stage:orphan}', 'an unreachable stage is named');
select is((select array_agg((e ->> 'code') || ':' || coalesce(e ->> 'subject', '') order by (e ->> 'code') || ':' || coalesce(e ->> 'subject', '')) from jsonb_array_elements(private.workflow_definition_errors(
            '{"stages": [{"code": "in", "name": {"en": "In"}, "kind": "start"}, {"code": "b", "name": {"en": "B"}, "kind": "normal"}],
              "transitions": [{"from": "in", "to": "b", "roles": ["owner"]}, {"from": "b", "to": "in", "roles": ["owner"]}]}')) e),
          '{workflow.no_terminal_stage:}', 'no terminal stage is reported');
select is((select array_agg((e ->> 'code') || ':' || coalesce(e ->> 'subject', '') order by (e ->> 'code') || ':' || coalesce(e ->> 'subject', '')) from jsonb_array_elements(private.workflow_definition_errors(
            jsonb_set((select def from defs where name = 'good'), '{transitions}', (select def -> 'transitions' from defs where name = 'good')
                      || '[{"from": "done", "to": "work", "roles": ["owner"]}]'))) e),
          '{workflow.terminal_has_exits:done}', 'a terminal stage with an outgoing transition is named');
select is((select array_agg((e ->> 'code') || ':' || coalesce(e ->> 'subject', '') order by (e ->> 'code') || ':' || coalesce(e ->> 'subject', '')) from jsonb_array_elements(private.workflow_definition_errors(
            jsonb_set((select def from defs where name = 'good'), '{transitions}', (select def -> 'transitions' from defs where name = 'good')
                      || '[{"from": "work", "to": "ghost", "roles": ["owner"]}]'))) e),
          '{workflow.dangling_transition:work→ghost}', 'a dangling transition is named');
select is((select array_agg(e ->> 'code' order by e ->> 'code') from jsonb_array_elements(private.workflow_definition_errors(
            '{"stages": [{"code": "In!", "kind": "start"}, {"code": "x", "kind": "weird", "name": {"en": "X"}, "sla_minutes": -5},
                         {"code": "x", "kind": "terminal", "name": {}}],
              "transitions": [{"from": "x", "to": "x", "roles": ["janitor"], "guards": ["requires_magic"]}]}')) e),
          '{workflow.duplicate_stage,workflow.invalid_roles,workflow.invalid_sla,workflow.invalid_stage_code,workflow.invalid_stage_kind,workflow.no_start_stage,workflow.self_transition,workflow.stage_name_required,workflow.terminal_has_exits,workflow.unknown_guard}',
          'bad codes, kinds, SLAs, names, roles and guards are each reported');
select is(private.workflow_definition_errors('"nonsense"') -> 0 ->> 'code', 'workflow.malformed', 'a non-object is malformed');

-- ── publishing ──────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'tech', 'aal2');
select public.create_workflow_template('wf_test', 'wf_test_cat', '{"en": "Test flow"}', (select def from defs where name = 'good')) as tpl \gset
select tests.clear_authentication();
select is(tests.error_of(:'support', 'aal2', format($$select public.publish_workflow_template(%L)$$, :'tpl'))
          || ' / ' || tests.error_of(:'tech', 'aal1', format($$select public.publish_workflow_template(%L)$$, :'tpl'))
          || ' / ' || tests.error_of(:'owner', 'aal1', format($$select public.publish_workflow_template(%L)$$, :'tpl')),
          'PT403 auth.permission_denied / PT403 auth.mfa_required / PT403 auth.not_staff', 'only workflows.write at aal2 publishes');
select is(tests.error_of(:'tech', 'aal2', format($$select public.save_workflow_draft(%L, %L)$$, :'tpl',
            '{"stages": [{"code": "in", "name": {"en": "In"}, "kind": "start"}], "transitions": []}')), 'ok', 'an invalid draft may be saved');
select is(tests.error_of(:'tech', 'aal2', format($$select public.publish_workflow_template(%L)$$, :'tpl')),
          '22023 workflow.invalid_definition', 'but not published');
select is(tests.last_error('{message} | {hint}'), 'the workflow has 2 problem(s): no stage has kind terminal; stage in is not terminal but has no way out | workflow.no_terminal_stage, workflow.dead_end:in', 'the refusal names the problem');
select tests.authenticate_as(:'tech', 'aal2');
select public.save_workflow_draft(:'tpl', (select def from defs where name = 'good'));
select public.publish_workflow_template(:'tpl', 'first') ->> 'version_id' as v1 \gset
select tests.clear_authentication();
select is(tests.error_of(:'tech', 'aal2', format($$select public.publish_workflow_template(%L)$$, :'tpl')),
          'PT409 workflow.nothing_to_publish', 'an unchanged draft is not published twice');
select is(tests.error_of(null, null, format($$update public.workflow_versions set note = 'x' where id = %L$$, :'v1')),
          'PT403 workflow.version_immutable', 'a published version never changes, even for the superuser');

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
