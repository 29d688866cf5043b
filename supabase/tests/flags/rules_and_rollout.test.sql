-- Feature flags: rule order (allow / deny lists, plan, region, percentage), kill switch, global
-- default, stable percentage rollout over 10k tenants, exposure, permissions, bad input.
begin;
select plan(26);


select tests.create_tenant('flag-om', 'active', 'GCC-OM') as om \gset
select tests.create_tenant('flag-sa', 'active', 'GCC-SA') as sa \gset
select tests.create_tenant('flag-ae', 'active', 'GCC-AE') as ae \gset
select public.change_plan(:'om', 'starter'), public.change_plan(:'sa', 'pro'), public.change_plan(:'ae', 'starter');

-- ── rules ───────────────────────────────────────────────────────────────────────────────────
select is(public.save_flag('fltest.checkout', '{"description": {"en": "New checkout"}}', 'first cut'), 1, 'a new flag is version 1');
select ok(not public.flag_enabled(:'om', 'fltest.checkout'), 'no rules: the global default (off)');
select public.save_flag('fltest.checkout', '{"default_enabled": true}');
select ok(public.flag_enabled(:'om', 'fltest.checkout'), 'no rules: the global default (on)');
select public.save_flag('fltest.checkout', format('{"default_enabled": false, "rules": [
  {"type": "tenant_deny", "tenants": ["%s"]},
  {"type": "tenant_allow", "tenants": ["%s", "%s"]},
  {"type": "plan", "plans": ["pro"]},
  {"type": "region", "regions": ["GCC-AE"], "enabled": true}]}', :'sa', :'sa', :'om')::jsonb);
select ok(public.flag_enabled(:'om', 'fltest.checkout'), 'an allow list turns a tenant on');
select ok(not public.flag_enabled(:'sa', 'fltest.checkout'), 'rules run in order: the earlier deny beats the allow and the plan rule');
select ok(public.flag_enabled(:'ae', 'fltest.checkout'), 'a region rule turns a tenant on');
select public.save_flag('fltest.checkout', '{"rules": [{"type": "plan", "plans": ["pro"]}, {"type": "region", "regions": ["GCC-SA"], "enabled": false}]}');
select ok(public.flag_enabled(:'sa', 'fltest.checkout'), 'a plan rule turns the plan''s tenants on');
select ok(not public.flag_enabled(:'om', 'fltest.checkout'), 'tenants matching no rule get the default');
select public.save_flag('fltest.checkout', '{"rules": [{"type": "region", "regions": ["GCC-SA"], "enabled": false}], "default_enabled": true}');
select ok(not public.flag_enabled(:'sa', 'fltest.checkout'), 'a rule can turn a region off against an on default');
select public.change_plan(:'om', 'pro');
select public.save_flag('fltest.checkout', '{"rules": [{"type": "plan", "plans": ["pro"]}], "default_enabled": false}');
select ok(public.flag_enabled(:'om', 'fltest.checkout'), 'the plan rule follows a plan change');

-- ── kill switch ─────────────────────────────────────────────────────────────────────────────
select public.set_flag_killed('fltest.checkout', true, 'checkout errors in production');
select ok(not public.flag_enabled(:'om', 'fltest.checkout') and not public.flag_enabled(:'sa', 'fltest.checkout'),
          'a killed flag is off for everyone, whatever the rules');
select public.set_flag_killed('fltest.checkout', false, 'fixed');
select ok(public.flag_enabled(:'om', 'fltest.checkout'), 'reviving restores the rules');
select is((select array_agg(action order by id) from audit.log where entity_type = 'feature_flag' and entity_id = 'fltest.checkout'
           and action in ('flag.kill', 'flag.revive')), '{flag.kill,flag.revive}', 'the kill switch is audited');

-- ── stable percentage rollout over 10k tenants ──────────────────────────────────────────────
select public.save_flag('rollout.test', '{"rules": [{"type": "percentage", "percentage": 10}]}');
create temp table sim as
select md5('tenant-' || g)::uuid as id from generate_series(1, 10000) g;
create temp table at10 as
select s.id from sim s where private.evaluate_flag((select f from public.feature_flags f where key = 'rollout.test'), s.id);
select public.save_flag('rollout.test', '{"rules": [{"type": "percentage", "percentage": 30}]}');
create temp table at30 as
select s.id from sim s where private.evaluate_flag((select f from public.feature_flags f where key = 'rollout.test'), s.id);
select ok((select count(*) from at10) between 900 and 1100, format('10%%: the share is within ±1 point (%s of 10000)', (select count(*) from at10)));
select ok((select count(*) from at30) between 2850 and 3150, format('30%%: the share is within ±1.5 points (%s of 10000)', (select count(*) from at30)));
select is((select count(*) from at10 where id not in (select id from at30)), 0::bigint, 'raising the percentage keeps every tenant already in');
select is((select count(*) from at10 a join sim s using (id) where private.flag_bucket('rollout.test', a.id) <> private.flag_bucket('rollout.test', s.id)),
          0::bigint, 'a tenant''s bucket is a pure function of (flag, tenant)');
select isnt((select count(*) from sim where private.flag_bucket('rollout.test', id) < 10 and private.flag_bucket('other.flag', id) < 10),
            (select count(*) from at10), 'buckets differ between flags (rollouts are independent)');
select public.save_flag('rollout.test', '{"rules": [{"type": "percentage", "percentage": 0}]}');
select is((select count(*) from sim s where private.evaluate_flag((select f from public.feature_flags f where key = 'rollout.test'), s.id)),
          0::bigint, '0% enables nobody');

-- ── exposure, bad input, permissions ────────────────────────────────────────────────────────
select public.save_flag('exposure.test', format('{"rules": [{"type": "tenant_allow", "tenants": ["%s"]}]}', :'om')::jsonb);
select ok((public.flag_exposure('exposure.test') ->> 'enabled')::int >= 1, 'exposure counts the tenants that get the flag');
select is(tests.error_of(format($$select public.flag_enabled(%L, 'no.such.flag')$$, :'om')), '22023 flags.unknown_flag', 'unknown flag');
select is(tests.error_of($$select public.save_flag('bad', '{"rules": [{"type": "percentage", "percentage": 150}, {"type": "tenant_allow", "tenants": ["x"]}, {"type": "moon"}]}')$$),
          '22023 flags.invalid', 'bad rules are refused');
select is(tests.error_of($$select public.save_flag('Bad Key', '{}')$$), '22023 flags.invalid_key', 'a bad key is refused');
select is(tests.error_of($$select public.set_flag_killed('fltest.checkout', true, '')$$), '22023 flags.reason_required',
          'the kill switch needs a reason');
select tests.create_staff('tech@flags.test', 'tech_admin') as tech \gset
select tests.create_staff('biz@flags.test', 'biz_admin') as biz \gset
select tests.authenticate_as(:'biz', 'aal2');
select is(tests.error_of($$select public.set_flag_killed('fltest.checkout', true, 'biz tries')$$), 'PT403 auth.permission_denied',
          'biz_admin may read flags but not change them');
select tests.authenticate_as(:'tech', 'aal2');
select is(tests.error_of($$select public.set_flag_killed('fltest.checkout', true, 'tech kills it')$$), 'ok', 'tech_admin flips the kill switch');
select tests.clear_authentication();

select * from finish();
rollback;
