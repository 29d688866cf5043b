-- The RLS matrix of the catalog tables and order items (same personas and probe as the identity matrix): who
-- reads what, and that nobody writes any of them directly (writes go through the functions).
begin;
select plan(11);

select tests.create_tenant('tenant-a') as a \gset
select tests.create_tenant('tenant-b') as b \gset
select tests.create_rls_personas(:'a', :'b');
select private.provision_tenant(:'a'), private.provision_tenant(:'b');
-- an order with one catalog item per tenant (orders/order_items)
select public.add_order_item((public.create_order(x, 'wash_iron', 'M-1', 'Matrix') ->> 'id')::uuid, 'SHIRT', 'LAUNDRY') from unnest(array[:'a', :'b']::uuid[]) x;
insert into public.tenant_catalog_overrides (tenant_id, family, code, hidden, base_hash)
values (:'a', 'fabrics', 'SILK', true, 'x'), (:'b', 'fabrics', 'SILK', true, 'x');
insert into public.tenant_prices (tenant_id, item_code, service_code, currency, price)
values (:'a', 'SHIRT', 'DRY_CLEAN', 'OMR', 0.5), (:'b', 'SHIRT', 'DRY_CLEAN', 'OMR', 0.5);

create temp table matrix (tbl text, scope text, target text, upd text, readers text, writers text[]);
insert into matrix values
  ('public.catalog_families', 'true', $$code = 'fabrics'$$, 'sort_order', 'signed_in', '{}'),
  ('public.catalog_entries', $$family = 'fabrics'$$, $$family = 'fabrics' and code = 'SILK'$$, 'sort_order', 'permission:catalogs.read', '{}'),
  ('public.catalog_releases', 'true', 'release_no = 1', 'notes', 'signed_in', '{}'),
  ('public.catalog_release_entries', $$release_no = 1 and family = 'fabrics'$$, $$release_no = 1 and family = 'fabrics' and code = 'SILK'$$,
     'sort_order', 'signed_in', '{}'),
  ('public.catalog_price_suggestions', $$currency = 'OMR'$$, $$currency = 'OMR' and item_code = 'SHIRT' and service_code = 'LAUNDRY'$$, 'price', 'signed_in', '{}'),
  ('public.tenant_catalog_state', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'pinned',
     'permission_or_tenant:catalogs.read', '{}'),
  ('public.tenant_catalog_overrides', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'hidden',
     'permission_or_tenant:catalogs.read', '{}'),
  ('public.order_items', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'quantity', 'tenant_only', '{}'),
  ('public.tenant_prices', format($$tenant_id in (%L, %L) and item_code = 'SHIRT' and service_code = 'DRY_CLEAN'$$, :'a', :'b'), format($$tenant_id = %L and item_code = 'SHIRT' and service_code = 'DRY_CLEAN'$$, :'a'), 'price',
     'permission_or_tenant:catalogs.read', '{}'),
  ('public.tenant_payment_methods', format($$tenant_id in (%L, %L) and method_code = 'CASH'$$, :'a', :'b'),
     format($$tenant_id = %L and method_code = 'CASH'$$, :'a'), 'enabled', 'permission_or_tenant:catalogs.read', '{}');

alter table matrix add column sample jsonb;
update matrix set sample = tests.rls_sample(tbl, target);

select is((select array_agg(m.tbl order by m.tbl) from matrix m
           where not (select c.relrowsecurity from pg_class c where c.oid = m.tbl::regclass)),
          null, 'every catalog table has RLS enabled');

select results_eq(
  format($q$ select p.name, tests.rls_probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, tests.rls_expected(p.name, %L, %L, %L, %L::text[]) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers, m.writers),
  m.tbl || ': what each persona can do is exactly what it should')
from matrix m
order by m.tbl;

select * from finish();
rollback;
