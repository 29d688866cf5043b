-- Maintenance mode: while a window runs, writes refuse with platform.maintenance (PT503) and the
-- en/ar message, staff writes (assert_permission) and tenant writes (create_order, open/reply
-- support ticket) alike; reads keep working; super admins and trusted callers pass; a region's
-- window pauses only that region's tenants; a scheduled window bites only between its times.
begin;
select plan(21);

select tests.freeze_time('2026-12-01 08:00+00');
select tests.create_tenant('mt-om') as om \gset
select tests.create_tenant('mt-sa', 'active', 'GCC-SA') as sa \gset
select private.provision_entitlements(:'om'), private.provision_entitlements(:'sa');
select tests.create_user('owner@mt-om.test') as owner \gset
select tests.create_user('owner@mt-sa.test') as owner_sa \gset
select tests.add_member(:'om', :'owner', 'owner'), tests.add_member(:'sa', :'owner_sa', 'owner');
select tests.create_staff('tech@mthq.test', 'tech_admin') as tech \gset
select tests.create_staff('root@mthq.test', 'super_admin') as root \gset
select tests.create_staff('agent@mthq.test', 'support') as agent \gset
select public.save_flag('mt.flag', '{"description": {"en": "probe"}}', 'probe');
insert into public.support_tickets (tenant_id, subject) values (:'om', 'mt probe');
select id as ticket from public.support_tickets where subject = 'mt probe' \gset

-- a representative set of writes (the caller, the statement) and of reads
create temp table writes (who text, q text);
insert into writes values
  ('tech', $$ select public.save_flag('mt.flag', '{"default_enabled": true}', 'during maintenance') $$),
  ('tech', $$ select public.set_flag_killed('mt.flag', true, 'during maintenance') $$),
  ('agent', format($$ select public.reply_support_ticket(%s, 'we are on it') $$, :'ticket')),
  ('owner', format($$ select public.open_support_ticket(%L, 'Help', 'It does not work') $$, :'om')),
  ('owner', format($$ select public.create_order(%L, 'wash_iron', 'MT-' || md5(clock_timestamp()::text), 'Salim') $$, :'om')),
  ('owner', format($$ select public.reply_support_ticket(%s, 'any news?') $$, :'ticket'));
create function pg_temp.refusals(ids jsonb) returns text[] language sql as $$
  select array_agg(tests.error_of((ids ->> w.who)::uuid, 'aal2', w.q) order by w.q, w.who) from writes w
$$;
select jsonb_build_object('tech', :'tech', 'agent', :'agent', 'owner', :'owner') as ids \gset

-- ── off: every write of the set passes (so the refusals below are the maintenance's) ─────────
select is(array(select distinct x from unnest(pg_temp.refusals(:'ids')) x), '{ok}', 'no maintenance: every write of the set passes');

-- ── a global window, now ────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'tech', 'aal2');
select public.schedule_maintenance(null, null, null, '{"en": "Database upgrade", "ar": "ترقية قاعدة البيانات"}', 'PG 17 upgrade') as w \gset
select tests.clear_authentication();
select is(array(select distinct x from unnest(pg_temp.refusals(:'ids')) x), '{"PT503 platform.maintenance"}',
  'a global window: every staff and tenant write of the set is refused with PT503 platform.maintenance');
select is(tests.error_of(:'owner', 'aal1', format($$ select public.open_support_ticket(%L, 'Help', 'Down?') $$, :'om')) || ' / ' || tests.last_error(),
  'PT503 platform.maintenance / Database upgrade / ترقية قاعدة البيانات', 'the refusal carries the window''s English and Arabic message');
select is((select http_status from private.error_codes where code = 'platform.maintenance'), 503, 'the code answers HTTP 503');
select is(tests.error_of(:'tech', 'aal2', $$ select public.flag_exposure('mt.flag') $$), 'ok', 'a read RPC keeps working');
select is(tests.error_of(:'owner', 'aal1', $$ select count(*) from public.support_tickets $$), 'ok', 'a tenant''s reads keep working');
select is(tests.error_of(:'tech', 'aal2', $$ select public.platform_settings() $$), 'ok', 'the settings still read');
select is(tests.error_of(:'root', 'aal2', $$ select public.save_flag('mt.flag', '{"default_enabled": false}', 'super admin') $$), 'ok',
  'a super admin''s write passes');
select is(tests.error_of(:'root', 'aal1', $$ select public.save_flag('mt.flag', '{"default_enabled": false}', 'aal1') $$),
  'PT403 auth.mfa_required', 'a super admin outside aal2 is no exception');
select tests.authenticate_as_service_role();
select is(tests.error_of($$ select public.save_flag('mt.flag', '{"default_enabled": false}', 'service') $$), 'ok',
  'a trusted caller (service role, jobs) passes');
select tests.clear_authentication();
select is(tests.error_of(:'tech', 'aal2', $$ select public.set_platform_setting('announcements.max_active', '4', 'during') $$), 'ok',
  'settings.write stays possible (it switches maintenance off)');
select is(tests.error_of(:'tech', 'aal2', format($$ select public.end_maintenance(%L, 'upgrade done') $$, :'w')), 'ok',
  'the window is switched off with a reason');
select is(array(select distinct x from unnest(pg_temp.refusals(:'ids')) x), '{ok}', 'switched off: the writes pass again');
select results_eq($$ select action from audit.log where entity_type = 'maintenance_window' order by id $$,
  $$ values ('platform.maintenance_schedule'::text), ('platform.maintenance_end') $$, 'switching on and off is audited');

-- ── a region's window ───────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'tech', 'aal2');
select public.schedule_maintenance('GCC-SA', null, '2026-12-01 10:00+00', '{"en": "KSA move", "ar": "نقل السعودية"}', 'data centre move');
select tests.clear_authentication();
select is(array[tests.error_of(:'owner_sa', 'aal1', format($$ select public.open_support_ticket(%L, 'Help', 'x') $$, :'sa')),
                tests.error_of(:'owner', 'aal1', format($$ select public.open_support_ticket(%L, 'Help', 'x') $$, :'om')),
                tests.error_of(:'tech', 'aal2', $$ select public.save_flag('mt.flag', '{"default_enabled": true}', 'staff') $$)],
  array['PT503 platform.maintenance', 'ok', 'ok'],
  'a region''s window pauses that region''s tenants only (not other regions, not staff writes)');
select tests.freeze_time('2026-12-01 10:00+00');
select is(tests.error_of(:'owner_sa', 'aal1', format($$ select public.open_support_ticket(%L, 'Help', 'y') $$, :'sa')), 'ok',
  'at its end time the window is over by itself');

-- ── a scheduled window ──────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'tech', 'aal2');
select public.schedule_maintenance(null, '2026-12-01 12:00+00', '2026-12-01 13:00+00', '{"en": "Tonight", "ar": "الليلة"}', 'planned') as s \gset
select tests.clear_authentication();
select is(tests.error_of(:'owner', 'aal1', format($$ select public.open_support_ticket(%L, 'Help', 'z') $$, :'om')), 'ok', 'before its start: writes pass');
select tests.freeze_time('2026-12-01 12:30+00');
select is(tests.error_of(:'owner', 'aal1', format($$ select public.open_support_ticket(%L, 'Help', 'z') $$, :'om')), 'PT503 platform.maintenance',
  'between its start and end: writes refused');
select tests.freeze_time('2026-12-01 13:00+00');
select is(tests.error_of(:'owner', 'aal1', format($$ select public.open_support_ticket(%L, 'Help', 'z') $$, :'om')), 'ok', 'after its end: writes pass');

-- ── bad input ───────────────────────────────────────────────────────────────────────────────
select is(array[
    tests.error_of(:'tech', 'aal2', $$ select public.schedule_maintenance(null, '2026-12-02 10:00+00', '2026-12-02 09:00+00', '{"en": "a", "ar": "ب"}', 'backwards') $$),
    tests.error_of(:'tech', 'aal2', $$ select public.schedule_maintenance(null, null, null, '{"en": "English only"}', 'no arabic') $$),
    tests.error_of(:'tech', 'aal2', $$ select public.schedule_maintenance('MARS', null, null, '{"en": "a", "ar": "ب"}', 'where') $$),
    tests.error_of(:'tech', 'aal2', $$ select public.schedule_maintenance(null, null, null, '{"en": "a", "ar": "ب"}', '') $$),
    tests.error_of(:'tech', 'aal2', format($$ select public.end_maintenance(%L, 'again') $$, :'s')),
    tests.error_of(:'agent', 'aal2', format($$ select public.end_maintenance(%L, 'not mine') $$, :'s'))],
  array['22023 platform.invalid_window', '22023 platform.invalid_message', '22023 platform.invalid_region',
        '22023 platform.reason_required', 'PT404 platform.unknown_window', 'PT403 auth.permission_denied'],
  'an end before the start, a message without Arabic, an unknown region, no reason, a window already over, a role without settings.write');
select is((select count(*)::int from public.maintenance_windows), 3, 'refused schedules leave no window');

select * from finish();
rollback;
