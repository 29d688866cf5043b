CREATE FUNCTION private.assert_valid_patch(patch jsonb) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  bad text[];
begin
  if patch is null or jsonb_typeof(patch) <> 'object' then
    perform private.fail('workflow.invalid_patch', 'an override patch is an object');
  end if;
  perform private.assert_json_size(patch, 'the override', 'workflow.patch_bytes');
  select array_agg(k) into bad from jsonb_object_keys(patch) k
  where k not in ('rename', 'sla', 'disable', 'add_stages', 'add_transitions');
  if bad is not null then
    perform private.fail('workflow.invalid_patch', format('unknown override keys: %s', array_to_string(bad, ', ')));
  end if;
  if jsonb_typeof(coalesce(patch -> 'rename', '{}')) <> 'object' or jsonb_typeof(coalesce(patch -> 'sla', '{}')) <> 'object'
     or jsonb_typeof(coalesce(patch -> 'disable', '[]')) <> 'array' or jsonb_typeof(coalesce(patch -> 'add_stages', '[]')) <> 'array'
     or jsonb_typeof(coalesce(patch -> 'add_transitions', '[]')) <> 'array' then
    perform private.fail('workflow.invalid_patch', 'rename and sla are objects keyed by stage; disable, add_stages and add_transitions are arrays',
      'e.g. {"sla": {"washing": 120}, "disable": ["tagging"]}');
  end if;
  perform private.assert_json_count(patch -> 'rename', 'the override''s renames', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'sla', 'the override''s SLAs', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'add_stages', 'the override''s added stages', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'add_transitions', 'the override''s added transitions', 'workflow.patch_items');
  perform private.assert_json_count(patch -> 'disable', 'the override''s disabled stages', 'workflow.patch_disable');
  if exists (select from jsonb_each(coalesce(patch -> 'rename', '{}')) r
             where jsonb_typeof(r.value) <> 'object' or coalesce(trim(r.value ->> 'en'), '') = '') then
    perform private.fail('workflow.invalid_patch', 'a renamed stage needs an English name',
      'rename: {"stage": {"en": "...", "ar": "..."}}');
  end if;
  if exists (select from jsonb_array_elements(coalesce(patch -> 'add_stages', '[]')) s where s ->> 'kind' = 'start') then
    perform private.fail('workflow.invalid_patch', 'an added stage cannot be a start stage', 'add normal or terminal stages');
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_valid_patch(patch jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_valid_patch(patch jsonb) FROM PUBLIC;
