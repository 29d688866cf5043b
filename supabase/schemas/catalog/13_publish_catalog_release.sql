-- Publishes HQ's draft as the next immutable release (catalogs.write) with its changelog, and
-- queues a sync for every tenant that is not pinned. Publishers are serialised: a second publish
-- of the same draft at the same moment finds nothing new and is refused.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.publish_catalog_release, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.publish_catalog_release(notes text default '', reason text default null) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.publish_catalog_release(notes, reason) $$;

create function private.publish_catalog_release(notes text default '', reason text default null) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  latest integer;
  new_no integer;
  changes jsonb;
  entries integer;
  queued integer;
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  perform private.assert_text_size(notes, 'the release notes', 'note');
  lock table public.catalog_releases in exclusive mode;
  select max(r.release_no) into latest from public.catalog_releases r;
  changes := private.catalog_changelog(latest, null);
  if jsonb_array_length(changes -> 'added') + jsonb_array_length(changes -> 'changed') + jsonb_array_length(changes -> 'retired') = 0 then
    perform private.fail('catalog.nothing_to_publish', 'the draft has no changes since the last release');
  end if;
  new_no := coalesce(latest, 0) + 1;
  select count(*) into entries from private.catalog_draft_rows(latest);
  insert into public.catalog_releases (release_no, published_by, notes, entry_count, changelog)
  values (new_no, auth.uid(), coalesce(notes, ''), entries, changes);
  perform private.emit_event('catalog.release.published', null, jsonb_build_object('release_no', new_no, 'entries', entries, 'notes', nullif(notes, '')));  -- integrations
  insert into public.catalog_release_entries (release_no, family, code, name, description, sort_order, active, icon, colour,
                                              attributes, retired, entry_hash)
  select new_no, d.family, d.code, d.name, d.description, d.sort_order, d.active, d.icon, d.colour, d.attributes, d.retired, d.entry_hash
  from private.catalog_draft_rows(latest) d;
  queued := private.enqueue_catalog_sync(new_no);
  perform audit.record('catalog.publish', 'catalog_release', new_no::text, null,
    jsonb_build_object('release_no', new_no, 'entries', entries, 'notes', notes, 'tenants_queued', queued,
      'added', jsonb_array_length(changes -> 'added'), 'changed', jsonb_array_length(changes -> 'changed'),
      'retired', jsonb_array_length(changes -> 'retired')), null, reason);
  return jsonb_build_object('release_no', new_no, 'entries', entries, 'changelog', changes, 'tenants_queued', queued);
end
$$;

revoke all on function public.publish_catalog_release(text, text) from public, anon, authenticated, service_role;
grant execute on function public.publish_catalog_release(text, text) to authenticated, service_role;
comment on function public.publish_catalog_release(text, text) is
  'Publishes the draft catalog as the next immutable release with its changelog (catalogs.write) and queues one catalog.sync job per tenant that is not pinned.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.publish_catalog_release(text, text) from public, anon, authenticated, service_role;
grant execute on function private.publish_catalog_release(text, text) to authenticated, service_role;
