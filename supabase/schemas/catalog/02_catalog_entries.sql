-- HQ's draft catalog: what the next release will contain. Written only through save_catalog_entry,
-- retire_catalog_entry and import_catalog; a code never changes and an entry is never deleted
-- (retiring keeps it, so tenants' history still resolves).
create table public.catalog_entries (
  id uuid primary key default extensions.gen_random_uuid(),
  family text not null references public.catalog_families (code),
  code text not null check (code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
  name jsonb not null check (jsonb_typeof(name) = 'object' and name ? 'en'),
  description jsonb not null default '{}' check (jsonb_typeof(description) = 'object'),
  sort_order integer not null default 0 check (sort_order between 0 and 100000),
  active boolean not null default true,
  icon text check (icon ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  colour text check (colour ~ '^#[0-9A-Fa-f]{6}$'),
  attributes jsonb not null default '{}' check (jsonb_typeof(attributes) = 'object'),
  retired_at timestamptz,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique (family, code)
);

alter table public.catalog_entries enable row level security;
create policy "HQ catalog readers see the draft" on public.catalog_entries for select to hq_staff
  using ((select private.has_permission('catalogs.read')));
revoke all on table public.catalog_entries from public, anon, authenticated, service_role;
grant select on table public.catalog_entries to authenticated;
grant all on table public.catalog_entries to service_role;

comment on table public.catalog_entries is 'HQ''s draft catalog (catalogs.read); publishing copies it into an immutable release.';
comment on column public.catalog_entries.id is 'Row id.';
comment on column public.catalog_entries.family is 'The catalog family (catalog_families.code).';
comment on column public.catalog_entries.code is 'Upper-case code, unique in its family; never changes once published.';
comment on column public.catalog_entries.name is 'Display name {"en" (required), "ar"}.';
comment on column public.catalog_entries.description is 'Optional description {"en","ar"}.';
comment on column public.catalog_entries.sort_order is 'Order within the family, 0–100000.';
comment on column public.catalog_entries.active is 'Inactive entries stay in releases but tenants do not offer them.';
comment on column public.catalog_entries.icon is 'Icon name (families with icons).';
comment on column public.catalog_entries.colour is 'Colour #RRGGBB (families with colours).';
comment on column public.catalog_entries.attributes is 'Family-specific facts: item_types.service_categories, priorities.lead_time_factor, payment_methods.countries, preferences.default.';
comment on column public.catalog_entries.retired_at is 'When HQ retired the entry; the next release marks it retired (never deleted).';
comment on column public.catalog_entries.updated_at is 'Last change to the draft entry.';
comment on column public.catalog_entries.updated_by is 'Staff member who last changed it.';
