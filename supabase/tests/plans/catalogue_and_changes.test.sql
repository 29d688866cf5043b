-- Plans: the seeded catalogue, editing and versioning (grandfathering), plan changes (upgrade,
-- downgrade, lateral, now / period end) with proration, downgrade blocked by usage, the
-- provisioning step, reports, permissions and bad input.
begin;
select plan(41);


-- ── the seeded catalogue ────────────────────────────────────────────────────────────────────
select is((select array_agg(code order by tier) from public.plans where is_current and status = 'active'
           and code in ('free', 'starter', 'growth', 'pro', 'enterprise')),
          '{free,starter,growth,pro,enterprise}', 'the five plans are seeded');
select is((select code from public.plans where is_default and is_current), 'starter', 'starter is the default plan');
select is((select count(*) from public.plans p where p.code in ('free', 'starter', 'growth', 'pro', 'enterprise')
           and not exists (select from public.plan_prices pp where pp.plan_id = p.id and pp.currency = 'OMR' and pp.interval = 'month')),
          0::bigint, 'every seeded plan has an OMR monthly price');
select is((select count(*) from public.features f where f.key like 'module.%'), (select count(*) from public.modules), 'every module is a feature');
select is((select array_agg(distinct limit_type order by limit_type) from public.plan_features where limit_type is not null),
          '{hard,overage,soft}', 'the seeded limits use all three types');

-- ── provisioning attaches the default plan ──────────────────────────────────────────────────
select tests.freeze_time('2026-11-01 00:00:00+00');
select tests.create_tenant('plan-prov') as prov \gset
select private.provision_tenant(:'prov');
select is((select p.code from public.tenant_plans tp join public.plans p on p.id = tp.plan_id where tp.tenant_id = :'prov'), 'starter',
          'provisioning attaches the default plan');
select ok(public.has_feature(:'prov', 'module.orders'), 'and builds the effective set');

-- ── versioning and grandfathering ───────────────────────────────────────────────────────────
select is(public.save_plan('boutique', '{"name": {"en": "Boutique", "ar": "بوتيك"}, "tier": 1,
            "prices": [{"currency": "OMR", "interval": "month", "amount": 9}],
            "features": {"module.orders": true, "module.workflow": true},
            "limits": {"max_users": {"limit": 3, "type": "hard"}}}', 'new plan') - 'plan_id',
          '{"code": "boutique", "version": 1, "new_version": false}', 'a new plan starts at version 1');
select is(public.save_plan('boutique', '{"name": {"en": "Boutique"}, "tier": 1,
            "prices": [{"currency": "OMR", "interval": "month", "amount": 9}],
            "features": {"module.orders": true, "module.workflow": true},
            "limits": {"max_users": {"limit": 4, "type": "hard"}}}') ->> 'new_version', 'false',
          'editing a plan nobody is on edits it in place');
select tests.create_tenant('plan-old') as old \gset
select public.change_plan(:'old', 'boutique');
select is(public.save_plan('boutique', '{"name": {"en": "Boutique"}, "tier": 1,
            "prices": [{"currency": "OMR", "interval": "month", "amount": 9}],
            "features": {"module.orders": true},
            "limits": {"max_users": {"limit": 6, "type": "hard"}}}', 'drop workflow') - 'plan_id',
          '{"code": "boutique", "version": 2, "new_version": true}', 'editing a plan with subscribers creates a new version');
select ok(public.has_feature(:'old', 'module.workflow') and (public.entitlements(:'old') ->> 'plan_version') = '1',
          'the existing subscriber stays on version 1 (grandfathered)');
select tests.create_tenant('plan-new') as new \gset
select is(public.change_plan(:'new', 'boutique') ->> 'to_version', '2', 'new subscribers get the current version');
select ok(not public.has_feature(:'new', 'module.workflow'), 'with the new values');
select is(public.change_plan(:'old', 'boutique') ->> 'direction', 'lateral', 'moving to the new version of the same plan is lateral');
select is(public.entitlements(:'old') -> 'limits' -> 'max_users' ->> 'limit', '6', 'and applies the new version');

-- ── upgrade now, with proration ─────────────────────────────────────────────────────────────
select tests.create_tenant('plan-up') as up \gset
select public.change_plan(:'up', 'starter');  -- period 1 Nov → 1 Dec
select tests.freeze_time('2026-11-16 00:00:00+00');
-- without a subscription nothing is billed, so nothing is prorated (issue 13 §1: the subscription
-- path prorates and invoices; see plans/change_rule.test.sql)
select is(public.change_plan(:'up', 'growth', 'now', 'needs delivery') - 'tenant_id' - 'from_version' - 'to_version' - 'effective_at',
          '{"from": "starter", "to": "growth", "direction": "upgrade", "effective": "now", "status": "applied",
            "billed": false, "subscription_id": null, "proration": null, "invoice": null}',
          'an upgrade of a tenant without a subscription: the plan alone, not billed');
select is((select direction || ':' || status from public.plan_changes where tenant_id = :'up' order by id desc limit 1), 'upgrade:applied',
          'the change is recorded as an applied upgrade');
select ok(public.has_feature(:'up', 'module.delivery'), 'the new plan applies at once');
select is((select count(*) from audit.log where tenant_id = :'up' and action = 'plan.change'), 2::bigint, 'plan changes are audited');

-- ── downgrade blocked by usage, then scheduled at period end ───────────────────────────────
select private.increment_usage(:'up', 'max_users', 4);
select is(tests.error_of(format($$select public.change_plan(%L, 'free')$$, :'up')), 'PT409 plans.downgrade_blocked',
          'a downgrade below current usage of a hard limit is refused');
select is(tests.error_of(format($$select public.change_plan(%L, 'free')$$, :'up'), '{hint}'), 'max_users: 4 used, limit 2',
          'the refusal lists each violated limit');
select is(public.change_plan(:'up', 'starter', 'period_end', 'cost cutting') - 'tenant_id' - 'from_version' - 'to_version',
          '{"from": "growth", "to": "starter", "direction": "downgrade", "effective": "period_end",
            "effective_at": "2026-12-01T00:00:00+00:00", "status": "scheduled",
            "billed": false, "subscription_id": null, "proration": null, "invoice": null}',
          'a downgrade at period end is scheduled without proration');
select ok(public.has_feature(:'up', 'module.delivery'), 'until then the tenant keeps the current plan');
select is((public.entitlements(:'up') ->> 'plan'), 'growth', 'the cached set still says growth');
select tests.freeze_time('2026-12-01 00:00:01+00');
select is((public.entitlements(:'up') ->> 'plan'), 'growth', 'a due change is not applied by readers');
select is(private.apply_due_plan_changes(), 1, 'the scheduled job applies the due change');
select is((public.entitlements(:'up') ->> 'plan'), 'starter', 'the tenant is on the new plan');
select is((select current_period_start::text from public.tenant_plans where tenant_id = :'up'), '2026-12-01 00:00:00+00',
          'the billing period rolls forward');
select is((select status from public.plan_changes where tenant_id = :'up' order by id desc limit 1), 'applied', 'the change is marked applied');

-- ── bad input ───────────────────────────────────────────────────────────────────────────────
select is(tests.error_of(format($$select public.change_plan(%L, 'platinum')$$, :'up')), 'PT404 plans.not_found', 'unknown plan');
select is(tests.error_of(format($$select public.change_plan(%L, 'pro', 'tomorrow')$$, :'up')), '22023 plans.invalid_effective',
          'effective must be now or period_end');
select is(tests.error_of(format($$select public.change_plan(%L, 'starter')$$, :'up')), 'PT409 plans.same_plan', 'already on that plan');
select is(tests.error_of($$select public.change_plan('00000000-0000-4000-8000-00000000dead', 'pro')$$), 'PT404 tenant.not_found', 'unknown tenant');
select public.archive_plan('boutique', 'retired');
select is(tests.error_of(format($$select public.change_plan(%L, 'boutique')$$, :'up')), 'PT409 plans.archived', 'archived plans take no new tenants');
select is(tests.error_of($$select public.save_plan('bad', '{"name": {"ar": "x"}, "features": {"nope": true, "module.orders": 3},
                          "limits": {"max_users": {"limit": -1}}, "prices": [{"currency": "omr", "interval": "week", "amount": 1}]}')$$, '{hint}'),
          'name.en is required; prices: {"amount": 1, "currency": "omr", "interval": "week"} needs currency (ISO 4217), interval month|year and amount ≥ 0; features.module.orders: must be true or false; features.nope: unknown feature; limits.max_users: must be a number ≥ 0 or null (unlimited)',
          'save_plan lists every problem');
select is(tests.error_of($$select public.save_plan('cheap', '{"name": {"en": "Cheap"}, "limits": {"sms_per_month": {"limit": 5, "type": "overage"}}}')$$),
          '22023 plans.invalid', 'a billable overage without prices is refused');

-- ── permissions and reports ─────────────────────────────────────────────────────────────────
select tests.create_staff('tech@plans.test', 'tech_admin') as tech \gset
select tests.create_staff('biz@plans.test', 'biz_admin') as biz \gset
select tests.authenticate_as(:'tech', 'aal2');
select is(tests.error_of(format($$select public.change_plan(%L, 'pro')$$, :'up')), 'PT403 auth.permission_denied', 'tech_admin may not change plans');
select ok((select count(*) from public.entitlement_usage_report() where kind = 'plan') > 0, 'plans.read holders see who uses what');
select is(tests.error_of($$select * from public.limit_breach_report()$$), 'ok', 'and the limit breach report');
select tests.authenticate_as(tests.create_user('tenant@plans.test'));
select is(tests.error_of($$select * from public.entitlement_usage_report()$$), 'PT403 auth.not_staff', 'tenant users get no reports');
select tests.authenticate_as(:'biz', 'aal2');
select is(tests.error_of(format($$select public.change_plan(%L, 'pro')$$, :'up')), 'ok', 'biz_admin changes plans');
select tests.clear_authentication();

select * from finish();
rollback;
