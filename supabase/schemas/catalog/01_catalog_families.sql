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
