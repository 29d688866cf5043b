-- Published catalog releases: numbered, immutable, with the changelog against the previous one.
create table public.catalog_releases (
  release_no integer primary key check (release_no > 0),
  published_at timestamptz not null default now(),
  published_by uuid,
  notes text not null default '' check (length(notes) <= 2000),
  entry_count integer not null,
  changelog jsonb not null
);

create table public.catalog_release_entries (
  release_no integer not null references public.catalog_releases (release_no),
  family text not null references public.catalog_families (code),
  code text not null,
  name jsonb not null,
  description jsonb not null,
  sort_order integer not null,
  active boolean not null,
  icon text,
  colour text,
  attributes jsonb not null,
  retired boolean not null,
  entry_hash text not null,
  primary key (release_no, family, code)
);

-- A release never changes once published: tenants and their overrides point at it.
create function private.refuse_release_change() returns trigger
    language plpgsql
    set search_path to ''
    as $$
begin
  raise exception using errcode = 'PT409', message = 'a published catalog release never changes',
    detail = 'catalog.release_immutable', hint = 'publish a new release instead';
end
$$;
revoke all on function private.refuse_release_change() from public, anon, authenticated, service_role;

create trigger catalog_releases_immutable before update or delete on public.catalog_releases
  for each row execute function private.refuse_release_change();
create trigger catalog_release_entries_immutable before update or delete on public.catalog_release_entries
  for each row execute function private.refuse_release_change();

alter table public.catalog_releases enable row level security;
alter table public.catalog_release_entries enable row level security;
-- HQ's catalog content is not secret: every signed-in user (staff and tenant apps) reads releases.
create policy "signed-in users read releases" on public.catalog_releases for select to authenticated using (true);
create policy "signed-in users read release entries" on public.catalog_release_entries for select to authenticated using (true);
revoke all on table public.catalog_releases, public.catalog_release_entries from public, anon, authenticated, service_role;
grant select on table public.catalog_releases, public.catalog_release_entries to authenticated;
grant all on table public.catalog_releases, public.catalog_release_entries to service_role;

comment on table public.catalog_releases is 'Published catalog releases (immutable), numbered from 1.';
comment on column public.catalog_releases.release_no is 'Release number, 1, 2, 3…';
comment on column public.catalog_releases.published_at is 'When it was published.';
comment on column public.catalog_releases.published_by is 'Staff member who published it (null: a migration).';
comment on column public.catalog_releases.notes is 'Publisher''s release notes (≤ 2000 characters).';
comment on column public.catalog_releases.entry_count is 'Entries in the release, retired ones included.';
comment on column public.catalog_releases.changelog is '{"added": [{family, code}], "changed": […], "retired": […]} against the previous release (content hash per entry).';
comment on table public.catalog_release_entries is 'The entries of each release, as published (immutable).';
comment on column public.catalog_release_entries.release_no is 'The release.';
comment on column public.catalog_release_entries.family is 'Catalog family.';
comment on column public.catalog_release_entries.code is 'Entry code, unique in its family.';
comment on column public.catalog_release_entries.name is 'Display name {"en","ar"}.';
comment on column public.catalog_release_entries.description is 'Description {"en","ar"}.';
comment on column public.catalog_release_entries.sort_order is 'Order within the family.';
comment on column public.catalog_release_entries.active is 'Whether tenants offer it.';
comment on column public.catalog_release_entries.icon is 'Icon name.';
comment on column public.catalog_release_entries.colour is 'Colour #RRGGBB.';
comment on column public.catalog_release_entries.attributes is 'Family-specific facts (see catalog_entries.attributes).';
comment on column public.catalog_release_entries.retired is 'Retired by HQ: kept so history resolves, never offered.';
comment on column public.catalog_release_entries.entry_hash is 'Hash of the entry''s content: a change between releases is a changed hash.';
