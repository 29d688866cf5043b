-- Provisioning a catalog is a delta: a step that runs again (a new step version, a reactivation)
-- adds what is missing and never overwrites the tenant's own prices or payment-method choices.
begin;
select plan(5);

select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset
select tests.create_tenant('al-noor', 'approved') as t \gset
select tests.authenticate_as(:'biz', 'aal2');
select public.activate_tenant(:'t');
select tests.clear_authentication();
select private.dispatch('lifecycle');
select is((select count(*) from public.tenant_provisioning where tenant_id = :'t' and step_code in ('catalog', 'payment_methods', 'price_list') and status = 'done'),
  3::bigint, 'activation ran the three catalog steps');

-- The tenant's own choices, then HQ adds a suggestion and the price-list step gets a new version.
update public.tenant_prices set price = 9.999, source = 'tenant' where tenant_id = :'t' and item_code = 'THOBE' and service_code = 'LAUNDRY';
update public.tenant_payment_methods set enabled = false where tenant_id = :'t' and method_code = 'CASH';
insert into public.catalog_price_suggestions (currency, item_code, service_code, price) values ('OMR', 'SUIT', 'IRON_ONLY', 1.5);
select private.register_provisioning_step('price_list', '{"en": "Price list", "ar": "قائمة الأسعار"}', 32,
  'private.provision_price_list(uuid)'::regprocedure, 2);
select private.register_provisioning_step('payment_methods', '{"en": "Payment methods", "ar": "طرق الدفع"}', 31,
  'private.provision_payment_methods(uuid)'::regprocedure, 2);
select is(private.provision_tenant(:'t') -> 'done', '["payment_methods", "price_list"]'::jsonb, 'only the steps with a new version run');
select is((select price from public.tenant_prices where tenant_id = :'t' and item_code = 'SUIT' and service_code = 'IRON_ONLY'), 1.5::numeric(14,3),
  'the new suggestion is added');
select is((select price from public.tenant_prices where tenant_id = :'t' and item_code = 'THOBE' and service_code = 'LAUNDRY'), 9.999::numeric(14,3),
  'the tenant''s own price is kept');
select is((select enabled from public.tenant_payment_methods where tenant_id = :'t' and method_code = 'CASH'), false,
  'a payment method the tenant turned off stays off');

select * from finish();
rollback;
