-- Per-tenant catalog sync for the console (catalogs.read): the release each tenant runs, whether a
-- sync is pending or failed (its job's last run failed), conflicts and pinning.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.catalog_sync_overview, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.catalog_sync_overview(status_filter text default null, search text default null,
    max_rows integer default 50, skip_rows integer default 0)
    returns table (tenant_id uuid, slug text, tenant_name jsonb, release_no integer, target_release_no integer,
                   pinned boolean, status text, conflicts integer, last_error text, synced_at timestamptz, total bigint)
    language sql stable
    set search_path to ''
    as $$ select * from private.catalog_sync_overview(status_filter, search, max_rows, skip_rows) $$;

create function private.catalog_sync_overview(status_filter text default null, search text default null,
    max_rows integer default 50, skip_rows integer default 0)
    returns table (tenant_id uuid, slug text, tenant_name jsonb, release_no integer, target_release_no integer,
                   pinned boolean, status text, conflicts integer, last_error text, synced_at timestamptz, total bigint)
    language plpgsql stable security definer
    set search_path to ''
    as $$
begin
  perform private.assert_permission('catalogs.read');
  perform private.assert_text_size(search, 'the search', 'name');
  if max_rows not between 1 and 500 or skip_rows < 0 then
    perform private.fail('input.out_of_range', 'max_rows is 1–500 and skip_rows at least 0');
  end if;
  return query
  with rows as (
    select s.tenant_id, t.slug, t.name, s.release_no, s.target_release_no, s.pinned,
           case when s.status = 'pending' and last_run.outcome in ('failed', 'dead_lettered', 'timed_out') then 'failed' else s.status end as status,
           s.conflicts, coalesce(last_run.error_message, s.last_error) as last_error, s.synced_at
    from public.tenant_catalog_state s
    join public.tenants t on t.id = s.tenant_id
    left join lateral (
      select jr.outcome, jr.error_message from private.job_runs jr
      where s.status = 'pending' and jr.job_id = s.sync_job_id order by jr.id desc limit 1) last_run on true
    where catalog_sync_overview.search is null or t.slug ilike '%' || catalog_sync_overview.search || '%'
  )
  select r.*, count(*) over () from rows r
  where catalog_sync_overview.status_filter is null or r.status = catalog_sync_overview.status_filter
     or (catalog_sync_overview.status_filter = 'conflicts' and r.conflicts > 0)
  order by r.slug
  limit max_rows offset skip_rows;
end
$$;
revoke all on function public.catalog_sync_overview(text, text, integer, integer) from public, anon, authenticated, service_role;
grant execute on function public.catalog_sync_overview(text, text, integer, integer) to authenticated, service_role;
comment on function public.catalog_sync_overview(text, text, integer, integer) is
  'Per-tenant catalog sync state (catalogs.read): release, pending/synced/failed (from the sync job''s last run), conflicts, pinned; status filter also accepts conflicts.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.catalog_sync_overview(text, text, integer, integer) from public, anon, authenticated, service_role;
grant execute on function private.catalog_sync_overview(text, text, integer, integer) to authenticated, service_role;
