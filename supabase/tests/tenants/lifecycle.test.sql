-- Tenants and the lifecycle state machine (C1).
begin;
select plan(39);

select tests.create_staff('biz@hq.test', 'biz_admin') as biz \gset
select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_user('owner@a.test') as owner_a \gset
select tests.create_user('viewer@a.test') as viewer_a \gset
select tests.create_user('owner@b.test') as owner_b \gset

-- Creating, with the same rules the console's form uses
select tests.authenticate_as(:'biz', 'aal2');
select public.create_tenant('al-noor', '{"en":"Al Noor","ar":"النور"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR',
  contact => '{"email":"ops@alnoor.test"}') as t \gset
select results_eq(format($$ select status, default_locale, created_by from public.tenants where id = %L $$, :'t'),
  format($$ values ('draft'::text, 'ar'::text, %L::uuid) $$, :'biz'), 'a new tenant is a draft, Arabic by default, with its creator');
select is((select to_status from public.tenant_status_history where tenant_id = :'t'), 'draft', 'creation starts the status history');
select throws_ok($$ select public.create_tenant('al-noor', '{"en":"X"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR') $$,
  'PT409', 'the slug ''al-noor'' is taken', 'slugs are unique');
select throws_ok($$ select public.create_tenant('Al Noor!', '{"en":"X"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR') $$,
  '22023', 'invalid slug ''Al Noor!''', 'a bad slug is refused');
select throws_ok($$ select public.create_tenant('no-name', '{"ar":"اسم"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR') $$,
  '22023', 'the tenant needs an English name', 'an English name is required');
select throws_ok($$ select public.create_tenant('moon', '{"en":"X"}', 'OM', 'GCC-MOON', 'Asia/Muscat', 'OMR') $$,
  '22023', 'unknown region ''GCC-MOON''', 'an unknown region is refused');
select throws_ok($$ select public.create_tenant('tz-test', '{"en":"X"}', 'OM', 'GCC-OM', 'Mars/Olympus', 'OMR') $$,
  '22023', 'the tenant profile is not valid', 'an unknown timezone is refused');
select throws_ok($$ select public.create_tenant('brand', '{"en":"X"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', branding => '{"primary_color":"green"}') $$,
  '22023', 'the tenant profile is not valid', 'a bad colour is refused');
select throws_ok($$ select public.create_tenant('cur', '{"en":"X"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'rial') $$,
  '22023', 'invalid currency ''rial''', 'a bad currency is refused');
select is((select count(*) from public.tenants where slug in ('moon', 'tz-test', 'brand', 'cur')), 0::bigint, 'refused creations leave nothing behind');
select tests.authenticate_as(:'tech', 'aal2');
select throws_ok($$ select public.create_tenant('tech-made', '{"en":"X"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR') $$,
  'PT403', null, 'tech_admin may not create tenants');

-- Custom fields follow the configured JSON schema
select tests.clear_authentication();
update public.tenant_custom_field_schema set schema = '{"type":"object","required":["cr_number"],"additionalProperties":false,
  "properties":{"cr_number":{"type":"string","pattern":"^[0-9]{7}$"},"branches":{"type":"integer","minimum":1}}}';
select tests.authenticate_as(:'biz', 'aal2');
select lives_ok($$ select public.create_tenant('fields-ok', '{"en":"X"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR',
  custom_fields => '{"cr_number":"1234567","branches":3}') $$, 'custom fields that match the schema are accepted');
select throws_like($$ select public.create_tenant('fields-bad', '{"en":"X"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR',
  custom_fields => '{"branches":0,"colour":"red"}') $$, 'the tenant profile is not valid', 'fields that break the schema are refused');
select is(private.json_schema_errors((select schema from public.tenant_custom_field_schema), '{"branches":0,"colour":"red"}', 'custom_fields'),
  array['custom_fields.cr_number is required', 'custom_fields.colour is not an allowed field', 'custom_fields.branches must be at least 1'],
  'each violation is named');
select tests.clear_authentication();
update public.tenant_custom_field_schema set schema = '{"type":"object"}';

-- The lifecycle: the happy path
select tests.authenticate_as(:'biz', 'aal2');
select is(public.submit_tenant(:'t'), 'pending_approval', 'submit');
select is(public.approve_tenant(:'t'), 'approved', 'approve');
select is(public.start_tenant_trial(:'t', 7), 'trial', 'start a 7-day trial');
select ok((select trial_ends_at between now() + interval '6 days 23 hours' and now() + interval '7 days 1 hour' from public.tenants where id = :'t'),
  'the trial ends in 7 days');
select is(public.activate_tenant(:'t'), 'active', 'activate');
select is((select trial_ends_at from public.tenants where id = :'t'), null, 'activation clears the trial end');
select is(public.enter_tenant_grace(:'t', 'card declined'), 'grace', 'active → grace');
select is(public.reactivate_tenant(:'t', 'paid'), 'active', 'grace → active on payment');

-- Illegal transitions name the allowed ones
select throws_ok(format('select public.suspend_tenant(%L, %L)', :'t', 'x'), 'PT409', 'cannot suspend a tenant that is active',
  'an illegal transition is refused');
select is((select status from public.tenants where id = :'t'), 'active', 'and changes nothing');
select throws_matching(format('select public.freeze_tenant(%L, %L)', :'t', 'x'), 'cannot freeze', 'freeze from active is refused too');
select throws_ok(format('select public.archive_tenant(%L, %L)', :'t', ' '), '22023', 'a reason is required for this change',
  'archiving needs a reason');

-- Archive, then churn only after the retention period (frozen time)
select is(public.archive_tenant(:'t', 'closed the shop'), 'archived', 'archive');
select throws_ok(format('select public.churn_tenant(%L, %L)', :'t', 'gone'), 'PT409',
  'the tenant has not been archived long enough to churn', 'churn waits for the retention period');
select tests.freeze_time(now() + interval '91 days');
select is(public.churn_tenant(:'t', 'gone'), 'churned', 'after 90 days it churns');
select tests.unfreeze_time();
select tests.clear_authentication();
select is((select array_agg(action order by id) from public.tenant_status_history where tenant_id = :'t'),
  array['create', 'submit', 'approve', 'start_trial', 'activate', 'enter_grace', 'reactivate', 'archive', 'churn'],
  'every step is in the status history');
select is((select count(*) from audit.log where entity_id = :'t' and action like 'tenant.%'), 9::bigint, 'and in the audit log');
select is((select reason from audit.log where entity_id = :'t' and action = 'tenant.archive'), 'closed the shop', 'with its reason');

-- Permission per transition, and the actions offered
select tests.authenticate_as(:'biz', 'aal2');
select public.create_tenant('second', '{"en":"Second"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', contact => '{"email":"x@y.test"}') as t2 \gset
select public.submit_tenant(:'t2');
select results_eq(format('select action from public.tenant_allowed_actions(%L)', :'t2'),
  $$ values ('approve'::text), ('archive'), ('reject') $$, 'biz_admin is offered the legal actions');
select tests.authenticate_as(:'tech', 'aal2');
select throws_ok(format('select public.approve_tenant(%L)', :'t2'), 'PT403', null, 'tech_admin may not approve');
select is((select count(*) from public.tenant_allowed_actions(:'t2')), 0::bigint, 'and is offered nothing');

-- Direct writes: status never; profile by owners/admins
select tests.clear_authentication();
select tests.add_member(:'t2', :'owner_a', 'owner');
select tests.add_member(:'t2', :'viewer_a', 'viewer');
select tests.authenticate_as(:'owner_a');
select throws_ok(format($$ update public.tenants set status = 'active' where id = %L $$, :'t2'), '42501', null,
  'nobody updates the status column directly');
update public.tenants set branding = '{"primary_color":"#112233"}' where id = :'t2';
select is((select branding ->> 'primary_color' from public.tenants where id = :'t2'), '#112233', 'an owner edits the profile');
select tests.authenticate_as(:'viewer_a');
select throws_ok(format($$ update public.tenants set legal_name = 'X' where id = %L $$, :'t2'), '42501', null,
  'a viewer''s edit is refused explicitly');
select tests.clear_authentication();
select is((select count(*) from audit.log where entity_id = :'t2' and action = 'tenant.update'), 1::bigint, 'a direct profile edit is audited');

select * from finish();
rollback;
