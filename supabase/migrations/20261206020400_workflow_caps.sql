-- Workflow inputs are capped before any work (issue 12 §4), and the heavy workflow functions answer
-- a statement timeout or cancellation with 503 service.timeout (a retry hint) instead of 500.
-- Limits: private.input_limit; documented in docs/security-oracles-and-limits.md.

-- A bilingual name ({"en": "...", "ar": "..."}): at most 10 languages of 200 characters each.
create or replace function private.assert_name_size(value jsonb, what text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if jsonb_typeof(value) = 'object' then
    perform private.assert_json_count(value, what, 'name.locales');
    if exists (select from jsonb_each(value) e where length(e.value #>> '{}') > private.input_limit('name')) then
      raise exception using errcode = '22023', message = format('%s is at most %s characters in each language', what, private.input_limit('name')),
        detail = 'input.too_long', hint = format('shorten %s', what);
    end if;
  end if;
end
$$;
revoke execute on function private.assert_name_size(jsonb, text) from public, anon, authenticated;

-- For the console's editor: the problems of a definition, without saving anything.
create or replace function public.validate_workflow(definition jsonb)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_permission('workflows.read');
  perform private.enter_heavy_section('validating the workflow');
  perform private.assert_workflow_size(definition);
  return private.workflow_definition_errors(definition);
exception when query_canceled then
  perform private.raise_timeout('validating the workflow');
end
$$;

create or replace function public.create_workflow_template(code text, service_category text, name jsonb, draft jsonb,
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
  perform private.assert_name_size(name, 'the template name');
  perform private.assert_name_size(description, 'the template description');
  perform private.assert_json_size(description, 'the template description');
  perform private.assert_workflow_size(draft, 'the draft');
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

create or replace function public.save_workflow_draft(template_id uuid, draft jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before jsonb;
begin
  perform private.assert_permission('workflows.write');
  perform private.enter_heavy_section('saving the draft');
  perform private.assert_workflow_size(draft, 'the draft');
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
exception when query_canceled then
  perform private.raise_timeout('saving the draft');
end
$$;

create or replace function public.publish_workflow_template(template_id uuid, note text default null)
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
  perform private.assert_text_size(note, 'the publish note', 'note');
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

create or replace function private.assert_valid_patch(patch jsonb)
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
  perform private.assert_json_size(patch, 'the override', 'workflow.patch_bytes');
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
  perform private.assert_json_count(patch -> 'rename', 'the override''s renames', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'sla', 'the override''s SLAs', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'add_stages', 'the override''s added stages', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'add_transitions', 'the override''s added transitions', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'disable', 'the override''s disabled stages', 'workflow.patch_disable');
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

create or replace function public.set_tenant_workflow_override(tenant_id uuid, template_id uuid, patch jsonb)
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
  perform private.enter_heavy_section('saving the workflow override');
  perform private.assert_valid_patch(patch);
  perform private.assert_workflow_module(tenant_id);
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
exception when query_canceled then
  perform private.raise_timeout('saving the workflow override');
end
$$;

revoke execute on function private.assert_valid_patch(jsonb) from public, anon, authenticated;
revoke execute on function public.validate_workflow(jsonb), public.create_workflow_template(text, text, jsonb, jsonb, jsonb),
  public.save_workflow_draft(uuid, jsonb), public.publish_workflow_template(uuid, text),
  public.set_tenant_workflow_override(uuid, uuid, jsonb) from public, anon;
grant execute on function public.validate_workflow(jsonb), public.create_workflow_template(text, text, jsonb, jsonb, jsonb),
  public.save_workflow_draft(uuid, jsonb), public.publish_workflow_template(uuid, text),
  public.set_tenant_workflow_override(uuid, uuid, jsonb) to authenticated, service_role;
