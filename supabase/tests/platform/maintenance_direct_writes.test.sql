-- Maintenance mode also pauses the writes tenant users make directly through table RLS
-- (tenant_settings, the tenant profile, an order's editable columns): refused with
-- platform.maintenance and nothing changed; a region's window only for its tenants; HQ staff's own
-- direct edits only by a global window; super admins (aal2), the service role and jobs pass, and so
-- do writes made inside SQL functions (they check maintenance themselves).
begin;
select plan(11);

select tests.freeze_time('2026-12-01 08:00+00');
select tests.create_tenant('md-om') as om \gset
select tests.create_tenant('md-sa', 'active', 'GCC-SA') as sa \gset
select private.provision_entitlements(:'om'), private.provision_entitlements(:'sa');
insert into public.tenant_settings (tenant_id, settings) values (:'om', '{"v": 0}'), (:'sa', '{"v": 0}');
select tests.create_user('owner@md-om.test') as owner \gset
select tests.create_user('owner@md-sa.test') as owner_sa \gset
select tests.add_member(:'om', :'owner', 'owner'), tests.add_member(:'sa', :'owner_sa', 'owner');
select tests.create_staff('biz@mdhq.test', 'biz_admin') as biz \gset
select tests.create_staff('root@mdhq.test', 'super_admin') as root \gset
select tests.create_staff('tech@mdhq.test', 'tech_admin') as tech \gset
select tests.authenticate_as(:'owner', 'aal1');
select (public.create_order(:'om', 'wash_iron', 'MD-1', 'Salim') ->> 'id') as ord \gset
select tests.clear_authentication();

-- the owner's three direct writes, each setting a value to `v`
create function pg_temp.owner_writes(who uuid, tenant uuid, v text) returns text[] language sql as $$
  select array[
    tests.error_of(who, 'aal1', format($q$ update public.tenant_settings set settings = '{"v": %s}' where tenant_id = %L $q$, v, tenant)),
    tests.error_of(who, 'aal1', format($q$ update public.tenants set legal_name = 'L%s' where id = %L $q$, v, tenant)),
    tests.error_of(who, 'aal1', format($q$ update public.orders set customer_name = 'C%s' where tenant_id = %L $q$, v, tenant))]
$$;
create function pg_temp.values_of(tenant uuid) returns text[] language sql as $$
  select array[(select settings ->> 'v' from public.tenant_settings where tenant_id = tenant),
               (select legal_name from public.tenants where id = tenant),
               (select string_agg(customer_name, ',') from public.orders where tenant_id = tenant)]
$$;

select is(pg_temp.owner_writes(:'owner', :'om', '1') || pg_temp.values_of(:'om'), array['ok', 'ok', 'ok', '1', 'L1', 'C1'],
  'no maintenance: the owner''s direct writes change the settings, the profile and the order');

-- ── a global window ─────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'tech', 'aal2');
select public.schedule_maintenance(null, null, null, '{"en": "Upgrade", "ar": "ترقية"}', 'upgrade') as w \gset
select tests.clear_authentication();
select is(pg_temp.owner_writes(:'owner', :'om', '2'), array['PT503 platform.maintenance', 'PT503 platform.maintenance', 'PT503 platform.maintenance'],
  'a global window: each direct write is refused with PT503 platform.maintenance');
select is(pg_temp.values_of(:'om'), array['1', 'L1', 'C1'], 'and changes nothing');
select is(tests.error_of(:'owner', 'aal1', format($$ update public.tenant_settings set settings = '{"v": 3}' where tenant_id = %L $$, :'om'))
          || ' / ' || tests.last_error(), 'PT503 platform.maintenance / Upgrade / ترقية', 'the refusal carries the window''s en/ar message');
select is(tests.error_of(:'owner', 'aal1', $$ select count(*) from public.tenant_settings $$), 'ok', 'reads keep working');
select is(tests.error_of(:'biz', 'aal2', format($$ update public.tenants set legal_name = 'Staff' where id = %L $$, :'om')),
  'PT503 platform.maintenance', 'a staff member''s direct edit of a tenant is refused too');
select is(tests.error_of(:'root', 'aal2', format($$ update public.tenants set legal_name = 'Root' where id = %L $$, :'om')), 'ok',
  'a super admin in aal2 passes');
select tests.authenticate_as_service_role();
select is(tests.error_of(format($$ update public.tenant_settings set settings = '{"v": 4}' where tenant_id = %L $$, :'om')), 'ok',
  'the service role passes');
select tests.clear_authentication();
-- a job: no JWT, the database's own role (pg_cron, the job worker)
update public.orders set customer_name = 'Job' where id = :'ord';
select is(pg_temp.values_of(:'om'), array['4', 'Root', 'Job'], 'the service role''s and a job''s writes went through');
select tests.authenticate_as(:'tech', 'aal2');
select public.end_maintenance(:'w', 'done');
select tests.clear_authentication();

-- ── a region's window ───────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'tech', 'aal2');
select public.schedule_maintenance('GCC-SA', null, null, '{"en": "KSA move", "ar": "نقل السعودية"}', 'move');
select tests.clear_authentication();
select is(array[tests.error_of(:'owner_sa', 'aal1', format($$ update public.tenant_settings set settings = '{"v": 5}' where tenant_id = %L $$, :'sa')),
                tests.error_of(:'owner', 'aal1', format($$ update public.tenant_settings set settings = '{"v": 5}' where tenant_id = %L $$, :'om'))],
  array['PT503 platform.maintenance', 'ok'], 'a region''s window pauses only its tenants'' direct writes');
select is(tests.error_of(:'biz', 'aal2', format($$ update public.tenants set legal_name = 'Staff SA' where id = %L $$, :'sa')), 'ok',
  'a staff member''s own edit is paused by global windows only (as every staff write)');

select * from finish();
rollback;
