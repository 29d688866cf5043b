-- HQ's draft and its releases: who may edit and publish, what is refused, changelogs by content
-- hash, retired entries kept, releases immutable.
begin;
select plan(18);

select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('auditor@hq.test', 'auditor') as auditor \gset
select tests.create_tenant('al-noor') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select max(release_no) as r1 from public.catalog_releases \gset
select coalesce(max(id), 0) as audit_before from audit.log \gset

-- Who may write: catalogs.write at aal2 only
select tests.authenticate_as(:'owner', 'aal2');
select throws_ok($$ select public.save_catalog_entry('fabrics', 'VISCOSE', '{"en":"Viscose","ar":"فسكوز"}') $$, 'PT403', null,
  'a tenant user may not edit HQ''s catalog');
select tests.authenticate_as(:'auditor', 'aal2');
select throws_ok($$ select public.save_catalog_entry('fabrics', 'VISCOSE', '{"en":"Viscose","ar":"فسكوز"}') $$, 'PT403', null,
  'catalogs.read is not enough to edit');
select ok((select count(*) from public.catalog_entries) > 0, 'an auditor reads the draft');
select tests.authenticate_as(:'tech', 'aal1');
select throws_ok($$ select public.publish_catalog_release('x') $$, 'PT403', null, 'publishing needs aal2');

-- Bad entries get a code and change nothing
select tests.authenticate_as(:'tech', 'aal2');
select throws_ok($$ select public.save_catalog_entry('fabrics', 'VISCOSE', '{"ar":"فسكوز"}') $$, '22023', 'the catalog entry is not valid',
  'a missing English name is refused');
select throws_ok($$ select public.save_catalog_entry('item_types', 'ROBE', '{"en":"Robe"}', '{}', 10, true, null, null, '{"service_categories":["STEAM"]}') $$,
  '22023', 'the catalog entry is not valid', 'an item type naming an unknown service category is refused');
select throws_ok($$ select public.save_catalog_entry('fabrics', 'viscose', '{"en":"Viscose"}') $$, '22023', null, 'a lower-case code is refused');
select throws_ok($$ select public.save_catalog_entry('fabrics', 'VISCOSE', '{"en":"Viscose"}', '{}', 0, true, null, '#FF0000') $$, '22023', null,
  'a colour on a family without colours is refused');
select throws_ok($$ select public.save_catalog_entry('nope', 'X', '{"en":"X"}') $$, '22023', null, 'an unknown family is refused');
select is((select count(*) from public.catalog_entries where code in ('VISCOSE', 'ROBE', 'X')), 0::bigint, 'nothing was written');

-- Edit, add and retire; the changelog is computed by content hash
select public.save_catalog_entry('fabrics', 'VISCOSE', '{"en":"Viscose","ar":"فسكوز"}', '{}', 110);
select public.save_catalog_entry('fabrics', 'SILK', '{"en":"Pure silk","ar":"حرير طبيعي"}', '{}', 30);
select public.save_catalog_entry('fabrics', 'COTTON', '{"en":"Cotton","ar":"قطن"}', '{}', 10);
select public.retire_catalog_entry('fabrics', 'DENIM', 'no longer offered');
select throws_ok($$ select public.retire_catalog_entry('service_categories', 'LAUNDRY', 'x') $$, 'PT409', null,
  'a service category that live item types take cannot be retired');
select is(public.publish_catalog_release('Fabrics update') -> 'changelog',
  '{"added": [{"code": "VISCOSE", "family": "fabrics"}], "changed": [{"code": "SILK", "family": "fabrics"}], "retired": [{"code": "DENIM", "family": "fabrics"}], "removed": []}'::jsonb,
  'the changelog lists what was added, changed and retired (COTTON saved unchanged is not listed)');
select is((select max(release_no) from public.catalog_releases), :r1 + 1, 'the release is numbered next');
select results_eq(format($$ select retired from public.catalog_release_entries where release_no = %s and family = 'fabrics' and code = 'DENIM' $$, :r1 + 1),
  $$ values (true) $$, 'the retired entry stays in the release, marked retired');
select throws_ok($$ select public.save_catalog_entry('fabrics', 'DENIM', '{"en":"Denim"}') $$, 'PT409', null, 'a retired entry is not edited');
select throws_ok($$ select public.publish_catalog_release('again') $$, 'PT409', 'the draft has no changes since the last release',
  'publishing an unchanged draft is refused');
select tests.clear_authentication();
select throws_ok(format($$ update public.catalog_release_entries set name = '{"en":"x"}' where release_no = %s $$, :r1),
  'PT409', 'a published catalog release never changes', 'a published release never changes');
select is((select count(*) from audit.log where id > :audit_before
           and action in ('catalog.entry_create', 'catalog.entry_update', 'catalog.entry_retire', 'catalog.publish')
           and entity_id in ('fabrics:VISCOSE', 'fabrics:SILK', 'fabrics:COTTON', 'fabrics:DENIM', (:r1 + 1)::text)), 5::bigint,
  'every change is audited');

select * from finish();
rollback;
