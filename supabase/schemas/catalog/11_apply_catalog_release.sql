-- Moves one tenant to a release: its overrides are checked against the release's entries (a
-- retired or changed entry marks the override as a conflict; it is never dropped), then the
-- tenant's pointer moves. Callers checked the right and hold the tenant's state row.
create function private.apply_catalog_release(tenant_id uuid, release_no integer, action text, reason text default null) returns integer
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.tenant_catalog_state;
  conflict_count integer;
begin
  select * into before_row from public.tenant_catalog_state s where s.tenant_id = apply_catalog_release.tenant_id for update;
  update public.tenant_catalog_overrides o
  set conflict = c.conflict, conflict_release_no = case when c.conflict is null then null else apply_catalog_release.release_no end
  from (
    select o2.family, o2.code,
           case when r.code is null or r.retired then 'retired' when r.entry_hash <> o2.base_hash then 'changed' end as conflict
    from public.tenant_catalog_overrides o2
    left join public.catalog_release_entries r
      on r.release_no = apply_catalog_release.release_no and r.family = o2.family and r.code = o2.code
    where o2.tenant_id = apply_catalog_release.tenant_id
  ) c
  where o.tenant_id = apply_catalog_release.tenant_id and o.family = c.family and o.code = c.code
    and o.conflict is distinct from c.conflict;
  select count(*) into conflict_count from public.tenant_catalog_overrides o
  where o.tenant_id = apply_catalog_release.tenant_id and o.conflict is not null;
  update public.tenant_catalog_state s
  set previous_release_no = case when s.release_no is distinct from apply_catalog_release.release_no then s.release_no else s.previous_release_no end,
      release_no = apply_catalog_release.release_no,
      target_release_no = null, status = 'synced', conflicts = conflict_count, last_error = null,
      synced_at = now(), updated_at = now()
  where s.tenant_id = apply_catalog_release.tenant_id;
  perform audit.record('catalog.' || action, 'tenant_catalog', tenant_id::text,
    jsonb_build_object('release_no', before_row.release_no),
    jsonb_build_object('release_no', release_no, 'conflicts', conflict_count), tenant_id, reason);
  return conflict_count;
end
$$;

revoke all on function private.apply_catalog_release(uuid, integer, text, text) from public, anon, authenticated, service_role;
