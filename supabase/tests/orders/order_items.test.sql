-- Orders in the tenant's catalog terms: an activated tenant takes an order whose items are its
-- catalog's entries (read back in Arabic), priced from its price list; codes it does not offer are
-- refused with the reasons, and nothing is written.
begin;
select plan(9);

select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset
select tests.create_tenant('al-noor', 'approved') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.create_user('viewer@al-noor.test') as viewer \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.add_member(:'t', :'viewer', 'viewer');
select tests.authenticate_as(:'biz', 'aal2');
select public.activate_tenant(:'t');
select tests.clear_authentication();
select private.dispatch('lifecycle');

select tests.authenticate_as(:'owner', 'aal1');
select public.set_catalog_override(:'t', 'item_types', 'THOBE', '{"ar":"دشداشة"}');
select public.create_order(:'t', 'wash_iron', 'N-1', 'Salim') ->> 'id' as o \gset
select is(public.add_order_item(:'o', 'THOBE', 'LAUNDRY', 3, array['STARCH_LIGHT', 'HANG'], 'WHITE', 'COTTON', array['SAFFRON']) - 'id',
  '{"priced": true, "unit_price": 0.8, "items_count": 3, "amount_total": 2.4}'::jsonb, 'three thobes priced from the tenant''s list');
select is(public.add_order_item(:'o', 'GHUTRA', 'IRON_ONLY', 2) - 'id',
  '{"priced": false, "unit_price": 0, "items_count": 5, "amount_total": 2.4}'::jsonb, 'an item without a price is added at 0 and says so');
select results_eq(format($$ select e.label_ar, i.quantity from public.order_items i
  join public.tenant_catalog_entries e on e.tenant_id = i.tenant_id and e.family = 'item_types' and e.code = i.item_code
  where i.order_id = %L order by i.quantity desc $$, :'o'),
  $$ values ('دشداشة'::text, 3), ('غترة / شماغ', 2) $$, 'the items read back in Arabic, with the tenant''s own label');
select throws_ok(format($$ select public.add_order_item(%L, 'THOBE', 'STEAM', 1) $$, :'o'), '22023', 'the order item is not valid',
  'a service the tenant''s catalog does not offer is refused');
select throws_ok(format($$ select public.add_order_item(%L, 'CARPET', 'IRON_ONLY', 1) $$, :'o'), '22023', null,
  'an item type that does not take the service is refused');
select throws_ok(format($$ select public.add_order_item(%L, 'SHIRT', 'LAUNDRY', 1, array['NOPE']) $$, :'o'), '22023', null,
  'an unknown preference is refused');
select public.set_catalog_override(:'t', 'fabrics', 'SILK', null, true);
select throws_ok(format($$ select public.add_order_item(%L, 'SHIRT', 'LAUNDRY', 1, '{}', null, 'SILK') $$, :'o'), '22023', null,
  'a fabric the tenant hid is not offered');
select is((select count(*) from public.order_items where order_id = :'o'), 2::bigint, 'refused items wrote nothing');
select tests.authenticate_as(:'viewer', 'aal1');
select throws_ok(format($$ select public.add_order_item(%L, 'SHIRT', 'LAUNDRY', 1) $$, :'o'), 'PT403', null, 'a viewer may not add items');

select * from finish();
rollback;
