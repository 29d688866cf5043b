-- Queues one idempotent catalog.sync job per tenant (not pinned, not already there) for a release.
create function private.enqueue_catalog_sync(release_no integer, only_tenant uuid default null) returns integer
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  s record;
  queued integer := 0;
begin
  for s in
    select x.tenant_id from public.tenant_catalog_state x
    where not x.pinned and x.release_no is distinct from enqueue_catalog_sync.release_no
      and (only_tenant is null or x.tenant_id = only_tenant)
    order by x.tenant_id
    for update
  loop
    update public.tenant_catalog_state x
    set target_release_no = enqueue_catalog_sync.release_no, status = 'pending', updated_at = now(),
        sync_job_id = private.enqueue('catalog_sync', 'catalog.sync',
          jsonb_build_object('tenant_id', s.tenant_id, 'release_no', enqueue_catalog_sync.release_no),
          format('catalog.sync:%s:%s', s.tenant_id, enqueue_catalog_sync.release_no))
    where x.tenant_id = s.tenant_id;
    queued := queued + 1;
  end loop;
  return queued;
end
$$;

revoke all on function private.enqueue_catalog_sync(integer, uuid) from public, anon, authenticated, service_role;

-- The catalog.sync job: moves the tenant to the release unless it was pinned meanwhile or is
-- already on it (re-running changes nothing). A failure is retried by the job system.
create function private.job_catalog_sync(payload jsonb, job jsonb) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  st public.tenant_catalog_state;
begin
  if (payload ->> 'tenant_id') is null or jsonb_typeof(payload -> 'release_no') is distinct from 'number' then
    raise exception using errcode = '22023', message = 'catalog.sync needs payload.tenant_id and payload.release_no',
      detail = 'catalog.invalid_payload';
  end if;
  select * into st from public.tenant_catalog_state s where s.tenant_id = (payload ->> 'tenant_id')::uuid for update;
  if st.tenant_id is null or st.pinned or st.release_no = (payload ->> 'release_no')::integer then
    return;
  end if;
  perform private.apply_catalog_release(st.tenant_id, (payload ->> 'release_no')::integer, 'sync');
end
$$;

revoke all on function private.job_catalog_sync(jsonb, jsonb) from public, anon, authenticated, service_role;

select private.register_job_handler('catalog.sync', 'private.job_catalog_sync(jsonb, jsonb)'::regprocedure, null, null,
  'moves one tenant to a published catalog release and checks its shadow labels for conflicts');
