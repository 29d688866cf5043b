-- Platform settings: typed values validated at write, a version row per change (who, when, why),
-- audited, read through one function; settings.read / settings.write in an aal2 session.
begin;
select plan(19);

select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('auditor@hq.test', 'auditor') as auditor \gset
select tests.create_staff('agent@hq.test', 'support') as agent \gset

-- ── reading: the default until HQ sets a value ──────────────────────────────────────────────
select is(private.platform_setting('maintenance.banner_lead_minutes'), '1440'::jsonb, 'an unset key reads its default');
select is(private.platform_setting('no.such_key'), null, 'an unknown key reads null inside SQL');
select tests.authenticate_as(:'auditor', 'aal2');
select is(public.platform_setting('tenants.default_locale'), '"ar"'::jsonb, 'settings.read reads a setting');
select is(jsonb_array_length(public.platform_settings()), (select count(*)::int from public.platform_setting_definitions),
  'platform_settings lists every key');
select tests.clear_authentication();
select is(tests.error_of(:'agent', 'aal2', $$ select public.platform_settings() $$), 'PT403 auth.permission_denied',
  'a role without settings.read may not list the settings');
select is(tests.error_of(:'auditor', 'aal2', $$ select public.platform_setting('nope.nope') $$), 'PT404 platform.unknown_setting',
  'reading an unknown key is platform.unknown_setting');

-- ── writing: versions, audit ────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'tech', 'aal2');
select is(public.set_platform_setting('maintenance.banner_lead_minutes', '60', 'shorter notice'), 1, 'the first change is version 1');
select is(public.set_platform_setting('maintenance.banner_lead_minutes', '120', 'a bit longer'), 2, 'the next change is version 2');
select is(public.platform_setting('maintenance.banner_lead_minutes'), '120'::jsonb, 'the latest version is the value');
select results_eq($$ select version, value, reason, changed_by = auth.uid() from public.platform_setting_versions
                    where key = 'maintenance.banner_lead_minutes' order by version $$,
  $$ values (1, '60'::jsonb, 'shorter notice', true), (2, '120'::jsonb, 'a bit longer', true) $$,
  'every change is a version row with who and why');
select tests.clear_authentication();
select results_eq($$ select action, before ->> 'value', after ->> 'value', reason from audit.log
                    where entity_type = 'platform_setting' and entity_id = 'maintenance.banner_lead_minutes' order by id $$,
  $$ values ('platform.setting_set'::text, '1440'::text, '60'::text, 'shorter notice'::text),
            ('platform.setting_set', '60', '120', 'a bit longer') $$,
  'each change is audited with the value before and after');

-- ── validation at write ─────────────────────────────────────────────────────────────────────
select is(tests.error_of(:'tech', 'aal2', $$ select public.set_platform_setting('maintenance.banner_lead_minutes', '"soon"', 'typed') $$),
  '22023 platform.invalid_setting_value', 'a string for an integer is refused');
select is(tests.error_of(:'tech', 'aal2', $$ select public.set_platform_setting('maintenance.banner_lead_minutes', '12.5', 'typed') $$),
  '22023 platform.invalid_setting_value', 'a fraction for an integer is refused');
select is(tests.error_of(:'tech', 'aal2', $$ select public.set_platform_setting('announcements.max_active', '21', 'too many') $$)
          || ' / ' || tests.last_error(),
  '22023 platform.invalid_setting_value / announcements.max_active: $ must be at most 20', 'a value above the maximum is refused, saying the range');
select is(tests.error_of(:'tech', 'aal2', $$ select public.set_platform_setting('tenants.default_locale', '"fr"', 'french') $$),
  '22023 platform.invalid_setting_value', 'a value outside the enum is refused');
select is(tests.error_of(:'tech', 'aal2', format($$ select public.set_platform_setting('platform.display_name', '"%s"', 'long') $$, repeat('x', 81))),
  '22023 platform.invalid_setting_value', 'a string over its maximum length is refused');
select is(tests.error_of(:'tech', 'aal2', $$ select public.set_platform_setting('platform.support_email', '"not-an-address"', 'typo') $$),
  '22023 platform.invalid_setting_value', 'a string not matching its pattern is refused');
select is(array[
    tests.error_of(:'tech', 'aal2', $$ select public.set_platform_setting('no.such_key', '1', 'why not') $$),
    tests.error_of(:'tech', 'aal2', $$ select public.set_platform_setting('announcements.max_active', '3', ' ') $$),
    tests.error_of(:'tech', 'aal1', $$ select public.set_platform_setting('announcements.max_active', '3', 'aal1') $$),
    tests.error_of(:'auditor', 'aal2', $$ select public.set_platform_setting('no.such_key', '3', 'read only') $$)],
  array['PT404 platform.unknown_setting', '22023 platform.reason_required', 'PT403 auth.mfa_required', 'PT403 auth.permission_denied'],
  'an unknown key, no reason, an aal1 session, a read-only role: each its code (the role check first, whether the key exists or not)');
select is((select count(*)::int from public.platform_setting_versions where key in ('announcements.max_active', 'tenants.default_locale',
  'platform.display_name', 'platform.support_email')), 0, 'refused writes leave no version');

select * from finish();
rollback;
