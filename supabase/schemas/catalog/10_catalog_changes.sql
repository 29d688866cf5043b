-- The rows the next release would hold: every live draft entry, plus every entry the base release
-- already had (retired ones stay in every later release, so history resolves).
create function private.catalog_draft_rows(base_release integer)
    returns setof public.catalog_release_entries
    language sql stable
    set search_path to ''
    as $$
  select 0, e.family, e.code, e.name, e.description, e.sort_order, e.active, e.icon, e.colour, e.attributes,
         e.retired_at is not null,
         private.catalog_entry_hash(e.name, e.description, e.sort_order, e.active, e.icon, e.colour, e.attributes, e.retired_at is not null)
  from public.catalog_entries e
  where e.retired_at is null
     or exists (select from public.catalog_release_entries r
                where r.release_no = base_release and r.family = e.family and r.code = e.code)
$$;

revoke all on function private.catalog_draft_rows(integer) from public, anon, authenticated, service_role;
grant execute on function private.catalog_draft_rows(integer) to authenticated, service_role;

-- What differs between two releases (to_release null: the draft), entry by entry, by content hash:
-- added, changed, retired, or removed (only when moving back to an older release).
create function private.catalog_changes(from_release integer, to_release integer)
    returns table (change text, family text, code text)
    language sql stable
    set search_path to ''
    as $$
  with old as (
    select r.family, r.code, r.entry_hash, r.retired from public.catalog_release_entries r where r.release_no = from_release
  ), new as (
    select r.family, r.code, r.entry_hash, r.retired from public.catalog_release_entries r
    where to_release is not null and r.release_no = to_release
    union all
    select d.family, d.code, d.entry_hash, d.retired from private.catalog_draft_rows(from_release) d where to_release is null
  )
  select case when o.code is null then 'added'
              when n.code is null then 'removed'
              when n.retired and not o.retired then 'retired'
              else 'changed' end,
         coalesce(n.family, o.family), coalesce(n.code, o.code)
  from new n full join old o on o.family = n.family and o.code = n.code
  where o.code is null or n.code is null or n.entry_hash <> o.entry_hash
  order by 2, 3
$$;

revoke all on function private.catalog_changes(integer, integer) from public, anon, authenticated, service_role;
grant execute on function private.catalog_changes(integer, integer) to authenticated, service_role;

-- The changes as a changelog document: {"added": [{family, code}], "changed": […], "retired": […], "removed": […]}.
create function private.catalog_changelog(from_release integer, to_release integer) returns jsonb
    language sql stable
    set search_path to ''
    as $$
  select jsonb_build_object(
    'added', coalesce(jsonb_agg(jsonb_build_object('family', c.family, 'code', c.code)) filter (where c.change = 'added'), '[]'),
    'changed', coalesce(jsonb_agg(jsonb_build_object('family', c.family, 'code', c.code)) filter (where c.change = 'changed'), '[]'),
    'retired', coalesce(jsonb_agg(jsonb_build_object('family', c.family, 'code', c.code)) filter (where c.change = 'retired'), '[]'),
    'removed', coalesce(jsonb_agg(jsonb_build_object('family', c.family, 'code', c.code)) filter (where c.change = 'removed'), '[]'))
  from private.catalog_changes(from_release, to_release) c
$$;

revoke all on function private.catalog_changelog(integer, integer) from public, anon, authenticated, service_role;
grant execute on function private.catalog_changelog(integer, integer) to authenticated, service_role;

-- What publishing now would change (catalogs.read): the console shows it before publishing.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.preview_catalog_release, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.preview_catalog_release() returns jsonb
    language sql stable
    set search_path to ''
    as $$ select private.preview_catalog_release() $$;

create function private.preview_catalog_release() returns jsonb
    language plpgsql stable security definer
    set search_path to ''
    as $$
declare
  latest integer;
begin
  perform private.assert_permission('catalogs.read');
  select max(r.release_no) into latest from public.catalog_releases r;
  return jsonb_build_object('from_release', latest, 'changelog', private.catalog_changelog(latest, null));
end
$$;

revoke all on function public.preview_catalog_release() from public, anon, authenticated, service_role;
grant execute on function public.preview_catalog_release() to authenticated, service_role;
comment on function public.preview_catalog_release() is
  'The changelog publishing the draft now would produce (catalogs.read).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.preview_catalog_release() from public, anon, authenticated, service_role;
grant execute on function private.preview_catalog_release() to authenticated, service_role;
