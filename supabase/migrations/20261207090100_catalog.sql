-- Catalog registry (C9): HQ's draft catalog, immutable numbered releases with changelogs, per-tenant
-- sync through the catalog_sync queue, shadow labels, prices, rollback, import/export, provisioning steps.

CREATE OR REPLACE FUNCTION private.input_limit(kind text) RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case kind
    when 'reason' then 1000              -- why a state change was made
    when 'note' then 2000                -- free notes on an order transition or a publish
    when 'name' then 200                 -- a name or label in one language
    when 'reference' then 200            -- an external reference (payment reference, idempotency key)
    when 'workflow.bytes' then 262144    -- a workflow definition (256 KB of JSON text)
    when 'workflow.stages' then 200      -- stages in one workflow
    when 'workflow.transitions' then 2000
    when 'workflow.guards' then 10       -- guards on one transition
    when 'workflow.patch_bytes' then 65536
    when 'workflow.patch_items' then 200 -- entries in each part of an override patch
    when 'workflow.patch_disable' then 50 -- stages one patch disables (each is bridged in turn)
    when 'name.locales' then 10          -- languages of one bilingual name
    when 'heavy.per_caller' then 1       -- heavy calls one caller may run at once
    when 'heavy.slots' then 4            -- heavy calls the whole database runs at once
    when 'json.bytes' then 65536         -- any other jsonb document (settings, rules, profiles, definitions)
    when 'catalog.import_rows' then 5000 -- rows in one catalog import
    when 'catalog.import_bytes' then 2097152 -- one catalog import (2 MB of JSON text)
  end
$$;

-- catalog/01_catalog_families.sql
-- The kinds of HQ catalog (C9). Code-owned: each family's rules live in catalog_entry_errors (05).
create table public.catalog_families (
  code text primary key check (code ~ '^[a-z][a-z_]{1,39}$'),
  name jsonb not null check (name ? 'en' and name ? 'ar'),
  sort_order integer not null,
  has_icon boolean not null default false,
  has_colour boolean not null default false
);

alter table public.catalog_families enable row level security;
create policy "signed-in users read the catalog families" on public.catalog_families
  for select to authenticated using (true);
revoke all on table public.catalog_families from public, anon, authenticated, service_role;
grant select on table public.catalog_families to authenticated;
grant all on table public.catalog_families to service_role;

comment on table public.catalog_families is 'The kinds of HQ catalog (service categories, item types, fabrics…); fixed by the code that validates them.';
comment on column public.catalog_families.code is 'Stable family code, e.g. item_types.';
comment on column public.catalog_families.name is 'Display name, {"en","ar"}.';
comment on column public.catalog_families.sort_order is 'Order of the families in the console.';
comment on column public.catalog_families.has_icon is 'Entries of this family carry an icon.';
comment on column public.catalog_families.has_colour is 'Entries of this family carry a colour.';

insert into public.catalog_families (code, name, sort_order, has_icon, has_colour) values
  ('service_categories', '{"en": "Service categories", "ar": "فئات الخدمة"}', 10, true, true),
  ('item_types', '{"en": "Item types", "ar": "أنواع القطع"}', 20, true, false),
  ('fabrics', '{"en": "Fabrics", "ar": "الأقمشة"}', 30, false, false),
  ('stains', '{"en": "Stains", "ar": "البقع"}', 40, false, true),
  ('preferences', '{"en": "Customer preferences", "ar": "تفضيلات العملاء"}', 50, true, false),
  ('payment_methods', '{"en": "Payment methods", "ar": "طرق الدفع"}', 60, true, false),
  ('organisation_types', '{"en": "Organisation types", "ar": "أنواع المنشآت"}', 70, false, false),
  ('priorities', '{"en": "Priorities", "ar": "الأولويات"}', 80, true, true),
  ('colours', '{"en": "Colours", "ar": "الألوان"}', 90, false, true),
  ('icons', '{"en": "Icons", "ar": "الأيقونات"}', 100, true, false);

-- catalog/02_catalog_entries.sql
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
create policy "HQ catalog readers see the draft" on public.catalog_entries
  for select to authenticated using ((select private.has_permission('catalogs.read')));
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

-- catalog/03_catalog_releases.sql
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

-- catalog/04_tenant_catalog_state.sql
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
create policy "tenant members and HQ catalog readers see catalog state" on public.tenant_catalog_state
  for select to authenticated using (
    tenant_id = any (array(select private.my_tenant_ids()))
    or (select private.has_permission('catalogs.read'))
    or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
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
create policy "tenant members and HQ catalog readers see overrides" on public.tenant_catalog_overrides
  for select to authenticated using (
    tenant_id = any (array(select private.my_tenant_ids()))
    or (select private.has_permission('catalogs.read'))
    or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
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

-- catalog/05_catalog_prices.sql
-- Prices are the tenant's. HQ may suggest a price list per currency; provisioning copies the
-- suggestions into a tenant that has no price for that item and service, and nothing else writes
-- tenant prices but the tenant.
create table public.catalog_price_suggestions (
  currency text not null references public.currencies (code),
  item_code text not null check (item_code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
  service_code text not null check (service_code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
  price numeric(14,3) not null check (price >= 0 and price <= 1000000),
  updated_at timestamptz not null default now(),
  primary key (currency, item_code, service_code)
);

alter table public.catalog_price_suggestions enable row level security;
create policy "signed-in users read suggested prices" on public.catalog_price_suggestions for select to authenticated using (true);
revoke all on table public.catalog_price_suggestions from public, anon, authenticated, service_role;
grant select on table public.catalog_price_suggestions to authenticated;
grant all on table public.catalog_price_suggestions to service_role;

comment on table public.catalog_price_suggestions is 'HQ''s suggested prices per currency, item type and service category; never written over a tenant''s own.';
comment on column public.catalog_price_suggestions.currency is 'ISO currency.';
comment on column public.catalog_price_suggestions.item_code is 'Item type code.';
comment on column public.catalog_price_suggestions.service_code is 'Service category code.';
comment on column public.catalog_price_suggestions.price is 'Suggested price in the currency (3 decimals).';
comment on column public.catalog_price_suggestions.updated_at is 'Last change.';

create table public.tenant_prices (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  item_code text not null check (item_code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
  service_code text not null check (service_code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
  currency text not null references public.currencies (code),
  price numeric(14,3) not null check (price >= 0 and price <= 1000000),
  source text not null default 'tenant' check (source in ('tenant', 'suggested')),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (tenant_id, item_code, service_code)
);
create index tenant_prices_currency_idx on public.tenant_prices (currency);

alter table public.tenant_prices enable row level security;
create policy "tenant members and HQ catalog readers see prices" on public.tenant_prices
  for select to authenticated using (
    tenant_id = any (array(select private.my_tenant_ids()))
    or (select private.has_permission('catalogs.read'))
    or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
revoke all on table public.tenant_prices from public, anon, authenticated, service_role;
grant select on table public.tenant_prices to authenticated;
grant all on table public.tenant_prices to service_role;

comment on table public.tenant_prices is 'A tenant''s price per item type and service category, in its currency.';
comment on column public.tenant_prices.tenant_id is 'The tenant.';
comment on column public.tenant_prices.item_code is 'Item type code.';
comment on column public.tenant_prices.service_code is 'Service category code.';
comment on column public.tenant_prices.currency is 'The tenant''s currency.';
comment on column public.tenant_prices.price is 'Price (3 decimals; rounded per currency when charged).';
comment on column public.tenant_prices.source is 'suggested (copied from HQ at provisioning) or tenant (set by the tenant).';
comment on column public.tenant_prices.updated_at is 'Last change.';
comment on column public.tenant_prices.updated_by is 'Who set it.';

create table public.tenant_payment_methods (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  method_code text not null check (method_code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
  enabled boolean not null default true,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, method_code)
);

alter table public.tenant_payment_methods enable row level security;
create policy "tenant members and HQ catalog readers see payment methods" on public.tenant_payment_methods
  for select to authenticated using (
    tenant_id = any (array(select private.my_tenant_ids()))
    or (select private.has_permission('catalogs.read'))
    or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
revoke all on table public.tenant_payment_methods from public, anon, authenticated, service_role;
grant select on table public.tenant_payment_methods to authenticated;
grant all on table public.tenant_payment_methods to service_role;

comment on table public.tenant_payment_methods is 'The payment methods a tenant takes from its customers, provisioned from its country.';
comment on column public.tenant_payment_methods.tenant_id is 'The tenant.';
comment on column public.tenant_payment_methods.method_code is 'payment_methods entry code.';
comment on column public.tenant_payment_methods.enabled is 'Whether the tenant offers it.';
comment on column public.tenant_payment_methods.updated_at is 'Last change.';

-- catalog/06_catalog_entry_hash.sql
-- The content hash that decides whether an entry changed between releases.
create function private.catalog_entry_hash(name jsonb, description jsonb, sort_order integer, active boolean,
    icon text, colour text, attributes jsonb, retired boolean) returns text
    language sql immutable
    set search_path to ''
    as $$
  select md5(jsonb_build_array(name, description, sort_order, active, icon, colour, attributes, retired)::text)
$$;

revoke all on function private.catalog_entry_hash(jsonb, jsonb, integer, boolean, text, text, jsonb, boolean) from public, anon, authenticated, service_role;
grant execute on function private.catalog_entry_hash(jsonb, jsonb, integer, boolean, text, text, jsonb, boolean) to authenticated, service_role;

-- catalog/07_catalog_entry_errors.sql
-- Everything wrong with one catalog entry, as readable reasons (empty: valid). Used by
-- save_catalog_entry and by the import preview, so both refuse the same things.
create function private.catalog_entry_errors(family text, code text, name jsonb, description jsonb,
    sort_order integer, icon text, colour text, attributes jsonb, known_service_categories text[]) returns text[]
    language plpgsql stable
    set search_path to ''
    as $$
declare
  errors text[] := '{}';
  fam public.catalog_families;
  allowed text[];
  k text;
  v jsonb;
begin
  select * into fam from public.catalog_families f where f.code = catalog_entry_errors.family;
  if fam.code is null then
    return array[format('unknown family %s', coalesce(family, 'null'))];
  end if;
  if code is null or code !~ '^[A-Z][A-Z0-9_]{0,39}$' then
    errors := errors || 'the code is 1–40 upper-case letters, digits or _, starting with a letter'::text;
  end if;
  if name is null or jsonb_typeof(name) <> 'object' or coalesce(btrim(name ->> 'en'), '') = '' then
    errors := errors || 'an English name is required'::text;
  end if;
  foreach v in array array[coalesce(name, '{}'), coalesce(description, '{}')] loop
    if jsonb_typeof(v) <> 'object' then
      errors := errors || 'names and descriptions are {"en": …, "ar": …} objects'::text;
      continue;
    end if;
    for k in select jsonb_object_keys(v) loop
      if not exists (select from public.locales l where l.code = k) then
        errors := errors || format('unknown language %s', left(k, 20));
      elsif jsonb_typeof(v -> k) <> 'string' or length(v ->> k) > 2000 then
        errors := errors || format('the %s text is a string of at most 2000 characters', k);
      end if;
    end loop;
  end loop;
  if name is not null and jsonb_typeof(name) = 'object'
     and exists (select from jsonb_each_text(name) e where length(e.value) > 200) then
    errors := errors || 'a name is at most 200 characters'::text;
  end if;
  if sort_order is null or sort_order not between 0 and 100000 then
    errors := errors || 'the sort order is between 0 and 100000'::text;
  end if;
  if icon is not null and (not fam.has_icon or icon !~ '^[a-z0-9][a-z0-9_-]{0,63}$') then
    errors := errors || case when fam.has_icon then 'an icon name is lower-case letters, digits, _ or -' else 'this family has no icons' end;
  end if;
  if colour is not null and (not fam.has_colour or colour !~ '^#[0-9A-Fa-f]{6}$') then
    errors := errors || case when fam.has_colour then 'a colour is #RRGGBB' else 'this family has no colours' end;
  end if;
  if attributes is null or jsonb_typeof(attributes) <> 'object' or length(attributes::text) > 4096 then
    return errors || 'attributes are a JSON object of at most 4 KB'::text;
  end if;

  allowed := case fam.code
    when 'item_types' then array['service_categories']
    when 'priorities' then array['lead_time_factor']
    when 'payment_methods' then array['countries']
    when 'preferences' then array['default']
    else '{}'::text[] end;
  for k in select jsonb_object_keys(attributes) loop
    if not k = any (allowed) then
      errors := errors || format('%s entries have no attribute %s', fam.code, left(k, 40));
    end if;
  end loop;
  if fam.code = 'item_types' then
    if jsonb_typeof(attributes -> 'service_categories') is distinct from 'array'
       or jsonb_array_length(attributes -> 'service_categories') = 0 then
      errors := errors || 'an item type names the service categories it takes (attributes.service_categories)'::text;
    else
      for k in select jsonb_array_elements_text(attributes -> 'service_categories') loop
        if not k = any (coalesce(known_service_categories, '{}')) then
          errors := errors || format('unknown service category %s', left(k, 40));
        end if;
      end loop;
    end if;
  elsif fam.code = 'priorities' then
    if jsonb_typeof(attributes -> 'lead_time_factor') is distinct from 'number'
       or (attributes ->> 'lead_time_factor')::numeric not between 0.1 and 10 then
      errors := errors || 'a priority has a lead_time_factor between 0.1 and 10'::text;
    end if;
  elsif fam.code = 'payment_methods' and attributes ? 'countries' then
    if jsonb_typeof(attributes -> 'countries') <> 'array' then
      errors := errors || 'countries is a list of country codes'::text;
    else
      for k in select jsonb_array_elements_text(attributes -> 'countries') loop
        if not exists (select from public.countries c where c.code = k) then
          errors := errors || format('unknown country %s', left(k, 10));
        end if;
      end loop;
    end if;
  elsif fam.code = 'preferences' and attributes ? 'default' and jsonb_typeof(attributes -> 'default') <> 'boolean' then
    errors := errors || 'default is true or false'::text;
  end if;
  return errors;
end
$$;

revoke all on function private.catalog_entry_errors(text, text, jsonb, jsonb, integer, text, text, jsonb, text[]) from public, anon, authenticated, service_role;
grant execute on function private.catalog_entry_errors(text, text, jsonb, jsonb, integer, text, text, jsonb, text[]) to authenticated, service_role;

-- The draft's service categories that item types may name.
create function private.catalog_live_service_categories() returns text[]
    language sql stable
    set search_path to ''
    as $$
  select coalesce(array_agg(e.code), '{}') from public.catalog_entries e
  where e.family = 'service_categories' and e.retired_at is null
$$;

revoke all on function private.catalog_live_service_categories() from public, anon, authenticated, service_role;
grant execute on function private.catalog_live_service_categories() to authenticated, service_role;

-- catalog/08_save_catalog_entry.sql
-- Creates or edits an entry of HQ's draft (catalogs.write). The code is the entry's identity and
-- never changes; a retired entry is not edited.
create function public.save_catalog_entry(family text, code text, name jsonb, description jsonb default '{}',
    sort_order integer default 0, active boolean default true, icon text default null, colour text default null,
    attributes jsonb default '{}', reason text default null) returns uuid
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.catalog_entries;
  after_row public.catalog_entries;
  errors text[];
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  errors := private.catalog_entry_errors(family, code, name, coalesce(description, '{}'), sort_order, icon, colour,
    coalesce(attributes, '{}'), private.catalog_live_service_categories());
  if cardinality(errors) > 0 then
    raise exception using errcode = '22023', message = 'the catalog entry is not valid', detail = 'catalog.invalid_entry',
      hint = array_to_string(errors, '; ');
  end if;
  select * into before_row from public.catalog_entries e
  where e.family = save_catalog_entry.family and e.code = save_catalog_entry.code for update;
  if before_row.retired_at is not null then
    raise exception using errcode = 'PT409', message = format('%s %s is retired', family, code), detail = 'catalog.entry_retired',
      hint = 'a retired entry stays as it was; add a new code';
  end if;
  insert into public.catalog_entries as e (family, code, name, description, sort_order, active, icon, colour, attributes, updated_by)
  values (family, code, name, coalesce(description, '{}'), sort_order, coalesce(active, true), icon, colour, coalesce(attributes, '{}'), auth.uid())
  on conflict on constraint catalog_entries_family_code_key do update
    set name = excluded.name, description = excluded.description, sort_order = excluded.sort_order, active = excluded.active,
        icon = excluded.icon, colour = excluded.colour, attributes = excluded.attributes, updated_at = now(), updated_by = excluded.updated_by
  returning * into after_row;
  perform audit.record(case when before_row.id is null then 'catalog.entry_create' else 'catalog.entry_update' end,
    'catalog_entry', family || ':' || code, to_jsonb(before_row), to_jsonb(after_row), null, reason);
  return after_row.id;
end
$$;

revoke all on function public.save_catalog_entry(text, text, jsonb, jsonb, integer, boolean, text, text, jsonb, text) from public, anon, authenticated, service_role;
grant execute on function public.save_catalog_entry(text, text, jsonb, jsonb, integer, boolean, text, text, jsonb, text) to authenticated, service_role;
comment on function public.save_catalog_entry(text, text, jsonb, jsonb, integer, boolean, text, text, jsonb, text) is
  'Creates or edits an entry of HQ''s draft catalog (catalogs.write); the next published release carries it.';

-- catalog/09_retire_catalog_entry.sql
-- Retires a draft entry (catalogs.write): the next release keeps it, marked retired, so tenants'
-- history still resolves; it is never deleted. A service category that live item types still
-- take cannot be retired.
create function public.retire_catalog_entry(family text, code text, reason text) returns void
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
    raise exception using errcode = 'PT404', message = format('no catalog entry %s %s', left(family, 40), left(code, 40)),
      detail = 'catalog.unknown_entry', hint = 'check the family and code';
  end if;
  if before_row.retired_at is not null then
    raise exception using errcode = 'PT409', message = format('%s %s is already retired', family, code), detail = 'catalog.entry_retired';
  end if;
  if family = 'service_categories' then
    select array_agg(e.code order by e.code) into users from public.catalog_entries e
    where e.family = 'item_types' and e.retired_at is null
      and e.attributes -> 'service_categories' ? retire_catalog_entry.code;
    if users is not null then
      raise exception using errcode = 'PT409', message = format('item types still take %s: %s', code, array_to_string(users[1:10], ', ')),
        detail = 'catalog.entry_in_use', hint = 'remove the category from those item types first';
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

-- catalog/10_catalog_changes.sql
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
create function public.preview_catalog_release() returns jsonb
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

-- catalog/11_apply_catalog_release.sql
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

-- catalog/12_enqueue_catalog_sync.sql
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

-- catalog/13_publish_catalog_release.sql
-- Publishes HQ's draft as the next immutable release (catalogs.write) with its changelog, and
-- queues a sync for every tenant that is not pinned. Publishers are serialised: a second publish
-- of the same draft at the same moment finds nothing new and is refused.
create function public.publish_catalog_release(notes text default '', reason text default null) returns jsonb
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
    raise exception using errcode = 'PT409', message = 'the draft has no changes since the last release',
      detail = 'catalog.nothing_to_publish', hint = 'edit the draft first';
  end if;
  new_no := coalesce(latest, 0) + 1;
  select count(*) into entries from private.catalog_draft_rows(latest);
  insert into public.catalog_releases (release_no, published_by, notes, entry_count, changelog)
  values (new_no, auth.uid(), coalesce(notes, ''), entries, changes);
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

-- catalog/14_tenant_catalog_actions.sql
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
    raise exception using errcode = 'PT409', message = 'the tenant has no catalog yet', detail = 'catalog.tenant_not_provisioned',
      hint = 'a tenant gets its catalog when it is activated';
  end if;
  return st;
end
$$;
revoke all on function private.lock_tenant_catalog_state(uuid) from public, anon, authenticated, service_role;

-- Moves one tenant to a release now (default: the latest), pinned or not.
create function public.upgrade_tenant_catalog(tenant_id uuid, release_no integer default null, reason text default null) returns jsonb
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
  target := coalesce(release_no, (select max(r.release_no) from public.catalog_releases r));
  if target is null or not exists (select from public.catalog_releases r where r.release_no = target) then
    raise exception using errcode = 'PT404', message = format('no catalog release %s', coalesce(target::text, '(none published)')),
      detail = 'catalog.unknown_release';
  end if;
  conflicts := private.apply_catalog_release(tenant_id, target, 'upgrade', reason);
  return jsonb_build_object('from_release', st.release_no, 'release_no', target, 'conflicts', conflicts);
end
$$;
revoke all on function public.upgrade_tenant_catalog(uuid, integer, text) from public, anon, authenticated, service_role;
grant execute on function public.upgrade_tenant_catalog(uuid, integer, text) to authenticated, service_role;
comment on function public.upgrade_tenant_catalog(uuid, integer, text) is
  'Moves one tenant to a catalog release now (default the latest; catalogs.write); its shadow labels are kept and checked for conflicts.';

-- Queues every tenant that is not pinned onto a release (default: the latest).
create function public.upgrade_all_tenant_catalogs(release_no integer default null, reason text default null) returns integer
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  target integer;
  queued integer;
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  target := coalesce(release_no, (select max(r.release_no) from public.catalog_releases r));
  if target is null or not exists (select from public.catalog_releases r where r.release_no = target) then
    raise exception using errcode = 'PT404', message = format('no catalog release %s', coalesce(target::text, '(none published)')),
      detail = 'catalog.unknown_release';
  end if;
  queued := private.enqueue_catalog_sync(target);
  perform audit.record('catalog.upgrade_all', 'catalog_release', target::text, null, jsonb_build_object('tenants_queued', queued), null, reason);
  return queued;
end
$$;
revoke all on function public.upgrade_all_tenant_catalogs(integer, text) from public, anon, authenticated, service_role;
grant execute on function public.upgrade_all_tenant_catalogs(integer, text) to authenticated, service_role;
comment on function public.upgrade_all_tenant_catalogs(integer, text) is
  'Queues a catalog.sync job for every tenant that is not pinned and not on the release (catalogs.write); answers how many.';

-- Pins (or unpins) a tenant to its release: publishing does not move a pinned tenant.
create function public.pin_tenant_catalog(tenant_id uuid, pinned boolean, reason text default null) returns void
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

-- Returns a tenant to the release it ran before, keeping its shadow labels, and pins it there so
-- the next publish does not move it straight back.
create function public.rollback_tenant_catalog(tenant_id uuid, reason text) returns jsonb
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
    raise exception using errcode = '22023', message = 'a rollback needs a reason', detail = 'catalog.reason_required';
  end if;
  st := private.lock_tenant_catalog_state(tenant_id);
  if st.previous_release_no is null then
    raise exception using errcode = 'PT409', message = 'the tenant has no earlier catalog release', detail = 'catalog.no_previous_release';
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

-- What an upgrade would change for one tenant (HQ catalogs.read or someone who may read the
-- tenant): the entry changes and the shadow labels that would conflict.
create function public.preview_tenant_catalog_upgrade(tenant_id uuid, release_no integer default null) returns jsonb
    language plpgsql stable security definer
    set search_path to ''
    as $$
declare
  st public.tenant_catalog_state;
  target integer;
begin
  if not (private.has_permission('catalogs.read') or private.can_read_tenant(tenant_id)) then
    raise exception using errcode = 'PT403', message = 'you may not see this tenant''s catalog', detail = 'catalog.forbidden';
  end if;
  select * into st from public.tenant_catalog_state s where s.tenant_id = preview_tenant_catalog_upgrade.tenant_id;
  if st.tenant_id is null then
    raise exception using errcode = 'PT409', message = 'the tenant has no catalog yet', detail = 'catalog.tenant_not_provisioned';
  end if;
  target := coalesce(release_no, (select max(r.release_no) from public.catalog_releases r));
  if not exists (select from public.catalog_releases r where r.release_no = target) then
    raise exception using errcode = 'PT404', message = format('no catalog release %s', coalesce(target::text, '(none published)')),
      detail = 'catalog.unknown_release';
  end if;
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

-- catalog/15_set_catalog_override.sql
-- A tenant's shadow label for an HQ entry of the release it runs: its own name, hidden, or its own
-- order (tenant owners and admins, HQ with tenants.write, a full impersonation). Saving clears a
-- conflict: the tenant has seen HQ's change.
create function public.set_catalog_override(tenant_id uuid, family text, code text, label jsonb default null,
    hidden boolean default false, sort_order integer default null) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  entry public.catalog_release_entries;
  before_row public.tenant_catalog_overrides;
  after_row public.tenant_catalog_overrides;
  k text;
begin
  if not private.can_write_tenant(tenant_id) then
    raise exception using errcode = 'PT403', message = 'you may not change this tenant''s catalog', detail = 'catalog.forbidden';
  end if;
  perform private.assert_json_size(label, 'the label');
  select r.* into entry from public.tenant_catalog_state s
  join public.catalog_release_entries r on r.release_no = s.release_no and r.family = set_catalog_override.family and r.code = set_catalog_override.code
  where s.tenant_id = set_catalog_override.tenant_id;
  if entry.code is null or entry.retired then
    raise exception using errcode = 'PT404', message = format('no catalog entry %s %s in the tenant''s release', left(family, 40), left(code, 40)),
      detail = 'catalog.unknown_entry', hint = 'check the family and code';
  end if;
  if label is not null then
    if jsonb_typeof(label) <> 'object' or label = '{}' then
      raise exception using errcode = '22023', message = 'a label is {"en": …, "ar": …}', detail = 'catalog.invalid_label';
    end if;
    for k in select jsonb_object_keys(label) loop
      if not exists (select from public.locales l where l.code = k) or jsonb_typeof(label -> k) <> 'string'
         or btrim(label ->> k) = '' or length(label ->> k) > private.input_limit('name') then
        raise exception using errcode = '22023', message = format('the %s label is 1–%s characters of a known language', left(k, 10), private.input_limit('name')),
          detail = 'catalog.invalid_label';
      end if;
    end loop;
  end if;
  if sort_order is not null and sort_order not between 0 and 100000 then
    raise exception using errcode = '22023', message = 'the sort order is between 0 and 100000', detail = 'catalog.invalid_label';
  end if;
  select * into before_row from public.tenant_catalog_overrides o
  where o.tenant_id = set_catalog_override.tenant_id and o.family = set_catalog_override.family and o.code = set_catalog_override.code for update;
  insert into public.tenant_catalog_overrides as o (tenant_id, family, code, label, hidden, sort_order, base_hash, updated_by)
  values (tenant_id, family, code, label, coalesce(hidden, false), sort_order, entry.entry_hash, auth.uid())
  on conflict on constraint tenant_catalog_overrides_pkey do update
    set label = excluded.label, hidden = excluded.hidden, sort_order = excluded.sort_order, base_hash = excluded.base_hash,
        conflict = null, conflict_release_no = null, updated_at = now(), updated_by = excluded.updated_by
  returning * into after_row;
  update public.tenant_catalog_state s
  set conflicts = (select count(*) from public.tenant_catalog_overrides o where o.tenant_id = s.tenant_id and o.conflict is not null)
  where s.tenant_id = set_catalog_override.tenant_id;
  perform audit.record('catalog.override_set', 'catalog_override', format('%s:%s', family, code),
    to_jsonb(before_row), to_jsonb(after_row), tenant_id, null);
end
$$;
revoke all on function public.set_catalog_override(uuid, text, text, jsonb, boolean, integer) from public, anon, authenticated, service_role;
grant execute on function public.set_catalog_override(uuid, text, text, jsonb, boolean, integer) to authenticated, service_role;
comment on function public.set_catalog_override(uuid, text, text, jsonb, boolean, integer) is
  'Sets a tenant''s shadow label for a catalog entry: its own {"en","ar"} label, hidden, or its own order (tenant owner/admin or HQ tenants.write); clears a conflict.';

-- Removes a shadow label: the entry shows as HQ publishes it again.
create function public.clear_catalog_override(tenant_id uuid, family text, code text) returns boolean
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.tenant_catalog_overrides;
begin
  if not private.can_write_tenant(tenant_id) then
    raise exception using errcode = 'PT403', message = 'you may not change this tenant''s catalog', detail = 'catalog.forbidden';
  end if;
  delete from public.tenant_catalog_overrides o
  where o.tenant_id = clear_catalog_override.tenant_id and o.family = clear_catalog_override.family and o.code = clear_catalog_override.code
  returning * into before_row;
  if before_row.tenant_id is null then
    return false;
  end if;
  update public.tenant_catalog_state s
  set conflicts = (select count(*) from public.tenant_catalog_overrides o where o.tenant_id = s.tenant_id and o.conflict is not null)
  where s.tenant_id = clear_catalog_override.tenant_id;
  perform audit.record('catalog.override_clear', 'catalog_override', format('%s:%s', family, code), to_jsonb(before_row), null, tenant_id, null);
  return true;
end
$$;
revoke all on function public.clear_catalog_override(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function public.clear_catalog_override(uuid, text, text) to authenticated, service_role;
comment on function public.clear_catalog_override(uuid, text, text) is
  'Removes a tenant''s shadow label for a catalog entry (tenant owner/admin or HQ tenants.write); answers whether there was one.';

-- catalog/16_prices.sql
-- A tenant's own price for an item type and service category of its release, in its currency
-- (tenant owners and admins, HQ tenants.write). A null price removes it.
create function public.set_tenant_price(tenant_id uuid, item_code text, service_code text, price numeric) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  item public.catalog_release_entries;
  tenant_currency text;
  before_row public.tenant_prices;
begin
  if not private.can_write_tenant(tenant_id) then
    raise exception using errcode = 'PT403', message = 'you may not change this tenant''s prices', detail = 'catalog.forbidden';
  end if;
  select r.* into item from public.tenant_catalog_state s
  join public.catalog_release_entries r on r.release_no = s.release_no and r.family = 'item_types' and r.code = set_tenant_price.item_code
  where s.tenant_id = set_tenant_price.tenant_id and not r.retired;
  if item.code is null or not (item.attributes -> 'service_categories') ? service_code then
    raise exception using errcode = '22023', message = format('%s is not an item type that takes %s in the tenant''s catalog', left(item_code, 40), left(service_code, 40)),
      detail = 'catalog.invalid_price', hint = 'price an item type for one of its service categories';
  end if;
  if price is not null and (price < 0 or price > 1000000 or scale(price) > 3) then
    raise exception using errcode = '22023', message = 'a price is between 0 and 1,000,000 with at most 3 decimals', detail = 'catalog.invalid_price';
  end if;
  select t.currency into tenant_currency from public.tenants t where t.id = set_tenant_price.tenant_id;
  select * into before_row from public.tenant_prices p
  where p.tenant_id = set_tenant_price.tenant_id and p.item_code = set_tenant_price.item_code and p.service_code = set_tenant_price.service_code for update;
  if price is null then
    delete from public.tenant_prices p where p.tenant_id = set_tenant_price.tenant_id and p.item_code = set_tenant_price.item_code
      and p.service_code = set_tenant_price.service_code;
  else
    insert into public.tenant_prices as p (tenant_id, item_code, service_code, currency, price, source, updated_by)
    values (tenant_id, item_code, service_code, tenant_currency, price, 'tenant', auth.uid())
    on conflict on constraint tenant_prices_pkey do update
      set price = excluded.price, currency = excluded.currency, source = 'tenant', updated_at = now(), updated_by = excluded.updated_by;
  end if;
  perform audit.record('catalog.price_set', 'tenant_price', format('%s:%s', item_code, service_code), to_jsonb(before_row),
    case when price is null then null else jsonb_build_object('price', price, 'currency', tenant_currency) end, tenant_id, null);
end
$$;
revoke all on function public.set_tenant_price(uuid, text, text, numeric) from public, anon, authenticated, service_role;
grant execute on function public.set_tenant_price(uuid, text, text, numeric) to authenticated, service_role;
comment on function public.set_tenant_price(uuid, text, text, numeric) is
  'Sets (or with null removes) a tenant''s price for an item type and service category, in its currency (tenant owner/admin or HQ tenants.write).';

-- HQ's suggested price per currency (catalogs.write); a null price removes the suggestion.
create function public.set_suggested_price(currency text, item_code text, service_code text, price numeric, reason text default null) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.catalog_price_suggestions;
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if not exists (select from public.currencies c where c.code = set_suggested_price.currency)
     or not exists (select from public.catalog_entries e where e.family = 'item_types' and e.code = set_suggested_price.item_code
                    and e.retired_at is null and e.attributes -> 'service_categories' ? set_suggested_price.service_code) then
    raise exception using errcode = '22023', message = 'a suggested price needs a known currency and an item type that takes the service category',
      detail = 'catalog.invalid_price';
  end if;
  if price is not null and (price < 0 or price > 1000000 or scale(price) > 3) then
    raise exception using errcode = '22023', message = 'a price is between 0 and 1,000,000 with at most 3 decimals', detail = 'catalog.invalid_price';
  end if;
  select * into before_row from public.catalog_price_suggestions s
  where s.currency = set_suggested_price.currency and s.item_code = set_suggested_price.item_code and s.service_code = set_suggested_price.service_code for update;
  if price is null then
    delete from public.catalog_price_suggestions s where s.currency = set_suggested_price.currency
      and s.item_code = set_suggested_price.item_code and s.service_code = set_suggested_price.service_code;
  else
    insert into public.catalog_price_suggestions as s (currency, item_code, service_code, price)
    values (currency, item_code, service_code, price)
    on conflict on constraint catalog_price_suggestions_pkey do update set price = excluded.price, updated_at = now();
  end if;
  perform audit.record('catalog.suggested_price_set', 'catalog_price', format('%s:%s:%s', currency, item_code, service_code),
    to_jsonb(before_row), case when price is null then null else jsonb_build_object('price', price) end, null, reason);
end
$$;
revoke all on function public.set_suggested_price(text, text, text, numeric, text) from public, anon, authenticated, service_role;
grant execute on function public.set_suggested_price(text, text, text, numeric, text) to authenticated, service_role;
comment on function public.set_suggested_price(text, text, text, numeric, text) is
  'Sets (or with null removes) HQ''s suggested price per currency, item type and service category (catalogs.write); never written over a tenant''s own price.';

-- catalog/17_tenant_catalog_entries.sql
-- A tenant's effective catalog, for tenant apps and the console: the entries of the release it
-- runs with its shadow labels applied. `label` is in the tenant's language, `label_en` and
-- `label_ar` in each, falling back to English. A security-invoker view: row-level security on the
-- tables beneath decides which tenants a caller sees (another tenant's catalog reads as empty), and
-- the planner sees through it (a filter on tenant_id or family reaches the indexes).
create view public.tenant_catalog_entries with (security_invoker = true) as
select s.tenant_id, r.family, r.code,
       coalesce(o.label ->> t.default_locale, r.name ->> t.default_locale, o.label ->> 'en', r.name ->> 'en') as label,
       coalesce(o.label ->> 'en', r.name ->> 'en') as label_en,
       coalesce(o.label ->> 'ar', r.name ->> 'ar', o.label ->> 'en', r.name ->> 'en') as label_ar,
       r.name || coalesce(o.label, '{}') as name,
       r.description,
       coalesce(o.sort_order, r.sort_order) as sort_order,
       r.icon, r.colour, r.attributes,
       r.active and not r.retired and not coalesce(o.hidden, false)
         and (r.family <> 'payment_methods' or coalesce(pm.enabled, false)) as visible,
       coalesce(o.hidden, false) as hidden,
       r.retired,
       o.code is not null as overridden,
       o.conflict,
       s.release_no
from public.tenant_catalog_state s
join public.tenants t on t.id = s.tenant_id
join public.catalog_release_entries r on r.release_no = s.release_no
left join public.tenant_catalog_overrides o on o.tenant_id = s.tenant_id and o.family = r.family and o.code = r.code
-- a join, not a per-row exists: the tenant_id filter then reaches the primary key
left join public.tenant_payment_methods pm on pm.tenant_id = s.tenant_id and r.family = 'payment_methods' and pm.method_code = r.code;

revoke all on table public.tenant_catalog_entries from public, anon, authenticated, service_role;
grant select on table public.tenant_catalog_entries to authenticated, service_role;

comment on view public.tenant_catalog_entries is 'A tenant''s effective catalog: its release''s entries with its shadow labels; filter on tenant_id. Row-level security applies.';
comment on column public.tenant_catalog_entries.tenant_id is 'The tenant.';
comment on column public.tenant_catalog_entries.family is 'Catalog family.';
comment on column public.tenant_catalog_entries.code is 'Entry code.';
comment on column public.tenant_catalog_entries.label is 'The label in the tenant''s default language (its own label first, then HQ''s name, then English).';
comment on column public.tenant_catalog_entries.label_en is 'The label in English.';
comment on column public.tenant_catalog_entries.label_ar is 'The label in Arabic (English when there is none).';
comment on column public.tenant_catalog_entries.name is 'HQ''s name with the tenant''s labels over it, {"en","ar"}.';
comment on column public.tenant_catalog_entries.description is 'HQ''s description {"en","ar"}.';
comment on column public.tenant_catalog_entries.sort_order is 'The tenant''s order, else HQ''s.';
comment on column public.tenant_catalog_entries.icon is 'Icon name.';
comment on column public.tenant_catalog_entries.colour is 'Colour #RRGGBB.';
comment on column public.tenant_catalog_entries.attributes is 'Family-specific facts (catalog_entries.attributes).';
comment on column public.tenant_catalog_entries.visible is 'Offered to the tenant''s customers: active, not retired, not hidden, and for payment methods enabled for the tenant.';
comment on column public.tenant_catalog_entries.hidden is 'Hidden by the tenant.';
comment on column public.tenant_catalog_entries.retired is 'Retired by HQ.';
comment on column public.tenant_catalog_entries.overridden is 'The tenant has a shadow label for it.';
comment on column public.tenant_catalog_entries.conflict is 'retired or changed: HQ changed the entry since the tenant labelled it.';
comment on column public.tenant_catalog_entries.release_no is 'The release the tenant runs.';

-- catalog/18_provision_catalog.sql
-- Provisioning steps (C1 auto-seed): activation gives a tenant the current release, the payment
-- methods of its country and HQ's suggested prices in its currency. Each step only adds what is
-- missing, so a reactivation applies the delta and never overwrites the tenant's choices.

create function private.provision_catalog(tenant_id uuid) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  latest integer := (select max(r.release_no) from public.catalog_releases r);
begin
  insert into public.tenant_catalog_state as s (tenant_id, release_no, status, synced_at)
  values (tenant_id, latest, case when latest is null then 'pending' else 'synced' end, case when latest is null then null else now() end)
  on conflict on constraint tenant_catalog_state_pkey do update
    set release_no = excluded.release_no, status = excluded.status, synced_at = excluded.synced_at, updated_at = now()
    where s.release_no is null;
end
$$;
revoke all on function private.provision_catalog(uuid) from public, anon, authenticated, service_role;

create function private.provision_payment_methods(tenant_id uuid) returns void
    language sql security definer
    set search_path to ''
    as $$
  insert into public.tenant_payment_methods (tenant_id, method_code)
  select t.id, r.code
  from public.tenants t
  join public.tenant_catalog_state s on s.tenant_id = t.id
  join public.catalog_release_entries r on r.release_no = s.release_no and r.family = 'payment_methods' and r.active and not r.retired
  where t.id = provision_payment_methods.tenant_id
    and (not r.attributes ? 'countries' or r.attributes -> 'countries' ? t.country)
  on conflict do nothing
$$;
revoke all on function private.provision_payment_methods(uuid) from public, anon, authenticated, service_role;

create function private.provision_price_list(tenant_id uuid) returns void
    language sql security definer
    set search_path to ''
    as $$
  insert into public.tenant_prices (tenant_id, item_code, service_code, currency, price, source)
  select t.id, p.item_code, p.service_code, p.currency, p.price, 'suggested'
  from public.tenants t
  join public.catalog_price_suggestions p on p.currency = t.currency
  where t.id = provision_price_list.tenant_id
  on conflict do nothing
$$;
revoke all on function private.provision_price_list(uuid) from public, anon, authenticated, service_role;

select private.register_provisioning_step('catalog', '{"en": "Catalog", "ar": "الكتالوج"}', 30,
  'private.provision_catalog(uuid)'::regprocedure, 1, '{"en": "The current HQ catalog release"}');
select private.register_provisioning_step('payment_methods', '{"en": "Payment methods", "ar": "طرق الدفع"}', 31,
  'private.provision_payment_methods(uuid)'::regprocedure, 1, '{"en": "The payment methods of the tenant''s country"}');
select private.register_provisioning_step('price_list', '{"en": "Price list", "ar": "قائمة الأسعار"}', 32,
  'private.provision_price_list(uuid)'::regprocedure, 1, '{"en": "HQ''s suggested prices in the tenant''s currency, where it has none"}');

-- catalog/19_import_catalog.sql
-- Bulk import into HQ's draft (the console turns CSV or JSON files into these rows). The preview
-- says line by line what would be added, changed, left unchanged or refused and why; the import
-- writes only when no line is refused, so a bad file changes nothing.
--   row: {"family", "code", "name_en", "name_ar", "description_en", "description_ar", "sort_order",
--         "active", "icon", "colour", "attributes"}  — export_catalog answers the same shape.

create function private.catalog_import_outcomes(rows jsonb)
    returns table (line integer, family text, code text, outcome text, reasons text[], entry jsonb)
    language plpgsql stable
    set search_path to ''
    as $$
declare
  allowed constant text[] := array['family', 'code', 'name_en', 'name_ar', 'description_en', 'description_ar',
                                   'sort_order', 'active', 'icon', 'colour', 'attributes'];
  r record;
  seen text[] := '{}';
  categories text[];
  existing public.catalog_entries;
  e jsonb;
  errs text[];
  k text;
begin
  if rows is null or jsonb_typeof(rows) <> 'array' then
    raise exception using errcode = '22023', message = 'an import is a JSON array of rows', detail = 'catalog.invalid_import';
  end if;
  if length(rows::text) > private.input_limit('catalog.import_bytes') then
    raise exception using errcode = '22023', message = format('an import is at most %s bytes', private.input_limit('catalog.import_bytes')),
      detail = 'input.too_large', hint = 'split the file';
  end if;
  perform private.assert_json_count(rows, 'the import', 'catalog.import_rows');
  -- Item types may name service categories added by the same file.
  categories := private.catalog_live_service_categories() || coalesce((
    select array_agg(x ->> 'code') from jsonb_array_elements(rows) x
    where jsonb_typeof(x) = 'object' and x ->> 'family' = 'service_categories'), '{}');
  for r in select x.value as v, x.ordinality::integer as n from jsonb_array_elements(rows) with ordinality x loop
    line := r.n; family := null; code := null; entry := null; errs := '{}';
    if jsonb_typeof(r.v) <> 'object' then
      outcome := 'refused'; reasons := array['a row is an object']; return next; continue;
    end if;
    family := left(r.v ->> 'family', 60); code := left(r.v ->> 'code', 60);
    for k in select jsonb_object_keys(r.v) loop
      if not k = any (allowed) then errs := errs || format('unknown column %s', left(k, 40)); end if;
    end loop;
    if (family || ':' || code) = any (seen) then
      errs := errs || 'the same family and code appear twice in the file'::text;
    end if;
    seen := seen || (family || ':' || code);
    begin
      e := jsonb_build_object(
        'name', jsonb_strip_nulls(jsonb_build_object('en', r.v -> 'name_en', 'ar', r.v -> 'name_ar')),
        'description', jsonb_strip_nulls(jsonb_build_object('en', nullif(r.v ->> 'description_en', ''), 'ar', nullif(r.v ->> 'description_ar', ''))),
        'sort_order', coalesce((r.v ->> 'sort_order')::integer, 0),
        'active', coalesce((r.v ->> 'active')::boolean, true),
        'icon', nullif(r.v ->> 'icon', ''), 'colour', nullif(r.v ->> 'colour', ''),
        'attributes', coalesce(case jsonb_typeof(r.v -> 'attributes') when 'string' then (r.v ->> 'attributes')::jsonb else r.v -> 'attributes' end, '{}'));
    exception when invalid_text_representation or numeric_value_out_of_range or invalid_parameter_value then
      outcome := 'refused'; reasons := errs || 'sort_order is a whole number, active true or false, attributes JSON'::text; return next; continue;
    end;
    errs := errs || private.catalog_entry_errors(family, code, e -> 'name', e -> 'description', (e ->> 'sort_order')::integer,
      e ->> 'icon', e ->> 'colour', e -> 'attributes', categories);
    select * into existing from public.catalog_entries x where x.family = catalog_import_outcomes.family and x.code = catalog_import_outcomes.code;
    if existing.retired_at is not null then
      errs := errs || 'the entry is retired'::text;
    end if;
    entry := e;
    reasons := errs;
    outcome := case when cardinality(errs) > 0 then 'refused'
                    when existing.id is null then 'add'
                    when (existing.name, existing.description, existing.sort_order, existing.active, existing.icon, existing.colour, existing.attributes)
                         is not distinct from (e -> 'name', e -> 'description', (e ->> 'sort_order')::integer, (e ->> 'active')::boolean,
                                               e ->> 'icon', e ->> 'colour', e -> 'attributes') then 'unchanged'
                    else 'change' end;
    return next;
  end loop;
end
$$;
revoke all on function private.catalog_import_outcomes(jsonb) from public, anon, authenticated, service_role;
grant execute on function private.catalog_import_outcomes(jsonb) to authenticated, service_role;

create function public.preview_catalog_import(rows jsonb) returns jsonb
    language plpgsql stable security definer
    set search_path to ''
    as $$
begin
  perform private.assert_permission('catalogs.write');
  return (
    select jsonb_build_object(
      'lines', coalesce(jsonb_agg(jsonb_build_object('line', o.line, 'family', o.family, 'code', o.code, 'outcome', o.outcome, 'reasons', to_jsonb(o.reasons)) order by o.line), '[]'),
      'add', count(*) filter (where o.outcome = 'add'), 'change', count(*) filter (where o.outcome = 'change'),
      'unchanged', count(*) filter (where o.outcome = 'unchanged'), 'refused', count(*) filter (where o.outcome = 'refused'))
    from private.catalog_import_outcomes(rows) o);
end
$$;
revoke all on function public.preview_catalog_import(jsonb) from public, anon, authenticated, service_role;
grant execute on function public.preview_catalog_import(jsonb) to authenticated, service_role;
comment on function public.preview_catalog_import(jsonb) is
  'Line-by-line preview of a catalog import (catalogs.write): add, change, unchanged or refused with reasons; writes nothing.';

create function public.import_catalog(rows jsonb, reason text default null) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  outcomes jsonb;
  refused integer;
  written integer := 0;
  o jsonb;
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  -- One import at a time, so two files cannot interleave their lines.
  perform pg_advisory_xact_lock(hashtext('catalog.import'));
  select coalesce(jsonb_agg(to_jsonb(x) order by (x.family <> 'service_categories'), x.line), '[]')
  into outcomes from private.catalog_import_outcomes(rows) x;
  select count(*) into refused from jsonb_array_elements(outcomes) y where y ->> 'outcome' = 'refused';
  if refused > 0 then
    raise exception using errcode = '22023', message = format('%s of the lines are refused; nothing was imported', refused),
      detail = 'catalog.import_refused', hint = 'preview the import to see each line''s reasons';
  end if;
  -- Service categories first (the order above): item types may name them.
  for o in select y from jsonb_array_elements(outcomes) y where y ->> 'outcome' in ('add', 'change') loop
    insert into public.catalog_entries as x (family, code, name, description, sort_order, active, icon, colour, attributes, updated_by)
    values (o ->> 'family', o ->> 'code', o -> 'entry' -> 'name', o -> 'entry' -> 'description', (o -> 'entry' ->> 'sort_order')::integer,
            (o -> 'entry' ->> 'active')::boolean, o -> 'entry' ->> 'icon', o -> 'entry' ->> 'colour', o -> 'entry' -> 'attributes', auth.uid())
    on conflict on constraint catalog_entries_family_code_key do update
      set name = excluded.name, description = excluded.description, sort_order = excluded.sort_order, active = excluded.active,
          icon = excluded.icon, colour = excluded.colour, attributes = excluded.attributes, updated_at = now(), updated_by = excluded.updated_by;
    written := written + 1;
  end loop;
  perform audit.record('catalog.import', 'catalog_draft', 'import', null,
    jsonb_build_object('lines', jsonb_array_length(rows), 'written', written), null, reason);
  return jsonb_build_object('lines', jsonb_array_length(rows), 'written', written,
    'unchanged', (select count(*) from jsonb_array_elements(outcomes) y where y ->> 'outcome' = 'unchanged'));
end
$$;
revoke all on function public.import_catalog(jsonb, text) from public, anon, authenticated, service_role;
grant execute on function public.import_catalog(jsonb, text) to authenticated, service_role;
comment on function public.import_catalog(jsonb, text) is
  'Imports rows into HQ''s draft catalog (catalogs.write) when no line is refused; otherwise nothing is written (catalog.import_refused).';

create function public.export_catalog(family text default null) returns jsonb
    language plpgsql stable security definer
    set search_path to ''
    as $$
begin
  perform private.assert_permission('catalogs.read');
  return coalesce((
    select jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
             'family', e.family, 'code', e.code, 'name_en', e.name ->> 'en', 'name_ar', e.name ->> 'ar',
             'description_en', e.description ->> 'en', 'description_ar', e.description ->> 'ar',
             'sort_order', e.sort_order, 'active', e.active, 'icon', e.icon, 'colour', e.colour, 'attributes', e.attributes))
           order by e.family, e.sort_order, e.code)
    from public.catalog_entries e
    where e.retired_at is null and (export_catalog.family is null or e.family = export_catalog.family)), '[]');
end
$$;
revoke all on function public.export_catalog(text) from public, anon, authenticated, service_role;
grant execute on function public.export_catalog(text) to authenticated, service_role;
comment on function public.export_catalog(text) is
  'HQ''s live draft entries (catalogs.read) as import rows: exporting and importing back changes nothing.';

-- catalog/20_catalog_sync_overview.sql
-- Per-tenant catalog sync for the console (catalogs.read): the release each tenant runs, whether a
-- sync is pending or failed (its job's last run failed), conflicts and pinning.
create function public.catalog_sync_overview(status_filter text default null, search text default null,
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
    raise exception using errcode = '22023', message = 'max_rows is 1–500 and skip_rows at least 0', detail = 'input.out_of_range';
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

