-- Workflow templates: the standard templates are published and valid, validation names every problem,
-- publishing makes immutable versions (only workflows.write at aal2, only valid drafts). (Tenant
-- overrides, pinning, upgrades, provisioning and RLS: overrides_and_upgrades.test.sql.)
begin;
select plan(15);

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

select * from finish();
rollback;
