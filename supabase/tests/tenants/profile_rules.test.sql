-- Tenant profiles billing accepts (issue 13 §5, §6): reference lists, maximum lengths, and
-- country/region/currency editable only by HQ and only until the tenant is billed.
begin;
select plan(26);

select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset
select tests.create_staff('support@hq.test', 'support') as support \gset
select tests.create_user('owner@a.test') as owner_a \gset

-- the lists the console reads
select tests.authenticate_as(:'support', 'aal2');
select ok((select count(*) from public.countries) >= 6, 'signed-in users read the countries');
select ok((select count(*) from public.regions) = 7, 'and the regions');
select is((select array_agg(code order by code) from public.locales), array['ar', 'en'], 'and the languages');
select ok((select count(*) from public.currencies) >= 8, 'and the currencies');
select tests.authenticate_as_anon();
select throws_ok($$ select count(*) from public.countries $$, '42501', null, 'anonymous callers read no list');

-- create_tenant refuses what billing would refuse
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok($$ select public.create_tenant('xx-land', '{"en":"X"}', 'XX', 'GCC-OM', 'Asia/Muscat', 'OMR') $$,
  '22023', 'invalid country ''XX''', 'country XX is not in the list');
select throws_ok($$ select public.create_tenant('zzz-money', '{"en":"X"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'ZZZ') $$,
  '22023', 'invalid currency ''ZZZ''', 'currency ZZZ is not in the list');
select throws_like(format($$ select public.create_tenant('long-name', %L::jsonb, 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR') $$,
  jsonb_build_object('en', repeat('n', 5000))), 'the tenant profile is not valid', 'a 5,000-character name is refused');
select throws_like(format($$ select public.create_tenant('long-legal', '{"en":"X"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', legal_name => %L) $$,
  repeat('l', 201)), 'the tenant profile is not valid', 'a legal name over 200 characters is refused');
select lives_ok(format($$ select public.create_tenant('just-fits', %L::jsonb, 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', legal_name => %L,
  contact => %L::jsonb) $$, jsonb_build_object('en', repeat('n', 200), 'ar', repeat('ن', 200)), repeat('l', 200),
  jsonb_build_object('name', repeat('c', 200), 'phone', repeat('1', 32))), 'texts at their maximum are accepted');
select throws_like(format($$ select public.create_tenant('big-fields', '{"en":"X"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', custom_fields => %L::jsonb) $$,
  jsonb_build_object('notes', repeat('x', 9000))), 'the tenant profile is not valid', 'custom fields over 8 KiB are refused');
select is((select count(*) from public.tenants where slug in ('xx-land', 'zzz-money', 'long-name', 'long-legal', 'big-fields')), 0::bigint,
  'nothing refused was stored');
select is(private.tenant_text_limits() ->> 'name.en', '200', 'the limits are one function the console mirrors');

-- the hint names the field that is too long
select is(tests.error_of(format($$ select public.create_tenant('long-hint', %L::jsonb, 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR') $$,
  jsonb_build_object('en', repeat('n', 201))), '{sqlstate} {detail}: {hint}'), '22023 tenant.invalid: name.en is longer than 200 characters',
  'the hint names the field and its limit');

-- a tenant without a legal name can be edited (the console sends legal_name null)
select public.create_tenant('no-legal', '{"en":"No Legal"}', 'BH', 'GCC-BH', 'Asia/Bahrain', 'BHD') as t \gset
select lives_ok(format($$ update public.tenants set legal_name = null, name = '{"en":"No Legal 2"}' where id = %L $$, :'t'),
  'a profile edit with an empty legal name is accepted');

-- country, region and currency: editable by HQ until billed
select is(public.tenant_billing_fields_editable(:'t'), true, 'a new tenant''s country, region and currency may change');
select lives_ok(format($$ update public.tenants set country = 'AE', region = 'GCC-AE', currency = 'AED' where id = %L $$, :'t'),
  'HQ changes them before billing');
select throws_like(format($$ update public.tenants set currency = 'ZZZ' where id = %L $$, :'t'), 'the tenant profile is not valid',
  'an unknown currency is refused on update');
select throws_like(format($$ update public.tenants set country = 'XX' where id = %L $$, :'t'), 'the tenant profile is not valid',
  'an unknown country is refused on update');
select throws_like(format($$ update public.tenants set legal_name = %L where id = %L $$, repeat('l', 201), :'t'),
  'the tenant profile is not valid', 'lengths hold on update too');
select tests.clear_authentication();
select tests.add_member(:'t', :'owner_a', 'owner');
select tests.authenticate_as(:'owner_a');
select throws_ok(format($$ update public.tenants set currency = 'OMR' where id = %L $$, :'t'), '42501', null,
  'a tenant owner may not change the currency');
select lives_ok(format($$ update public.tenants set legal_name = 'Owner Co' where id = %L $$, :'t'), 'but keeps the rest of the profile');
select is(public.tenant_billing_fields_editable(:'t'), false, 'the console shows them read-only to an owner');
select tests.clear_authentication();
select tests.create_open_invoice(:'t', 10);
select tests.authenticate_as(:'biz', 'aal2');
select is(public.tenant_billing_fields_editable(:'t'), false, 'a billed tenant''s country, region and currency are fixed');
select throws_ok(format($$ update public.tenants set currency = 'OMR' where id = %L $$, :'t'), 'PT409',
  'the tenant has been billed: its country, region and currency are fixed', 'even HQ cannot change them after an invoice');
select throws_ok($$ select public.tenant_billing_fields_editable('00000000-0000-4000-a000-00000000dead') $$, 'PT404', null,
  'an unknown tenant');

select * from finish();
rollback;
