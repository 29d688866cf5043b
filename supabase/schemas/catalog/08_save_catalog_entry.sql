-- Creates or edits an entry of HQ's draft (catalogs.write). The code is the entry's identity and
-- never changes; a retired entry is not edited.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.save_catalog_entry, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.save_catalog_entry(family text, code text, name jsonb, description jsonb default '{}',
    sort_order integer default 0, active boolean default true, icon text default null, colour text default null,
    attributes jsonb default '{}', reason text default null) returns uuid
    language sql
    set search_path to ''
    as $$ select private.save_catalog_entry(family, code, name, description, sort_order, active, icon, colour, attributes, reason) $$;

create function private.save_catalog_entry(family text, code text, name jsonb, description jsonb default '{}',
    sort_order integer default 0, active boolean default true, icon text default null, colour text default null,
    attributes jsonb default '{}', reason text default null) returns uuid
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.catalog_entries;
  after_row public.catalog_entries;
  errors text[];
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  errors := private.catalog_entry_errors(family, code, name, coalesce(description, '{}'), sort_order, icon, colour,
    coalesce(attributes, '{}'), private.catalog_live_service_categories());
  if cardinality(errors) > 0 then
    perform private.fail('catalog.invalid_entry', 'the catalog entry is not valid', array_to_string(errors, '; '));
  end if;
  select * into before_row from public.catalog_entries e
  where e.family = save_catalog_entry.family and e.code = save_catalog_entry.code for update;
  if before_row.retired_at is not null then
    perform private.fail('catalog.entry_retired', format('%s %s is retired', family, code));
  end if;
  insert into public.catalog_entries as e (family, code, name, description, sort_order, active, icon, colour, attributes, updated_by)
  values (family, code, name, coalesce(description, '{}'), sort_order, coalesce(active, true), icon, colour, coalesce(attributes, '{}'), auth.uid())
  on conflict on constraint catalog_entries_family_code_key do update
    set name = excluded.name, description = excluded.description, sort_order = excluded.sort_order, active = excluded.active,
        icon = excluded.icon, colour = excluded.colour, attributes = excluded.attributes, updated_at = now(), updated_by = excluded.updated_by
  returning * into after_row;
  perform audit.record(case when before_row.id is null then 'catalog.entry_create' else 'catalog.entry_update' end,
    'catalog_entry', family || ':' || code, to_jsonb(before_row), to_jsonb(after_row), null, reason);
  return after_row.id;
end
$$;

revoke all on function public.save_catalog_entry(text, text, jsonb, jsonb, integer, boolean, text, text, jsonb, text) from public, anon, authenticated, service_role;
grant execute on function public.save_catalog_entry(text, text, jsonb, jsonb, integer, boolean, text, text, jsonb, text) to authenticated, service_role;
comment on function public.save_catalog_entry(text, text, jsonb, jsonb, integer, boolean, text, text, jsonb, text) is
  'Creates or edits an entry of HQ''s draft catalog (catalogs.write); the next published release carries it.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.save_catalog_entry(text, text, jsonb, jsonb, integer, boolean, text, text, jsonb, text) from public, anon, authenticated, service_role;
grant execute on function private.save_catalog_entry(text, text, jsonb, jsonb, integer, boolean, text, text, jsonb, text) to authenticated, service_role;
