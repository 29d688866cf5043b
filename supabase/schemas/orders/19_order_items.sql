-- The items of an order, named by the tenant's catalog (C9): item type, service category, the
-- customer's preferences, colour, fabric and stains, priced from the tenant's own price list.
-- Written only through add_order_item; the order's items_count and amount_total follow them.
create table public.order_items (
  id uuid primary key default extensions.gen_random_uuid(),
  order_id uuid not null references public.orders (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  item_code text not null,
  service_code text not null,
  quantity integer not null check (quantity between 1 and 1000),
  unit_price numeric(14,3) not null check (unit_price >= 0),
  amount numeric(14,3) not null check (amount >= 0),
  preferences text[] not null default '{}' check (cardinality(preferences) <= 20),
  colour_code text,
  fabric_code text,
  stain_codes text[] not null default '{}' check (cardinality(stain_codes) <= 20),
  note text check (length(note) <= 2000),
  catalog_release_no integer not null,
  created_at timestamptz not null default now(),
  created_by uuid
);
create index order_items_order_id_idx on public.order_items (order_id);
create index order_items_tenant_id_idx on public.order_items (tenant_id);

alter table public.order_items enable row level security;
create policy "order items: members and impersonators read" on public.order_items for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: order items: members and impersonators read" on public.order_items for select to hq_staff
  using (tenant_id = any (array(select private.impersonated_tenant_ids(false))));
revoke all on table public.order_items from public, anon, authenticated, service_role;
grant select on table public.order_items to authenticated;
grant all on table public.order_items to service_role;

comment on table public.order_items is 'The items of an order in the tenant''s catalog terms (item type × service category), priced from its price list.';
comment on column public.order_items.id is 'Row id.';
comment on column public.order_items.order_id is 'The order.';
comment on column public.order_items.tenant_id is 'The order''s tenant.';
comment on column public.order_items.item_code is 'Item type code (catalog family item_types).';
comment on column public.order_items.service_code is 'Service category code the item takes.';
comment on column public.order_items.quantity is 'How many pieces, 1–1000.';
comment on column public.order_items.unit_price is 'The tenant''s price for the item and service when added (0 when it has none).';
comment on column public.order_items.amount is 'quantity × unit_price.';
comment on column public.order_items.preferences is 'Customer preference codes (family preferences).';
comment on column public.order_items.colour_code is 'Colour code (family colours).';
comment on column public.order_items.fabric_code is 'Fabric code (family fabrics).';
comment on column public.order_items.stain_codes is 'Stain codes (family stains).';
comment on column public.order_items.note is 'Free note (≤ 2000 characters).';
comment on column public.order_items.catalog_release_no is 'The catalog release the codes belong to (retired codes still resolve in it); catalog loads after orders, so no foreign key.';
comment on column public.order_items.created_at is 'When it was added.';
comment on column public.order_items.created_by is 'Who added it.';
