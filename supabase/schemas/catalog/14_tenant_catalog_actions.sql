-- HQ's actions on one tenant's catalog (catalogs.write, checked before anything is looked up, so
-- a refusal says nothing about whether the tenant exists).

-- The tenant's state row, locked; refuses a tenant that has no catalog yet (or does not exist).
create function private.lock_tenant_catalog_state(tenant_id uuid) returns public.tenant_catalog_state
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  st public.tenant_catalog_state;
begin
  select * into st from public.tenant_catalog_state s where s.tenant_id = lock_tenant_catalog_state.tenant_id for update;
  if st.tenant_id is null then
    perform private.fail('catalog.tenant_not_provisioned', 'the tenant has no catalog yet');
  end if;
  return st;
end
$$;
revoke all on function private.lock_tenant_catalog_state(uuid) from public, anon, authenticated, service_role;

-- A release number, or the latest when none is given; refuses one that was never published.
create function private.catalog_release_or_latest(release_no integer) returns integer
    language plpgsql stable
    set search_path to ''
    as $$
declare
  target integer := coalesce(release_no, (select max(r.release_no) from public.catalog_releases r));
begin
  if target is null or not exists (select from public.catalog_releases r where r.release_no = target) then
    perform private.fail('catalog.unknown_release', format('no catalog release %s', coalesce(target::text, '(none published)')));
  end if;
  return target;
end
$$;
revoke all on function private.catalog_release_or_latest(integer) from public, anon, authenticated, service_role;
grant execute on function private.catalog_release_or_latest(integer) to authenticated, service_role;

-- Moves one tenant to a release now (default: the latest), pinned or not.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.upgrade_tenant_catalog, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.upgrade_tenant_catalog(tenant_id uuid, release_no integer default null, reason text default null) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.upgrade_tenant_catalog(tenant_id, release_no, reason) $$;

create function private.upgrade_tenant_catalog(tenant_id uuid, release_no integer default null, reason text default null) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  st public.tenant_catalog_state;
  target integer;
  conflicts integer;
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  st := private.lock_tenant_catalog_state(tenant_id);
  target := private.catalog_release_or_latest(release_no);
  conflicts := private.apply_catalog_release(tenant_id, target, 'upgrade', reason);
  return jsonb_build_object('from_release', st.release_no, 'release_no', target, 'conflicts', conflicts);
end
$$;
revoke all on function public.upgrade_tenant_catalog(uuid, integer, text) from public, anon, authenticated, service_role;
grant execute on function public.upgrade_tenant_catalog(uuid, integer, text) to authenticated, service_role;
comment on function public.upgrade_tenant_catalog(uuid, integer, text) is
  'Moves one tenant to a catalog release now (default the latest; catalogs.write); its shadow labels are kept and checked for conflicts.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.upgrade_tenant_catalog(uuid, integer, text) from public, anon, authenticated, service_role;
grant execute on function private.upgrade_tenant_catalog(uuid, integer, text) to authenticated, service_role;

-- Queues every tenant that is not pinned onto a release (default: the latest).
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.upgrade_all_tenant_catalogs, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.upgrade_all_tenant_catalogs(release_no integer default null, reason text default null) returns integer
    language sql
    set search_path to ''
    as $$ select private.upgrade_all_tenant_catalogs(release_no, reason) $$;

create function private.upgrade_all_tenant_catalogs(release_no integer default null, reason text default null) returns integer
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  target integer;
  queued integer;
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  target := private.catalog_release_or_latest(release_no);
  queued := private.enqueue_catalog_sync(target);
  perform audit.record('catalog.upgrade_all', 'catalog_release', target::text, null, jsonb_build_object('tenants_queued', queued), null, reason);
  return queued;
end
$$;
revoke all on function public.upgrade_all_tenant_catalogs(integer, text) from public, anon, authenticated, service_role;
grant execute on function public.upgrade_all_tenant_catalogs(integer, text) to authenticated, service_role;
comment on function public.upgrade_all_tenant_catalogs(integer, text) is
  'Queues a catalog.sync job for every tenant that is not pinned and not on the release (catalogs.write); answers how many.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.upgrade_all_tenant_catalogs(integer, text) from public, anon, authenticated, service_role;
grant execute on function private.upgrade_all_tenant_catalogs(integer, text) to authenticated, service_role;

-- Pins (or unpins) a tenant to its release: publishing does not move a pinned tenant.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.pin_tenant_catalog, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.pin_tenant_catalog(tenant_id uuid, pinned boolean, reason text default null) returns void
    language sql
    set search_path to ''
    as $$ select private.pin_tenant_catalog(tenant_id, pinned, reason) $$;

create function private.pin_tenant_catalog(tenant_id uuid, pinned boolean, reason text default null) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  st public.tenant_catalog_state;
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  st := private.lock_tenant_catalog_state(tenant_id);
  update public.tenant_catalog_state s set pinned = coalesce(pin_tenant_catalog.pinned, false), updated_at = now()
  where s.tenant_id = pin_tenant_catalog.tenant_id;
  perform audit.record(case when pinned then 'catalog.pin' else 'catalog.unpin' end, 'tenant_catalog', tenant_id::text,
    jsonb_build_object('pinned', st.pinned), jsonb_build_object('pinned', pinned), tenant_id, reason);
end
$$;
revoke all on function public.pin_tenant_catalog(uuid, boolean, text) from public, anon, authenticated, service_role;
grant execute on function public.pin_tenant_catalog(uuid, boolean, text) to authenticated, service_role;
comment on function public.pin_tenant_catalog(uuid, boolean, text) is
  'Pins a tenant to its catalog release or unpins it (catalogs.write); a pinned tenant is not moved by publishing.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.pin_tenant_catalog(uuid, boolean, text) from public, anon, authenticated, service_role;
grant execute on function private.pin_tenant_catalog(uuid, boolean, text) to authenticated, service_role;

-- Returns a tenant to the release it ran before, keeping its shadow labels, and pins it there so
-- the next publish does not move it straight back.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.rollback_tenant_catalog, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.rollback_tenant_catalog(tenant_id uuid, reason text) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.rollback_tenant_catalog(tenant_id, reason) $$;

create function private.rollback_tenant_catalog(tenant_id uuid, reason text) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  st public.tenant_catalog_state;
  conflicts integer;
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if coalesce(btrim(reason), '') = '' then
    perform private.fail('catalog.reason_required', 'a rollback needs a reason');
  end if;
  st := private.lock_tenant_catalog_state(tenant_id);
  if st.previous_release_no is null then
    perform private.fail('catalog.no_previous_release', 'the tenant has no earlier catalog release');
  end if;
  conflicts := private.apply_catalog_release(tenant_id, st.previous_release_no, 'rollback', reason);
  update public.tenant_catalog_state s set pinned = true where s.tenant_id = rollback_tenant_catalog.tenant_id;
  perform audit.record('catalog.pin', 'tenant_catalog', tenant_id::text, jsonb_build_object('pinned', st.pinned),
    jsonb_build_object('pinned', true), tenant_id, reason);
  return jsonb_build_object('from_release', st.release_no, 'release_no', st.previous_release_no, 'conflicts', conflicts, 'pinned', true);
end
$$;
revoke all on function public.rollback_tenant_catalog(uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.rollback_tenant_catalog(uuid, text) to authenticated, service_role;
comment on function public.rollback_tenant_catalog(uuid, text) is
  'Returns a tenant to its previous catalog release with its shadow labels kept, and pins it there (catalogs.write, reason).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.rollback_tenant_catalog(uuid, text) from public, anon, authenticated, service_role;
grant execute on function private.rollback_tenant_catalog(uuid, text) to authenticated, service_role;

-- What an upgrade would change for one tenant (HQ catalogs.read or someone who may read the
-- tenant): the entry changes and the shadow labels that would conflict.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.preview_tenant_catalog_upgrade, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.preview_tenant_catalog_upgrade(tenant_id uuid, release_no integer default null) returns jsonb
    language sql stable
    set search_path to ''
    as $$ select private.preview_tenant_catalog_upgrade(tenant_id, release_no) $$;

create function private.preview_tenant_catalog_upgrade(tenant_id uuid, release_no integer default null) returns jsonb
    language plpgsql stable security definer
    set search_path to ''
    as $$
declare
  st public.tenant_catalog_state;
  target integer;
begin
  if not (private.has_permission('catalogs.read') or private.can_read_tenant(tenant_id)) then
    perform private.fail('catalog.forbidden', 'you may not see this tenant''s catalog');
  end if;
  select * into st from public.tenant_catalog_state s where s.tenant_id = preview_tenant_catalog_upgrade.tenant_id;
  if st.tenant_id is null then
    perform private.fail('catalog.tenant_not_provisioned', 'the tenant has no catalog yet');
  end if;
  target := private.catalog_release_or_latest(release_no);
  return jsonb_build_object('from_release', st.release_no, 'release_no', target,
    'changelog', private.catalog_changelog(st.release_no, target),
    'conflicts', coalesce((
      select jsonb_agg(jsonb_build_object('family', o.family, 'code', o.code,
               'conflict', case when r.code is null or r.retired then 'retired' else 'changed' end) order by o.family, o.code)
      from public.tenant_catalog_overrides o
      left join public.catalog_release_entries r on r.release_no = target and r.family = o.family and r.code = o.code
      where o.tenant_id = preview_tenant_catalog_upgrade.tenant_id
        and (r.code is null or r.retired or r.entry_hash <> o.base_hash)), '[]'));
end
$$;
revoke all on function public.preview_tenant_catalog_upgrade(uuid, integer) from public, anon, authenticated, service_role;
grant execute on function public.preview_tenant_catalog_upgrade(uuid, integer) to authenticated, service_role;
comment on function public.preview_tenant_catalog_upgrade(uuid, integer) is
  'The diff a tenant would see moving to a catalog release (default the latest): changed entries and shadow labels that would conflict.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.preview_tenant_catalog_upgrade(uuid, integer) from public, anon, authenticated, service_role;
grant execute on function private.preview_tenant_catalog_upgrade(uuid, integer) to authenticated, service_role;
