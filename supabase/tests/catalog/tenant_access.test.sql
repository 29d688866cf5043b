-- Tenant-side catalog: owners write their own labels and prices only; other tenants' catalogs are
-- invisible; bad labels and prices are refused with a code.
begin;
select plan(12);

select tests.create_tenant('al-noor') as t \gset
select tests.create_tenant('al-bahar') as u \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.create_user('staff@al-noor.test') as member \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.add_member(:'t', :'member', 'operator');
select private.provision_catalog(:'t'), private.provision_catalog(:'u');
select private.provision_payment_methods(:'t');

select tests.authenticate_as(:'owner', 'aal1');
select throws_ok(format($$ select public.set_catalog_override(%L, 'item_types', 'SHIRT', '{"en":"Shirt"}') $$, :'u'), 'PT403',
  'you may not change this tenant''s catalog', 'an owner may not label another tenant''s catalog');
select throws_ok(format($$ select public.set_catalog_override(%L, 'item_types', 'SHIRT', '{"en":"Shirt"}') $$, gen_random_uuid()), 'PT403',
  'you may not change this tenant''s catalog', 'an unknown tenant gets the same answer');
select throws_ok(format($$ select public.set_catalog_override(%L, 'item_types', 'NOPE', '{"en":"x"}') $$, :'t'), 'PT404', null,
  'an entry outside the tenant''s release is refused');
select throws_ok(format($$ select public.set_catalog_override(%L, 'item_types', 'SHIRT', '{"xx":"x"}') $$, :'t'), '22023', null,
  'a label in an unknown language is refused');
select throws_ok(format($$ select public.set_catalog_override(%L, 'item_types', 'SHIRT', jsonb_build_object('en', repeat('x', 201))) $$, :'t'),
  '22023', null, 'an over-long label is refused');
select throws_ok(format($$ select public.set_tenant_price(%L, 'CARPET', 'IRON_ONLY', 2) $$, :'t'), '22023', null,
  'a price for a service the item does not take is refused');
select throws_ok(format($$ select public.set_tenant_price(%L, 'SHIRT', 'LAUNDRY', 1.2345) $$, :'t'), '22023', null,
  'a price with four decimals is refused');
select public.set_tenant_price(:'t', 'SHIRT', 'LAUNDRY', 0.6);
select results_eq(format($$ select price, currency, source from public.tenant_prices where tenant_id = %L and item_code = 'SHIRT' $$, :'t'),
  $$ values (0.6::numeric(14,3), 'OMR'::text, 'tenant'::text) $$, 'the owner sets a price in the tenant''s currency');
select public.set_catalog_override(:'t', 'preferences', 'FOLD', '{"ar":"مطوي بعناية"}');
select results_eq(format($$ select label_en, label_ar, label from public.tenant_catalog_entries where tenant_id = %L and family = 'preferences' and code = 'FOLD' $$, :'t'),
  $$ values ('Folded'::text, 'مطوي بعناية'::text, 'مطوي بعناية'::text) $$,
  'a label in one language keeps HQ''s name in the other; label is in the tenant''s language (ar)');

select tests.authenticate_as(:'member', 'aal1');
select throws_ok(format($$ select public.set_tenant_price(%L, 'SHIRT', 'LAUNDRY', 1) $$, :'t'), 'PT403', null,
  'an operator of the tenant may not change prices');
select ok((select count(*) from public.tenant_catalog_entries where tenant_id = :'t') > 80, 'members read their effective catalog');
select is((select count(*) from public.tenant_catalog_entries where tenant_id = :'u'), 0::bigint, 'another tenant''s catalog reads as empty');
select tests.clear_authentication();

select * from finish();
rollback;
