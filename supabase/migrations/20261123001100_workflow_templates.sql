-- Workflow engine (C8), part 1: templates, immutable versions, validation, tenant overrides,
-- upgrades and the provisioning step.
--
-- A workflow definition is one jsonb document, so that a version is a single immutable row, two
-- versions diff as documents, and an override is a patch applied to a document:
--   {"stages": [{"code", "name": {"en","ar"}, "kind": "start|normal|terminal", "sla_minutes", "colour",
--                "icon", "optional"}],
--    "transitions": [{"from", "to", "label": {"en","ar"}, "guards": [guard keys], "roles": [tenant roles]}]}
-- HQ versions have tenant_id null; a tenant's effective version (template version + its patch) is a
-- workflow_versions row with its tenant_id, and orders pin to that row.

-- ── the module gate ─────────────────────────────────────────────────────────────────────────

-- The one place that decides whether a tenant may use workflows: a working lifecycle state and
-- an effective entitlement set (plan, add-ons, grants, revocations) that includes module.workflow.
create function private.assert_workflow_module(tenant_id uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_status text;
begin
  select t.status into v_status from public.tenants t where t.id = assert_workflow_module.tenant_id;
  if v_status is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found',
      hint = 'check the tenant id';
  end if;
  if v_status not in ('trial', 'active', 'grace') then
    raise exception using errcode = 'PT403', message = format('workflows are not available to a %s tenant', v_status),
      detail = 'workflow.module_unavailable', hint = 'the tenant must be in trial, active or grace';
  end if;
  -- The plan (with add-ons, grants and revocations) must include the module.
  if not public.has_feature(assert_workflow_module.tenant_id, 'module.workflow') then
    raise exception using errcode = 'PT403', message = 'the tenant''s plan does not include workflows',
      detail = 'workflow.module_unavailable', hint = 'upgrade the plan, or grant module.workflow';
  end if;
end
$$;

-- ── tables ──────────────────────────────────────────────────────────────────────────────────

create table public.workflow_templates (
  id uuid primary key default extensions.gen_random_uuid(),
  code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  -- one HQ template per service category; orders find their workflow through their category
  service_category text not null unique check (service_category ~ '^[a-z][a-z0-9_]{1,39}$'),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  -- the editable draft; publishing copies it into an immutable version
  draft jsonb not null,
  latest_version int not null default 0,
  archived boolean not null default false,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index workflow_templates_created_by_idx on public.workflow_templates (created_by);

create table public.workflow_versions (
  id uuid primary key default extensions.gen_random_uuid(),
  template_id uuid not null references public.workflow_templates (id) on delete cascade,
  -- null: an HQ published version; set: that tenant's effective version
  tenant_id uuid references public.tenants (id) on delete cascade,
  version int not null check (version >= 1),
  -- for an effective version: the HQ version it was built from
  base_version_id uuid references public.workflow_versions (id),
  definition jsonb not null,
  patch jsonb,
  conflicts jsonb not null default '[]',
  note text,
  published_by uuid references auth.users (id) on delete set null,
  published_at timestamptz not null default now(),
  check ((tenant_id is null) = (base_version_id is null))
);
create unique index workflow_versions_hq_key on public.workflow_versions (template_id, version) where tenant_id is null;
create unique index workflow_versions_tenant_key on public.workflow_versions (tenant_id, template_id, version) where tenant_id is not null;
create index workflow_versions_base_idx on public.workflow_versions (base_version_id);
create index workflow_versions_published_by_idx on public.workflow_versions (published_by);

-- A tenant's adjustments to one template, stored as a patch and re-applied on every upgrade:
-- {"rename": {stage: {"en","ar"}}, "sla": {stage: minutes}, "disable": [stage],
--  "add_stages": [stage], "add_transitions": [transition]}
create table public.tenant_workflow_overrides (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  template_id uuid not null references public.workflow_templates (id) on delete cascade,
  patch jsonb not null default '{}' check (jsonb_typeof(patch) = 'object'),
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, template_id)
);
create index tenant_workflow_overrides_template_idx on public.tenant_workflow_overrides (template_id);
create index tenant_workflow_overrides_updated_by_idx on public.tenant_workflow_overrides (updated_by);

-- Which effective version new orders of a tenant use, per template.
create table public.tenant_workflows (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  template_id uuid not null references public.workflow_templates (id) on delete cascade,
  version_id uuid not null references public.workflow_versions (id),
  base_version_id uuid not null references public.workflow_versions (id),
  conflicts jsonb not null default '[]',
  upgraded_at timestamptz not null default now(),
  primary key (tenant_id, template_id)
);
create index tenant_workflows_template_idx on public.tenant_workflows (template_id);
create index tenant_workflows_version_idx on public.tenant_workflows (version_id);
create index tenant_workflows_base_idx on public.tenant_workflows (base_version_id);

-- Guard registry: a guard is a function(order public.orders, note text) returning null when it holds,
-- else what is missing. The orders migration registers the first five; other issues add more.
create table public.workflow_guards (
  key text primary key check (key ~ '^[a-z][a-z0-9_]{1,59}$'),
  name jsonb not null check (name ? 'en'),
  description jsonb not null default '{}',
  checker text not null
);

-- Versions are immutable: an order pinned to one must always find it as it was.
create function private.workflow_versions_immutable()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'PT403', message = 'published workflow versions cannot be changed',
    detail = 'workflow.version_immutable', hint = 'edit the draft and publish a new version';
end
$$;
create trigger workflow_versions_immutable before update on public.workflow_versions
  for each row execute function private.workflow_versions_immutable();

-- ── RLS ─────────────────────────────────────────────────────────────────────────────────────

alter table public.workflow_templates enable row level security;
alter table public.workflow_versions enable row level security;
alter table public.tenant_workflow_overrides enable row level security;
alter table public.tenant_workflows enable row level security;
alter table public.workflow_guards enable row level security;
revoke all on public.workflow_templates, public.workflow_versions, public.tenant_workflow_overrides,
  public.tenant_workflows, public.workflow_guards from anon;
revoke insert, update, delete, truncate on public.workflow_templates, public.workflow_versions,
  public.tenant_workflow_overrides, public.tenant_workflows, public.workflow_guards from authenticated;

-- HQ templates and versions: workflow staff, and any tenant user (their apps render the stages).
create policy "workflow staff and tenant users read templates" on public.workflow_templates for select to authenticated
  using ((select private.has_permission('workflows.read'))
         or exists (select from private.my_tenant_ids())
         or exists (select from private.impersonated_tenant_ids(false)));
create policy "versions: HQ ones like templates, effective ones like tenant data" on public.workflow_versions
  for select to authenticated
  using ((select private.has_permission('workflows.read'))
         or (tenant_id is null and (exists (select from private.my_tenant_ids())
                                    or exists (select from private.impersonated_tenant_ids(false))))
         or tenant_id in (select private.my_tenant_ids())
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "overrides follow tenant visibility" on public.tenant_workflow_overrides for select to authenticated
  using ((select private.has_permission('workflows.read'))
         or tenant_id in (select private.my_tenant_ids())
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "tenant workflows follow tenant visibility" on public.tenant_workflows for select to authenticated
  using ((select private.has_permission('workflows.read'))
         or tenant_id in (select private.my_tenant_ids())
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "anyone signed in reads the guard registry" on public.workflow_guards for select to authenticated
  using (true);

-- ── validation ──────────────────────────────────────────────────────────────────────────────

-- Every problem of a definition, one row each, named: {"code", "subject", "message"}. Empty = valid.
create function private.workflow_definition_errors(definition jsonb)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  errs jsonb := '[]';
  s jsonb;
  t jsonb;
  codes text[] := '{}';
  terminal text[] := '{}';
  starts text[] := '{}';
  seen_pairs text[] := '{}';
  pair text;
  g text;
  r text;
  reachable text[];
  c text;
begin
  if definition is null or jsonb_typeof(definition) <> 'object'
     or jsonb_typeof(definition -> 'stages') is distinct from 'array'
     or jsonb_typeof(definition -> 'transitions') is distinct from 'array' then
    return jsonb_build_array(jsonb_build_object('code', 'workflow.malformed', 'subject', null,
      'message', 'a definition is an object with a "stages" array and a "transitions" array'));
  end if;

  for s in select * from jsonb_array_elements(definition -> 'stages') loop
    c := s ->> 'code';
    if jsonb_typeof(s) <> 'object' or c is null or c !~ '^[a-z][a-z0-9_]{0,39}$' then
      errs := errs || jsonb_build_object('code', 'workflow.invalid_stage_code', 'subject', coalesce(c, s::text),
        'message', format('stage code %s must be lower-case letters, digits and _', coalesce(c, s::text)));
      continue;
    end if;
    if c = any (codes) then
      errs := errs || jsonb_build_object('code', 'workflow.duplicate_stage', 'subject', c, 'message', format('stage %s appears twice', c));
    end if;
    codes := codes || c;
    if jsonb_typeof(s -> 'name') is distinct from 'object' or coalesce(trim(s -> 'name' ->> 'en'), '') = '' then
      errs := errs || jsonb_build_object('code', 'workflow.stage_name_required', 'subject', c, 'message', format('stage %s needs an English name', c));
    end if;
    if coalesce(s ->> 'kind', '') not in ('start', 'normal', 'terminal') then
      errs := errs || jsonb_build_object('code', 'workflow.invalid_stage_kind', 'subject', c,
        'message', format('stage %s: kind must be start, normal or terminal', c));
    elsif s ->> 'kind' = 'terminal' then terminal := terminal || c;
    elsif s ->> 'kind' = 'start' then starts := starts || c;
    end if;
    if s ? 'sla_minutes' and jsonb_typeof(s -> 'sla_minutes') <> 'null'
       and (jsonb_typeof(s -> 'sla_minutes') <> 'number' or (s ->> 'sla_minutes') !~ '^[0-9]+$'
            or (s ->> 'sla_minutes')::numeric not between 1 and 525600) then
      errs := errs || jsonb_build_object('code', 'workflow.invalid_sla', 'subject', c,
        'message', format('stage %s: SLA minutes must be a whole number from 1 to 525600', c));
    end if;
  end loop;

  if cardinality(starts) = 0 then
    errs := errs || jsonb_build_object('code', 'workflow.no_start_stage', 'subject', null, 'message', 'no stage has kind start');
  elsif cardinality(starts) > 1 then
    errs := errs || jsonb_build_object('code', 'workflow.multiple_start_stages', 'subject', array_to_string(starts, ', '),
      'message', format('only one start stage is allowed: %s', array_to_string(starts, ', ')));
  end if;
  if cardinality(terminal) = 0 then
    errs := errs || jsonb_build_object('code', 'workflow.no_terminal_stage', 'subject', null, 'message', 'no stage has kind terminal');
  end if;

  for t in select * from jsonb_array_elements(definition -> 'transitions') loop
    pair := coalesce(t ->> 'from', '?') || '→' || coalesce(t ->> 'to', '?');
    if jsonb_typeof(t) <> 'object' or not (t ->> 'from' = any (codes)) or not (t ->> 'to' = any (codes)) then
      errs := errs || jsonb_build_object('code', 'workflow.dangling_transition', 'subject', pair,
        'message', format('transition %s names a stage that does not exist', pair));
      continue;
    end if;
    if t ->> 'from' = t ->> 'to' then
      errs := errs || jsonb_build_object('code', 'workflow.self_transition', 'subject', pair, 'message', format('transition %s goes nowhere', pair));
    end if;
    if pair = any (seen_pairs) then
      errs := errs || jsonb_build_object('code', 'workflow.duplicate_transition', 'subject', pair, 'message', format('transition %s appears twice', pair));
    end if;
    seen_pairs := seen_pairs || pair;
    if t ->> 'from' = any (terminal) then
      errs := errs || jsonb_build_object('code', 'workflow.terminal_has_exits', 'subject', t ->> 'from',
        'message', format('terminal stage %s has an outgoing transition (%s)', t ->> 'from', pair));
    end if;
    if t ? 'guards' and jsonb_typeof(t -> 'guards') <> 'array' then
      errs := errs || jsonb_build_object('code', 'workflow.unknown_guard', 'subject', pair, 'message', format('transition %s: guards must be an array', pair));
    else
      for g in select jsonb_array_elements_text(coalesce(t -> 'guards', '[]')) loop
        if not exists (select from public.workflow_guards w where w.key = g) then
          errs := errs || jsonb_build_object('code', 'workflow.unknown_guard', 'subject', pair,
            'message', format('transition %s: unknown guard %s', pair, g));
        end if;
      end loop;
    end if;
    if jsonb_typeof(t -> 'roles') is distinct from 'array' or jsonb_array_length(t -> 'roles') = 0 then
      errs := errs || jsonb_build_object('code', 'workflow.invalid_roles', 'subject', pair,
        'message', format('transition %s needs a non-empty roles array', pair));
    else
      for r in select jsonb_array_elements_text(t -> 'roles') loop
        if r not in ('owner', 'admin', 'operator', 'viewer') then
          errs := errs || jsonb_build_object('code', 'workflow.invalid_roles', 'subject', pair,
            'message', format('transition %s: unknown role %s', pair, r));
        end if;
      end loop;
    end if;
  end loop;

  -- Reachability from the start stage over the well-formed transitions.
  if cardinality(starts) = 1 then
    with recursive edges as (
      select e ->> 'from' as f, e ->> 'to' as t from jsonb_array_elements(definition -> 'transitions') e
      where jsonb_typeof(e) = 'object'
    ), walk(code) as (
      select starts[1]
      union
      select e.t from walk w join edges e on e.f = w.code
    )
    select array_agg(code) into reachable from walk;
    for c in select unnest(codes) except select unnest(reachable) loop
      errs := errs || jsonb_build_object('code', 'workflow.unreachable_stage', 'subject', c,
        'message', format('stage %s cannot be reached from the start stage %s', c, starts[1]));
    end loop;
  end if;
  -- A non-terminal stage without an exit would strand every order that reaches it.
  for c in select unnest(codes) except select unnest(terminal)
           except select e ->> 'from' from jsonb_array_elements(definition -> 'transitions') e where jsonb_typeof(e) = 'object' loop
    errs := errs || jsonb_build_object('code', 'workflow.dead_end', 'subject', c,
      'message', format('stage %s is not terminal but has no way out', c));
  end loop;
  return errs;
end
$$;

-- Raises 22023 workflow.invalid_definition naming every problem (hint), or returns quietly.
create function private.assert_valid_workflow(definition jsonb)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  errs jsonb := private.workflow_definition_errors(definition);
begin
  if jsonb_array_length(errs) > 0 then
    raise exception using errcode = '22023',
      message = format('the workflow has %s problem(s): %s', jsonb_array_length(errs),
                       (select string_agg(e ->> 'message', '; ') from jsonb_array_elements(errs) e)),
      detail = 'workflow.invalid_definition',
      hint = (select string_agg(e ->> 'code' || coalesce(':' || (e ->> 'subject'), ''), ', ') from jsonb_array_elements(errs) e);
  end if;
end
$$;

-- For the console's editor: the problems of a definition, without saving anything.
create function public.validate_workflow(definition jsonb)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_permission('workflows.read');
  return private.workflow_definition_errors(definition);
end
$$;

-- ── templates, drafts, publishing ───────────────────────────────────────────────────────────

create function public.create_workflow_template(code text, service_category text, name jsonb, draft jsonb,
                                                description jsonb default '{}')
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform private.assert_permission('workflows.write');
  if code is null or code !~ '^[a-z][a-z0-9_]{1,39}$' or service_category is null or service_category !~ '^[a-z][a-z0-9_]{1,39}$' then
    raise exception using errcode = '22023', message = 'template code and service category are lower-case codes (2-40 characters)',
      detail = 'workflow.invalid_code', hint = 'e.g. wash_iron';
  end if;
  if name is null or jsonb_typeof(name) <> 'object' or coalesce(trim(name ->> 'en'), '') = '' then
    raise exception using errcode = '22023', message = 'a template needs an English name', detail = 'workflow.name_required',
      hint = 'name: {"en": "...", "ar": "..."}';
  end if;
  if draft is null or jsonb_typeof(draft) <> 'object' then
    raise exception using errcode = '22023', message = 'a draft is a workflow definition object', detail = 'workflow.malformed',
      hint = 'send {"stages": [...], "transitions": [...]}';
  end if;
  if exists (select from public.workflow_templates t where t.code = create_workflow_template.code
             or t.service_category = create_workflow_template.service_category) then
    raise exception using errcode = 'PT409', message = 'a template with this code or service category exists',
      detail = 'workflow.template_exists', hint = 'edit that template instead';
  end if;
  insert into public.workflow_templates (code, service_category, name, description, draft, created_by)
  values (code, service_category, name, coalesce(description, '{}'), draft, auth.uid())
  returning id into v_id;
  perform audit.record('workflow_template.create', 'workflow_template', v_id::text, null,
                       jsonb_build_object('code', code, 'service_category', service_category, 'name', name));
  return v_id;
end
$$;

-- Drafts are editable and may be invalid while being edited; publishing is where validity counts.
create function public.save_workflow_draft(template_id uuid, draft jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before jsonb;
begin
  perform private.assert_permission('workflows.write');
  if draft is null or jsonb_typeof(draft) <> 'object' then
    raise exception using errcode = '22023', message = 'a draft is a workflow definition object', detail = 'workflow.malformed',
      hint = 'send {"stages": [...], "transitions": [...]}';
  end if;
  select t.draft into v_before from public.workflow_templates t where t.id = save_workflow_draft.template_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'no such workflow template', detail = 'workflow.template_not_found',
      hint = 'check the template id';
  end if;
  update public.workflow_templates t set draft = save_workflow_draft.draft, updated_at = now()
  where t.id = save_workflow_draft.template_id;
  perform audit.record('workflow_template.save_draft', 'workflow_template', template_id::text, v_before, draft);
  -- the editor shows these on the graph
  return private.workflow_definition_errors(draft);
end
$$;

create function public.publish_workflow_template(template_id uuid, note text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  tpl public.workflow_templates;
  v_id uuid;
  v_latest jsonb;
begin
  perform private.assert_permission('workflows.write');
  select * into tpl from public.workflow_templates t where t.id = publish_workflow_template.template_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'no such workflow template', detail = 'workflow.template_not_found',
      hint = 'check the template id';
  end if;
  perform private.assert_valid_workflow(tpl.draft);
  select v.definition into v_latest from public.workflow_versions v
  where v.template_id = tpl.id and v.tenant_id is null and v.version = tpl.latest_version;
  if v_latest is not distinct from tpl.draft then
    raise exception using errcode = 'PT409', message = 'the draft is the same as the latest version',
      detail = 'workflow.nothing_to_publish', hint = format('version %s is current', tpl.latest_version);
  end if;
  insert into public.workflow_versions (template_id, version, definition, note, published_by)
  values (tpl.id, tpl.latest_version + 1, tpl.draft, note, auth.uid())
  returning id into v_id;
  update public.workflow_templates t set latest_version = tpl.latest_version + 1, updated_at = now() where t.id = tpl.id;
  perform audit.record('workflow_template.publish', 'workflow_template', tpl.id::text, null,
                       jsonb_build_object('version', tpl.latest_version + 1, 'version_id', v_id, 'note', note));
  return jsonb_build_object('version_id', v_id, 'version', tpl.latest_version + 1);
end
$$;

-- ── overrides: applying a patch ─────────────────────────────────────────────────────────────

-- Applies a tenant's patch to a definition. What cannot apply (the upstream changed under it) is
-- left out of the result and reported in conflicts, never silently dropped: the patch keeps it.
create function private.apply_workflow_patch(definition jsonb, patch jsonb, out result jsonb, out conflicts jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  stages jsonb := coalesce(definition -> 'stages', '[]');
  transitions jsonb := coalesce(definition -> 'transitions', '[]');
  k text;
  v jsonb;
  st jsonb;
  tr jsonb;
  inc jsonb;
  outg jsonb;
  bridged jsonb;
begin
  conflicts := '[]';
  patch := coalesce(patch, '{}');
  -- add_stages first, so renames, SLAs and transitions may refer to them
  for st in select * from jsonb_array_elements(coalesce(patch -> 'add_stages', '[]')) loop
    if exists (select from jsonb_array_elements(stages) s where s ->> 'code' = st ->> 'code') then
      conflicts := conflicts || jsonb_build_object('code', 'override.stage_exists_upstream', 'subject', st ->> 'code',
        'message', format('the template now has its own stage %s; the added one was not applied', st ->> 'code'));
    else
      stages := stages || jsonb_build_array(st || jsonb_build_object('kind', coalesce(st ->> 'kind', 'normal'), 'added', true));
    end if;
  end loop;
  for k, v in select * from jsonb_each(coalesce(patch -> 'rename', '{}')) loop
    if not exists (select from jsonb_array_elements(stages) s where s ->> 'code' = k) then
      conflicts := conflicts || jsonb_build_object('code', 'override.stage_removed', 'subject', k,
        'message', format('stage %s was renamed but no longer exists', k));
    else
      select jsonb_agg(case when s ->> 'code' = k then jsonb_set(s, '{name}', (s -> 'name') || v) else s end order by o)
        into stages from jsonb_array_elements(stages) with ordinality x(s, o);
    end if;
  end loop;
  for k, v in select * from jsonb_each(coalesce(patch -> 'sla', '{}')) loop
    if not exists (select from jsonb_array_elements(stages) s where s ->> 'code' = k) then
      conflicts := conflicts || jsonb_build_object('code', 'override.stage_removed', 'subject', k,
        'message', format('the SLA of stage %s was changed but the stage no longer exists', k));
    else
      select jsonb_agg(case when s ->> 'code' = k then jsonb_set(s, '{sla_minutes}', v) else s end order by o)
        into stages from jsonb_array_elements(stages) with ordinality x(s, o);
    end if;
  end loop;
  for tr in select * from jsonb_array_elements(coalesce(patch -> 'add_transitions', '[]')) loop
    if not exists (select from jsonb_array_elements(stages) s where s ->> 'code' = tr ->> 'from')
       or not exists (select from jsonb_array_elements(stages) s where s ->> 'code' = tr ->> 'to') then
      conflicts := conflicts || jsonb_build_object('code', 'override.transition_endpoint_missing',
        'subject', (tr ->> 'from') || '→' || (tr ->> 'to'),
        'message', format('added transition %s→%s names a stage that no longer exists', tr ->> 'from', tr ->> 'to'));
    elsif exists (select from jsonb_array_elements(transitions) t where t ->> 'from' = tr ->> 'from' and t ->> 'to' = tr ->> 'to') then
      conflicts := conflicts || jsonb_build_object('code', 'override.transition_exists_upstream',
        'subject', (tr ->> 'from') || '→' || (tr ->> 'to'),
        'message', format('the template now has its own transition %s→%s; the added one was not applied', tr ->> 'from', tr ->> 'to'));
    else
      transitions := transitions || jsonb_build_array(tr || '{"added": true}');
    end if;
  end loop;
  -- Disabling a stage removes it and bridges every way in to every way out, so orders skip it.
  for k in select jsonb_array_elements_text(coalesce(patch -> 'disable', '[]')) loop
    select s into st from jsonb_array_elements(stages) s where s ->> 'code' = k;
    if st is null then
      conflicts := conflicts || jsonb_build_object('code', 'override.stage_removed', 'subject', k,
        'message', format('stage %s was disabled but no longer exists', k));
      continue;
    end if;
    if coalesce((st ->> 'optional')::boolean, false) is not true then
      conflicts := conflicts || jsonb_build_object('code', 'override.stage_not_optional', 'subject', k,
        'message', format('stage %s is not optional (any more) and stays enabled', k));
      continue;
    end if;
    select coalesce(jsonb_agg(t), '[]') into inc from jsonb_array_elements(transitions) t where t ->> 'to' = k;
    select coalesce(jsonb_agg(t), '[]') into outg from jsonb_array_elements(transitions) t where t ->> 'from' = k;
    select coalesce(jsonb_agg(i || jsonb_build_object('to', o ->> 'to', 'bridged', true,
             'guards', (select coalesce(jsonb_agg(distinct g), '[]')
                        from jsonb_array_elements_text(coalesce(i -> 'guards', '[]') || coalesce(o -> 'guards', '[]')) g))), '[]')
      into bridged
    from jsonb_array_elements(inc) i, jsonb_array_elements(outg) o
    where i ->> 'from' <> o ->> 'to'
      and not exists (select from jsonb_array_elements(transitions) t where t ->> 'from' = i ->> 'from' and t ->> 'to' = o ->> 'to');
    select coalesce(jsonb_agg(t order by o), '[]') into transitions from jsonb_array_elements(transitions) with ordinality x(t, o)
    where t ->> 'from' <> k and t ->> 'to' <> k;
    -- two incoming transitions may bridge to the same target: keep the first
    select coalesce(jsonb_agg(b), '[]') into bridged from (
      select distinct on (b ->> 'from', b ->> 'to') b from jsonb_array_elements(bridged) b) d;
    transitions := transitions || bridged;
    select coalesce(jsonb_agg(s order by o), '[]') into stages from jsonb_array_elements(stages) with ordinality x(s, o)
    where s ->> 'code' <> k;
  end loop;
  result := jsonb_build_object('stages', stages, 'transitions', transitions);
end
$$;

-- Patch shape check (the parts, not their meaning: that is apply + validate).
create function private.assert_valid_patch(patch jsonb)
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
  bad text[];
begin
  if patch is null or jsonb_typeof(patch) <> 'object' then
    raise exception using errcode = '22023', message = 'an override patch is an object', detail = 'workflow.invalid_patch',
      hint = 'keys: rename, sla, disable, add_stages, add_transitions';
  end if;
  select array_agg(k) into bad from jsonb_object_keys(patch) k
  where k not in ('rename', 'sla', 'disable', 'add_stages', 'add_transitions');
  if bad is not null then
    raise exception using errcode = '22023', message = format('unknown override keys: %s', array_to_string(bad, ', ')),
      detail = 'workflow.invalid_patch', hint = 'keys: rename, sla, disable, add_stages, add_transitions';
  end if;
  if jsonb_typeof(coalesce(patch -> 'rename', '{}')) <> 'object' or jsonb_typeof(coalesce(patch -> 'sla', '{}')) <> 'object'
     or jsonb_typeof(coalesce(patch -> 'disable', '[]')) <> 'array' or jsonb_typeof(coalesce(patch -> 'add_stages', '[]')) <> 'array'
     or jsonb_typeof(coalesce(patch -> 'add_transitions', '[]')) <> 'array' then
    raise exception using errcode = '22023', message = 'rename and sla are objects keyed by stage; disable, add_stages and add_transitions are arrays',
      detail = 'workflow.invalid_patch', hint = 'e.g. {"sla": {"washing": 120}, "disable": ["tagging"]}';
  end if;
  if exists (select from jsonb_each(coalesce(patch -> 'rename', '{}')) r
             where jsonb_typeof(r.value) <> 'object' or coalesce(trim(r.value ->> 'en'), '') = '') then
    raise exception using errcode = '22023', message = 'a renamed stage needs an English name', detail = 'workflow.invalid_patch',
      hint = 'rename: {"stage": {"en": "...", "ar": "..."}}';
  end if;
  if exists (select from jsonb_array_elements(coalesce(patch -> 'add_stages', '[]')) s where s ->> 'kind' = 'start') then
    raise exception using errcode = '22023', message = 'an added stage cannot be a start stage', detail = 'workflow.invalid_patch',
      hint = 'add normal or terminal stages';
  end if;
end
$$;

-- Who may change a tenant's workflow: its owners and admins, staff in a full impersonation of it,
-- workflow staff (workflows.write), and trusted callers.
create function private.assert_workflow_admin(tenant_id uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if private.is_trusted_caller()
     or tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))
     or tenant_id in (select private.impersonated_tenant_ids(true)) then
    return;
  end if;
  if tenant_id in (select private.my_tenant_ids()) then
    raise exception using errcode = 'PT403', message = 'only the tenant''s owners and admins may change its workflows',
      detail = 'workflow.forbidden', hint = 'ask an owner or admin of the tenant';
  end if;
  perform private.assert_permission('workflows.write');
end
$$;

-- Builds the tenant's effective version from a base HQ version and its patch; records it as the
-- tenant's current workflow for the template. Raises when the result would not be valid.
create function private.build_tenant_workflow(tenant_id uuid, template_id uuid, base_version_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  base public.workflow_versions;
  v_patch jsonb;
  applied record;
  errs jsonb;
  v_next int;
  v_id uuid;
begin
  select * into base from public.workflow_versions v where v.id = build_tenant_workflow.base_version_id;
  select o.patch into v_patch from public.tenant_workflow_overrides o
  where o.tenant_id = build_tenant_workflow.tenant_id and o.template_id = build_tenant_workflow.template_id;
  select * into applied from private.apply_workflow_patch(base.definition, v_patch);
  errs := private.workflow_definition_errors(applied.result);
  if jsonb_array_length(errs) > 0 then
    raise exception using errcode = 'PT409',
      message = format('the tenant''s overrides do not fit version %s: %s', base.version,
                       (select string_agg(e ->> 'message', '; ') from jsonb_array_elements(applied.conflicts || errs) e)),
      detail = 'workflow.override_invalid',
      hint = (select string_agg(e ->> 'code' || coalesce(':' || (e ->> 'subject'), ''), ', ') from jsonb_array_elements(applied.conflicts || errs) e);
  end if;
  -- serialise builds of one tenant's workflow for one template
  perform pg_advisory_xact_lock(hashtextextended(tenant_id::text || template_id::text, 0));
  select coalesce(max(v.version), 0) + 1 into v_next from public.workflow_versions v
  where v.tenant_id = build_tenant_workflow.tenant_id and v.template_id = build_tenant_workflow.template_id;
  insert into public.workflow_versions (template_id, tenant_id, version, base_version_id, definition, patch, conflicts, published_by)
  values (template_id, tenant_id, v_next, base.id, applied.result, v_patch, applied.conflicts, auth.uid())
  returning id into v_id;
  insert into public.tenant_workflows as w (tenant_id, template_id, version_id, base_version_id, conflicts)
  values (tenant_id, template_id, v_id, base.id, applied.conflicts)
  on conflict on constraint tenant_workflows_pkey do update
    set version_id = excluded.version_id, base_version_id = excluded.base_version_id, conflicts = excluded.conflicts,
        upgraded_at = now();
  return jsonb_build_object('version_id', v_id, 'version', v_next, 'base_version', base.version,
                            'conflicts', applied.conflicts);
end
$$;

-- Saves a tenant's override and rebuilds its effective version on the same base version. An
-- override that conflicts with the current base, or yields an invalid workflow, is refused.
create function public.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before jsonb;
  v_base uuid;
  applied record;
  result jsonb;
begin
  perform private.assert_workflow_admin(tenant_id);
  perform private.assert_workflow_module(tenant_id);
  perform private.assert_valid_patch(patch);
  if not exists (select from public.workflow_templates t where t.id = set_tenant_workflow_override.template_id) then
    raise exception using errcode = 'PT404', message = 'no such workflow template', detail = 'workflow.template_not_found',
      hint = 'check the template id';
  end if;
  select w.base_version_id into v_base from public.tenant_workflows w
  where w.tenant_id = set_tenant_workflow_override.tenant_id and w.template_id = set_tenant_workflow_override.template_id;
  if v_base is null then
    select v.id into v_base from public.workflow_versions v join public.workflow_templates t on t.id = v.template_id
    where v.template_id = set_tenant_workflow_override.template_id and v.tenant_id is null and v.version = t.latest_version;
  end if;
  if v_base is null then
    raise exception using errcode = 'PT409', message = 'the template has no published version yet',
      detail = 'workflow.not_published', hint = 'publish the template first';
  end if;
  select * into applied from private.apply_workflow_patch((select v.definition from public.workflow_versions v where v.id = v_base), patch);
  if jsonb_array_length(applied.conflicts) > 0 then
    raise exception using errcode = '22023',
      message = format('the override does not fit the workflow: %s',
                       (select string_agg(e ->> 'message', '; ') from jsonb_array_elements(applied.conflicts) e)),
      detail = 'workflow.invalid_patch',
      hint = (select string_agg(e ->> 'code' || ':' || (e ->> 'subject'), ', ') from jsonb_array_elements(applied.conflicts) e);
  end if;
  perform private.assert_valid_workflow(applied.result);
  select o.patch into v_before from public.tenant_workflow_overrides o
  where o.tenant_id = set_tenant_workflow_override.tenant_id and o.template_id = set_tenant_workflow_override.template_id;
  insert into public.tenant_workflow_overrides as o (tenant_id, template_id, patch, updated_by)
  values (tenant_id, template_id, patch, auth.uid())
  on conflict on constraint tenant_workflow_overrides_pkey do update
    set patch = excluded.patch, updated_by = excluded.updated_by, updated_at = now();
  result := private.build_tenant_workflow(tenant_id, template_id, v_base);
  perform audit.record('workflow_override.set', 'workflow_template', template_id::text, v_before,
                       jsonb_build_object('patch', patch, 'version_id', result -> 'version_id'), tenant_id);
  return result;
end
$$;

-- Moves a tenant to the template's latest published version, re-applying its overrides. Conflicts
-- (an overridden stage removed upstream, …) are reported and kept in the patch, not dropped.
create function public.upgrade_tenant_workflow(tenant_id uuid, template_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_latest uuid;
  v_before public.tenant_workflows;
  result jsonb;
begin
  perform private.assert_workflow_admin(tenant_id);
  perform private.assert_workflow_module(tenant_id);
  select v.id into v_latest from public.workflow_versions v join public.workflow_templates t on t.id = v.template_id
  where t.id = upgrade_tenant_workflow.template_id and v.tenant_id is null and v.version = t.latest_version;
  if not found then
    if not exists (select from public.workflow_templates t where t.id = upgrade_tenant_workflow.template_id) then
      raise exception using errcode = 'PT404', message = 'no such workflow template', detail = 'workflow.template_not_found',
        hint = 'check the template id';
    end if;
    raise exception using errcode = 'PT409', message = 'the template has no published version yet',
      detail = 'workflow.not_published', hint = 'publish the template first';
  end if;
  select * into v_before from public.tenant_workflows w
  where w.tenant_id = upgrade_tenant_workflow.tenant_id and w.template_id = upgrade_tenant_workflow.template_id for update;
  result := private.build_tenant_workflow(tenant_id, template_id, v_latest);
  perform audit.record('workflow.upgrade', 'workflow_template', template_id::text,
                       case when v_before.version_id is null then null
                            else jsonb_build_object('version_id', v_before.version_id, 'base_version_id', v_before.base_version_id) end,
                       result, tenant_id);
  return result;
end
$$;

-- The tenant's effective version for a template, built from the latest published version on first
-- use (the provisioning step does it ahead of time).
create function private.ensure_tenant_workflow(tenant_id uuid, template_id uuid)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_latest uuid;
begin
  select w.version_id into v_id from public.tenant_workflows w
  where w.tenant_id = ensure_tenant_workflow.tenant_id and w.template_id = ensure_tenant_workflow.template_id;
  if v_id is not null then
    return v_id;
  end if;
  select v.id into v_latest from public.workflow_versions v join public.workflow_templates t on t.id = v.template_id
  where t.id = ensure_tenant_workflow.template_id and v.tenant_id is null and v.version = t.latest_version;
  if v_latest is null then
    return null;
  end if;
  return (private.build_tenant_workflow(tenant_id, template_id, v_latest) ->> 'version_id')::uuid;
end
$$;

-- Provisioning: a newly activated tenant gets every published template (idempotent).
create function private.provision_workflows(tenant_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  tpl record;
begin
  for tpl in select t.id from public.workflow_templates t where t.latest_version > 0 and not t.archived order by t.code loop
    perform private.ensure_tenant_workflow(tenant_id, tpl.id);
  end loop;
end
$$;

select private.register_provisioning_step('workflows', '{"en":"Order workflows","ar":"سير عمل الطلبات"}', 20,
  'private.provision_workflows(uuid)'::regprocedure, 1,
  '{"en":"The current published workflow templates, one per service category"}');

-- ── grants ──────────────────────────────────────────────────────────────────────────────────

revoke execute on function private.assert_workflow_module(uuid), private.workflow_versions_immutable(),
  private.workflow_definition_errors(jsonb), private.assert_valid_workflow(jsonb), private.apply_workflow_patch(jsonb, jsonb),
  private.assert_valid_patch(jsonb), private.assert_workflow_admin(uuid), private.build_tenant_workflow(uuid, uuid, uuid),
  private.ensure_tenant_workflow(uuid, uuid), private.provision_workflows(uuid) from public, anon, authenticated;
revoke execute on function public.validate_workflow(jsonb), public.create_workflow_template(text, text, jsonb, jsonb, jsonb),
  public.save_workflow_draft(uuid, jsonb), public.publish_workflow_template(uuid, text),
  public.set_tenant_workflow_override(uuid, uuid, jsonb), public.upgrade_tenant_workflow(uuid, uuid) from public, anon;
grant execute on function public.validate_workflow(jsonb), public.create_workflow_template(text, text, jsonb, jsonb, jsonb),
  public.save_workflow_draft(uuid, jsonb), public.publish_workflow_template(uuid, text),
  public.set_tenant_workflow_override(uuid, uuid, jsonb), public.upgrade_tenant_workflow(uuid, uuid) to authenticated, service_role;
