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
create policy "tenant members and HQ catalog readers see prices" on public.tenant_prices for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant members and HQ catalog readers see prices" on public.tenant_prices for select to hq_staff
  using ((select private.has_permission('catalogs.read')) or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
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
create policy "tenant members and HQ catalog readers see payment methods" on public.tenant_payment_methods for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant members and HQ catalog readers see payment methods" on public.tenant_payment_methods for select to hq_staff
  using ((select private.has_permission('catalogs.read')) or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
revoke all on table public.tenant_payment_methods from public, anon, authenticated, service_role;
grant select on table public.tenant_payment_methods to authenticated;
grant all on table public.tenant_payment_methods to service_role;

comment on table public.tenant_payment_methods is 'The payment methods a tenant takes from its customers, provisioned from its country.';
comment on column public.tenant_payment_methods.tenant_id is 'The tenant.';
comment on column public.tenant_payment_methods.method_code is 'payment_methods entry code.';
comment on column public.tenant_payment_methods.enabled is 'Whether the tenant offers it.';
comment on column public.tenant_payment_methods.updated_at is 'Last change.';
