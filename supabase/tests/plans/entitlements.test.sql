-- Effective entitlements: precedence (grant / revoke > plan + add-ons > global default), expiry, the
-- cache and its version, permissions and bad input. (Lifecycle restriction and limits:
-- limits_and_lifecycle.test.sql.)
begin;
select plan(45);

create function pg_temp.ver(t uuid) returns bigint language sql as $$
  select version from public.tenant_entitlements where tenant_id = t $$;

select tests.freeze_time('2026-11-10 12:00:00+00');
select tests.create_tenant('ent-a') as a \gset
select tests.create_tenant('ent-b') as b \gset
select tests.create_tenant('ent-noplan') as n \gset
select public.change_plan(:'a', 'starter'), public.change_plan(:'b', 'starter');

-- ── plan values and global defaults ─────────────────────────────────────────────────────────
select ok(public.has_feature(:'a', 'module.workflow'), 'starter includes the workflow module');
select ok(not public.has_feature(:'a', 'module.delivery'), 'starter lacks the delivery module');
select is(public.entitlements(:'a') ->> 'plan', 'starter', 'entitlements() names the plan');
select is(public.entitlements(:'a') -> 'modules', '["invoicing", "orders", "pos", "reports", "workflow"]'::jsonb,
          'modules lists the enabled module.* features');
select is(public.entitlements(:'a') -> 'features' -> 'support.tier', '"standard"'::jsonb, 'an enum feature takes the plan value');
-- a tenant without a plan gets the global defaults
select ok(public.has_feature(:'n', 'orders.tagging') and not public.has_feature(:'n', 'module.orders'),
          'no plan: global defaults (tagging on, modules off)');
select is(public.entitlements(:'n') -> 'sources' ->> 'orders.tagging', 'default', 'the source says default');
select public.set_feature_default('orders.tagging', 'false', 'tagging becomes opt-in');
select ok(not public.has_feature(:'n', 'orders.tagging'), 'a changed global default applies to tenants without a plan value');
select ok(public.has_feature(:'a', 'orders.tagging'), 'the plan value still beats the global default');
select ok((select stale from public.tenant_entitlements where tenant_id = :'a'), 'a catalogue change marks cached sets stale');
select is(tests.error_of($$select public.set_feature_default('orders.tagging', '"yes"', 'bad')$$), '22023 entitlements.invalid_value',
          'a global default of the wrong type is refused');

-- ── grants, revocations, add-ons ───────────────────────────────────────────────────────────
select private.refresh_entitlements(:'a');
select pg_temp.ver(:'a') as v0 \gset
select public.grant_feature(:'a', 'module.delivery', 'pilot of delivery') as g1 \gset
select ok(public.has_feature(:'a', 'module.delivery'), 'a grant turns on what the plan lacks');
select is(public.entitlements(:'a') -> 'sources' ->> 'module.delivery', 'grant', 'the source says grant');
select ok(pg_temp.ver(:'a') > :v0, 'a grant bumps the tenant''s entitlement version');
select ok(not public.has_feature(:'b', 'module.delivery'), 'a grant is per tenant');
select public.set_tenant_add_on(:'a', 'pdf_invoices', 1, 'bought PDF invoices');
select ok(public.has_feature(:'a', 'invoicing.pdf'), 'an add-on turns its feature on');
select is(public.entitlements(:'a') -> 'add_ons', '[{"code": "pdf_invoices", "quantity": 1}]'::jsonb, 'add_ons lists it');
select public.revoke_feature(:'a', 'invoicing.pdf', 'chargeback on the add-on');
select ok(not public.has_feature(:'a', 'invoicing.pdf'), 'a revocation beats an add-on');
select public.revoke_feature(:'a', 'module.workflow', 'abuse of the workflow engine');
select ok(not public.has_feature(:'a', 'module.workflow'), 'a revocation beats the plan');
select ok(not (public.entitlements(:'a') -> 'modules') ? 'workflow', 'a revoked module leaves the modules list');
select public.set_tenant_add_on(:'a', 'extra_branch', 2, 'two more branches');
select is(public.entitlements(:'a') -> 'limits' -> 'max_branches' ->> 'limit', '3', 'limit add-ons add value × quantity to the plan limit');
select public.grant_feature(:'a', 'max_users', 'big team', '40');
select is(public.entitlements(:'a') -> 'limits' -> 'max_users' ->> 'limit', '40', 'a limit grant sets the limit');
select public.grant_feature(:'a', 'max_users', 'unlimited team', 'null');
select is(public.check_limit(:'a', 'max_users', 1000000) ->> 'outcome', 'allowed', 'a null (unlimited) grant allows anything');
select is((select count(*) from public.entitlement_overrides where tenant_id = :'a' and feature_key = 'max_users' and removed_at is null),
          1::bigint, 'a new override replaces the live one for the same feature');
select public.remove_entitlement_override(:'g1', 'pilot over');
select ok(not public.has_feature(:'a', 'module.delivery'), 'removing a grant restores the plan value');

-- ── expiry ──────────────────────────────────────────────────────────────────────────────────
select public.grant_feature(:'b', 'module.loyalty', 'one-hour trial', 'true', '2026-11-10 13:00:00+00');
select ok(public.has_feature(:'b', 'module.loyalty'), 'an unexpired grant applies');
select tests.freeze_time('2026-11-10 13:00:01+00');
select ok(not public.has_feature(:'b', 'module.loyalty'), 'an expired grant is ignored, even before the cache is rebuilt');
select private.job_refresh_stale_entitlements('{}', '{}');
select is((public.entitlements(:'b') -> 'sources' ->> 'module.loyalty'), 'plan', 'the refresh job rebuilds the expired cache');
select is(tests.error_of(format($$select public.grant_feature(%L, 'module.loyalty', 'too late', 'true', '2026-11-10 12:00:00+00')$$, :'b')),
          '22023 entitlements.invalid_expiry', 'an expiry in the past is refused');

-- ── bad input ───────────────────────────────────────────────────────────────────────────────
select is(tests.error_of(format($$select public.has_feature(%L, 'no.such.feature')$$, :'a')), '22023 entitlements.unknown_feature',
          'has_feature: unknown feature');
select is(tests.error_of(format($$select public.check_limit(%L, 'max_users', -1)$$, :'a')), '22023 entitlements.invalid_request',
          'check_limit: negative request');
select is(tests.error_of(format($$select public.check_limit(%L, 'module.orders')$$, :'a')), '22023 entitlements.not_a_limit',
          'check_limit: a boolean feature is not a limit');
select is(tests.error_of(format($$select private.increment_usage(%L, 'max_users', 0)$$, :'a')), '22023 entitlements.invalid_amount',
          'increment_usage: zero amount');
select is(tests.error_of($$select public.entitlements('00000000-0000-4000-8000-00000000dead')$$), 'PT404 tenant.not_found',
          'entitlements: unknown tenant');
select is(tests.error_of(format($$select public.grant_feature(%L, 'module.orders', 'why not', '3')$$, :'a')), '22023 entitlements.invalid_value',
          'grant: a value of the wrong type');
select is(tests.error_of(format($$select public.grant_feature(%L, 'module.orders', '')$$, :'a')), '22023 entitlements.reason_required',
          'grant: a reason is required');
select is(tests.error_of(format($$select public.set_tenant_add_on(%L, 'no_such_add_on')$$, :'a')), 'PT404 entitlements.unknown_add_on',
          'add-on: unknown code');

-- ── permissions ─────────────────────────────────────────────────────────────────────────────
select tests.create_staff('biz@ent.test', 'biz_admin') as biz \gset
select tests.create_staff('support@ent.test', 'support') as sup \gset
select tests.create_user('owner@ent.test') as owner \gset
select tests.add_member(:'a', :'owner', 'owner');
select tests.authenticate_as(:'sup', 'aal2');
select is(tests.error_of(format($$select public.grant_feature(%L, 'sso', 'support tries')$$, :'a')), 'PT403 auth.permission_denied',
          'support may read but not grant');
select tests.authenticate_as(:'biz', 'aal1');
select is(tests.error_of(format($$select public.grant_feature(%L, 'sso', 'no mfa')$$, :'a')), 'PT403 auth.mfa_required', 'grants need aal2');
select tests.authenticate_as(:'biz', 'aal2');
select is(tests.error_of(format($$select public.grant_feature(%L, 'sso', 'enterprise pilot')$$, :'a')), 'ok', 'biz_admin grants');
select tests.authenticate_as(:'owner');
select ok(public.has_feature(:'a', 'sso'), 'a tenant user reads their own entitlements');
select is(tests.error_of(format($$select public.has_feature(%L, 'sso')$$, :'b')), 'PT403 tenant.forbidden', 'but not another tenant''s');
select is(tests.error_of(format($$select private.increment_usage(%L, 'max_users', 1)$$, :'a')), '42501 ', 'tenant users cannot count usage');
select tests.authenticate_as_anon();
select is(tests.error_of(format($$select public.entitlements(%L)$$, :'a')), '42501 ', 'anon cannot call entitlements()');
select tests.clear_authentication();
select is((select count(*) from audit.log where tenant_id = :'a' and action like 'entitlement.%'), 9::bigint,
          'every grant, revocation, add-on change and removal is audited');

select * from finish();
rollback;
