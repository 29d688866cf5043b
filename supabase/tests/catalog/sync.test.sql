-- Releases reach tenants: provisioning at activation, one idempotent sync job per tenant on
-- publish, pinning, one-by-one upgrades, rollback, and shadow labels kept with conflicts reported.
begin;
select plan(19);

select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset
select tests.create_tenant('al-noor', 'approved') as t \gset
select tests.create_tenant('al-bahar', 'approved') as u \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select max(release_no) as r1 from public.catalog_releases \gset

-- Activation provisions the current release, the country's payment methods and suggested prices
select tests.authenticate_as(:'biz', 'aal2');
select public.activate_tenant(:'t');
select public.activate_tenant(:'u');
select tests.clear_authentication();
select ok(private.dispatch('lifecycle') >= 2, 'the provisioning jobs run');
select results_eq(format($$ select release_no, status from public.tenant_catalog_state where tenant_id = %L $$, :'t'),
  format($$ values (%s, 'synced'::text) $$, :r1), 'an activated tenant runs the current release');
select ok(exists (select from public.tenant_payment_methods where tenant_id = :'t' and method_code = 'OMANNET')
  and not exists (select from public.tenant_payment_methods where tenant_id = :'t' and method_code = 'MADA'),
  'payment methods follow the tenant''s country (Oman: OmanNet, not mada)');
select is((select price from public.tenant_prices where tenant_id = :'t' and item_code = 'THOBE' and service_code = 'LAUNDRY'), 0.8::numeric(14,3),
  'suggested prices in the tenant''s currency are copied');

-- A shadow label, then HQ changes that entry and retires another the tenant relabelled
select tests.authenticate_as(:'owner', 'aal1');
select public.set_catalog_override(:'t', 'item_types', 'THOBE', '{"en":"Dishdasha","ar":"دشداشة"}');
select public.set_catalog_override(:'t', 'item_types', 'KUMMA', null, true);
select public.set_catalog_override(:'t', 'item_types', 'TOWEL', '{"en":"Bath towel"}');
select tests.authenticate_as(:'tech', 'aal2');
select public.pin_tenant_catalog(:'u', true, 'waits for training');
select public.save_catalog_entry('item_types', 'THOBE', '{"en":"Thobe","ar":"ثوب"}', '{}', 30, true, 'thobe', null,
  '{"service_categories":["LAUNDRY","DRY_CLEAN","IRON_ONLY","REPAIRS","ALTERATION"]}');
select public.retire_catalog_entry('item_types', 'TOWEL', 'not offered any more');
select ok((public.publish_catalog_release('Thobe and towels') ->> 'tenants_queued')::int >= 1, 'publishing queues tenants');
select results_eq(format($$ select tenant_id, target_release_no, status from public.tenant_catalog_state where tenant_id in (%L, %L) order by tenant_id = %L $$, :'t', :'u', :'u'),
  format($$ values (%L::uuid, %s, 'pending'::text), (%L::uuid, null::int, 'synced'::text) $$, :'t', :r1 + 1, :'u'), 'the tenant is queued; the pinned one is not');
select is(public.preview_tenant_catalog_upgrade(:'t') -> 'conflicts',
  '[{"code": "THOBE", "family": "item_types", "conflict": "changed"}, {"code": "TOWEL", "family": "item_types", "conflict": "retired"}]'::jsonb,
  'the tenant''s diff shows the labels that will conflict');
select tests.clear_authentication();
select ok(private.dispatch('catalog_sync') >= 1, 'the sync jobs run');
select is(private.dispatch('catalog_sync'), 0, 'and only once');
select results_eq(format($$ select release_no, previous_release_no, status, conflicts from public.tenant_catalog_state where tenant_id = %L $$, :'t'),
  format($$ values (%s, %s, 'synced'::text, 2) $$, :r1 + 1, :r1), 'the tenant moved to the new release with two conflicts');
select results_eq(format($$ select code, conflict from public.tenant_catalog_overrides where tenant_id = %L order by code $$, :'t'),
  $$ values ('KUMMA'::text, null::text), ('THOBE', 'changed'), ('TOWEL', 'retired') $$, 'overrides are kept; the conflicts are marked, not dropped');
select results_eq(format($$ select label_ar, visible from public.tenant_catalog_entries where tenant_id = %L and family = 'item_types' and code in ('THOBE', 'KUMMA') order by code $$, :'t'),
  $$ values ('كمة'::text, false), ('دشداشة', true) $$, 'the effective catalog applies the tenant''s label and hiding');
select is((select release_no from public.tenant_catalog_state where tenant_id = :'u'), :r1, 'a pinned tenant stays on its release');

-- Rollback returns the tenant to its previous release with its labels, and pins it
select tests.authenticate_as(:'tech', 'aal2');
select throws_ok(format($$ select public.rollback_tenant_catalog(%L, '') $$, :'t'), '22023', null, 'a rollback needs a reason');
select is(public.rollback_tenant_catalog(:'t', 'customers confused') ->> 'release_no', :r1::text, 'rollback returns the previous release');
select results_eq(format($$ select release_no, pinned, conflicts from public.tenant_catalog_state where tenant_id = %L $$, :'t'),
  format($$ values (%s, true, 0) $$, :r1), 'the tenant is pinned there and its labels match again');
select is((select count(*) from public.tenant_catalog_overrides where tenant_id = :'t'), 3::bigint, 'no label was lost');
select is(public.upgrade_tenant_catalog(:'u', null, 'trained') ->> 'release_no', (:r1 + 1)::text, 'a pinned tenant is upgraded one by one');
select throws_ok(format($$ select public.upgrade_tenant_catalog(%L) $$, gen_random_uuid()), 'PT409', 'the tenant has no catalog yet',
  'an unknown tenant is refused like one without a catalog');

select * from finish();
rollback;
