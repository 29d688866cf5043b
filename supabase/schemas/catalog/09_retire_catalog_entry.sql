-- Retires a draft entry (catalogs.write): the next release keeps it, marked retired, so tenants'
-- history still resolves; it is never deleted. A service category that live item types still
-- take cannot be retired.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.retire_catalog_entry, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.retire_catalog_entry(family text, code text, reason text) returns void
    language sql
    set search_path to ''
    as $$ select private.retire_catalog_entry(family, code, reason) $$;

create function private.retire_catalog_entry(family text, code text, reason text) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.catalog_entries;
  users text[];
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  select * into before_row from public.catalog_entries e
  where e.family = retire_catalog_entry.family and e.code = retire_catalog_entry.code for update;
  if before_row.id is null then
    perform private.fail('catalog.unknown_entry', format('no catalog entry %s %s', left(family, 40), left(code, 40)));
  end if;
  if before_row.retired_at is not null then
    perform private.fail('catalog.entry_retired', format('%s %s is already retired', family, code));
  end if;
  if family = 'service_categories' then
    select array_agg(e.code order by e.code) into users from public.catalog_entries e
    where e.family = 'item_types' and e.retired_at is null
      and e.attributes -> 'service_categories' ? retire_catalog_entry.code;
    if users is not null then
      perform private.fail('catalog.entry_in_use', format('item types still take %s: %s', code, array_to_string(users[1:10], ', ')));
    end if;
  end if;
  update public.catalog_entries e set retired_at = now(), updated_at = now(), updated_by = auth.uid() where e.id = before_row.id;
  perform audit.record('catalog.entry_retire', 'catalog_entry', family || ':' || code, to_jsonb(before_row), null, null, reason);
end
$$;

revoke all on function public.retire_catalog_entry(text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.retire_catalog_entry(text, text, text) to authenticated, service_role;
comment on function public.retire_catalog_entry(text, text, text) is
  'Retires a draft catalog entry (catalogs.write, reason); releases keep it marked retired, never deleted.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.retire_catalog_entry(text, text, text) from public, anon, authenticated, service_role;
grant execute on function private.retire_catalog_entry(text, text, text) to authenticated, service_role;
