-- Which release each tenant runs, and the state of its sync. A tenant's effective catalog is its
-- release's (immutable) entries with its own overrides applied, so a sync moves a pointer and
-- checks the overrides, never copies hundreds of rows per tenant.
create table public.tenant_catalog_state (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  release_no integer references public.catalog_releases (release_no),
  previous_release_no integer references public.catalog_releases (release_no),
  target_release_no integer references public.catalog_releases (release_no),
  pinned boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'synced', 'failed')),
  conflicts integer not null default 0 check (conflicts >= 0),
  last_error text check (length(last_error) <= 2000),
  sync_job_id bigint,
  synced_at timestamptz,
  updated_at timestamptz not null default now()
);

create index tenant_catalog_state_release_no_idx on public.tenant_catalog_state (release_no);
create index tenant_catalog_state_previous_release_no_idx on public.tenant_catalog_state (previous_release_no);
create index tenant_catalog_state_target_release_no_idx on public.tenant_catalog_state (target_release_no);

alter table public.tenant_catalog_state enable row level security;
create policy "tenant members and HQ catalog readers see catalog state" on public.tenant_catalog_state for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant members and HQ catalog readers see catalog state" on public.tenant_catalog_state for select to hq_staff
  using ((select private.has_permission('catalogs.read')) or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
revoke all on table public.tenant_catalog_state from public, anon, authenticated, service_role;
grant select on table public.tenant_catalog_state to authenticated;
grant all on table public.tenant_catalog_state to service_role;

comment on table public.tenant_catalog_state is 'The catalog release each tenant runs, its sync status and override conflicts.';
comment on column public.tenant_catalog_state.tenant_id is 'The tenant.';
comment on column public.tenant_catalog_state.release_no is 'The release the tenant runs (null until provisioned).';
comment on column public.tenant_catalog_state.previous_release_no is 'The release it ran before: where a rollback returns it.';
comment on column public.tenant_catalog_state.target_release_no is 'A release a pending sync job will move it to.';
comment on column public.tenant_catalog_state.pinned is 'Pinned tenants stay on their release when HQ publishes; a rollback pins.';
comment on column public.tenant_catalog_state.status is 'pending (a sync is queued), synced, failed (see last_error; the job retries).';
comment on column public.tenant_catalog_state.conflicts is 'Overrides whose entry HQ retired or changed since the tenant set them.';
comment on column public.tenant_catalog_state.last_error is 'Why the last sync failed.';
comment on column public.tenant_catalog_state.sync_job_id is 'The queued catalog.sync job (its runs say whether it failed).';
comment on column public.tenant_catalog_state.synced_at is 'When the tenant last moved to a release.';
comment on column public.tenant_catalog_state.updated_at is 'Last change of this row.';

create table public.tenant_catalog_overrides (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  family text not null references public.catalog_families (code),
  code text not null,
  label jsonb check (label is null or (jsonb_typeof(label) = 'object' and label <> '{}')),
  hidden boolean not null default false,
  sort_order integer check (sort_order between 0 and 100000),
  base_hash text not null,
  conflict text check (conflict in ('retired', 'changed')),
  conflict_release_no integer references public.catalog_releases (release_no),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (tenant_id, family, code)
);
create index tenant_catalog_overrides_family_idx on public.tenant_catalog_overrides (family);
create index tenant_catalog_overrides_conflict_release_no_idx on public.tenant_catalog_overrides (conflict_release_no);

alter table public.tenant_catalog_overrides enable row level security;
create policy "tenant members and HQ catalog readers see overrides" on public.tenant_catalog_overrides for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant members and HQ catalog readers see overrides" on public.tenant_catalog_overrides for select to hq_staff
  using ((select private.has_permission('catalogs.read')) or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
revoke all on table public.tenant_catalog_overrides from public, anon, authenticated, service_role;
grant select on table public.tenant_catalog_overrides to authenticated;
grant all on table public.tenant_catalog_overrides to service_role;

comment on table public.tenant_catalog_overrides is 'A tenant''s shadow labels: its own name for an HQ entry, hiding or reordering it; kept across upgrades.';
comment on column public.tenant_catalog_overrides.tenant_id is 'The tenant.';
comment on column public.tenant_catalog_overrides.family is 'Catalog family of the entry.';
comment on column public.tenant_catalog_overrides.code is 'Entry code.';
comment on column public.tenant_catalog_overrides.label is 'The tenant''s own label {"en","ar"} (null: HQ''s name).';
comment on column public.tenant_catalog_overrides.hidden is 'Hidden from the tenant''s customers.';
comment on column public.tenant_catalog_overrides.sort_order is 'The tenant''s order (null: HQ''s).';
comment on column public.tenant_catalog_overrides.base_hash is 'Hash of the HQ entry when the override was saved: a different hash later is a conflict.';
comment on column public.tenant_catalog_overrides.conflict is 'retired (HQ retired the entry) or changed (HQ changed it since); cleared when the tenant saves again.';
comment on column public.tenant_catalog_overrides.conflict_release_no is 'The release that raised the conflict.';
comment on column public.tenant_catalog_overrides.updated_at is 'Last change.';
comment on column public.tenant_catalog_overrides.updated_by is 'Who made it (tenant user or staff).';
