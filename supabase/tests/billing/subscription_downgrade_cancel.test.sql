-- Billing subscriptions, later changes: a downgrade waits for the period end, overage is billed in arrears,
-- cancel / resume, cancellation at the period end, reactivation, refused changes that change nothing, and
-- yearly billing with MRR normalised to monthly. Frozen times in 2026 (seeded subscriptions never due).
begin;
select plan(51);

select tests.create_tenant('bs-one') as t1 \gset
select tests.create_tenant('bs-two') as t2 \gset
select tests.create_tenant('bs-three') as t3 \gset
select tests.create_tenant('bs-four') as t4 \gset
select tests.create_tenant('bs-five') as t5 \gset
select id as growth from public.plans where code = 'growth' and is_current \gset
select id as pro from public.plans where code = 'pro' and is_current \gset
select id as starter from public.plans where code = 'starter' and is_current \gset
select id as enterprise from public.plans where code = 'enterprise' and is_current \gset

-- bs-one on Enterprise with one extra branch in its period 24 Jan – 24 Feb, as subscription_first_periods
-- leaves it (those steps are asserted there)
select tests.freeze_time('2026-01-10 06:00:00+00');
select public.create_subscription(:'t1', 'growth') ->> 'id' as s1 \gset
select public.change_subscription_plan(:'s1', 'pro') is not null;
select tests.freeze_time('2026-01-24 07:00:00+00');
select tests.run_invoice_run() >= 1;
select tests.freeze_time('2026-02-09 20:30:00+00');
select public.change_subscription_plan(:'s1', 'enterprise', reason => 'needs SSO') is not null;
select public.set_subscription_add_on(:'s1', 'extra_branch', 2) is not null;
select public.set_subscription_add_on(:'s1', 'extra_branch', 1) is not null;
select count(*) as inv_before from public.invoices where subscription_id = :'s1' \gset

-- ── a downgrade waits for the period end ────────────────────────────────────────────────────
select is(public.change_subscription_plan(:'s1', 'starter') ->> 'effective', 'period_end', 'a downgrade defaults to the period end');
select is((select row(plan_id, pending_plan_id)::text from public.subscriptions where id = :'s1'), row(:'enterprise'::uuid, :'starter'::uuid)::text,
          'the plan stays, the downgrade is pending');
select is((select count(*) from public.invoices where subscription_id = :'s1'), :'inv_before'::bigint, 'no invoice for a scheduled downgrade');
select is(public.change_subscription_plan(:'s1', 'enterprise') ->> 'direction', 'keep', 'choosing the current plan drops the pending downgrade');
select is((select pending_plan_id from public.subscriptions where id = :'s1'), null, 'nothing pending');
select is(public.change_subscription_plan(:'s1', 'starter') ->> 'pending_plan_code', 'starter', 'scheduled again');

-- unbilled overage, billed in arrears with the next period
insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before, requested, overage_units, unit_price, amount, currency)
values (:'t1', 'whatsapp_messages_per_month', '2026-02-01', 'overage', 'overage', 0, 0, 40, 40, 0.010, 0.400, 'OMR');

select tests.freeze_time('2026-02-24 07:00:00+00');
select tests.run_invoice_run() >= 1;
select is((select row(plan_id, pending_plan_id, current_period_end)::text from public.subscriptions where id = :'s1'),
          row(:'starter'::uuid, null::uuid, '2026-03-24 06:00:00+00'::timestamptz)::text, 'the run applied the downgrade and rolled the period');
select is((select array_agg(l.kind || ':' || l.amount order by l.position) from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.subscription_id = :'s1' and i.billing_reason = 'subscription_cycle'), '{plan:9.000,add_on:4.000,overage:0.400}',
          'the cycle invoice: Starter in advance, the add-on, the overage in arrears');
select is((select row(subtotal, tax_total, total)::text from public.invoices where subscription_id = :'s1' and billing_reason = 'subscription_cycle'),
          row(13.400, 0.670, 14.070)::text, 'its totals');
select is((select l.description ->> 'en' from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.subscription_id = :'s1' and i.billing_reason = 'subscription_cycle' and l.kind = 'plan'),
          'Starter plan (monthly), 2026-02-24 – 2026-03-23', 'a plan line names the plan and its local period');
select ok((select coalesce(l.description ->> 'ar', '') like '%المبتدئ%' from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.subscription_id = :'s1' and i.billing_reason = 'subscription_cycle' and l.kind = 'plan'), 'and in Arabic');
select ok((select billed_at is not null from public.limit_breaches where tenant_id = :'t1'), 'the overage is marked billed');
select is((select row(kind, mrr_before, mrr_after)::text from public.mrr_movements where subscription_id = :'s1' order by id desc limit 1),
          row('contraction', 103.000, 13.000)::text, 'MRR: contraction when the downgrade applies');
select is((select plan_id from public.tenant_plans where tenant_id = :'t1'), :'starter'::uuid, 'tenant_plans follows the downgrade');

-- ── cancel and resume ───────────────────────────────────────────────────────────────────────
select is(public.cancel_subscription(:'s1') ->> 'cancel_at_period_end', 'true', 'cancel defaults to the period end');
select is(tests.error_of(format($$ select public.cancel_subscription(%L) $$, :'s1')), 'PT409 billing.cancel_already_scheduled', 'scheduling it twice is refused');
select is(public.resume_subscription(:'s1') ->> 'cancel_at_period_end', 'false', 'resume undoes the pending cancellation');
select is(tests.error_of(format($$ select public.resume_subscription(%L) $$, :'s1')), 'PT409 billing.nothing_to_resume', 'nothing to resume');
select is(tests.error_of(format($$ select public.cancel_subscription(%L, null) $$, :'s1')), '22023 billing.invalid_input', 'at_period_end is true or false');
select public.cancel_subscription(:'s1', true, 'moving away') is not null;
select count(*) as inv_before from public.invoices where subscription_id = :'s1' \gset
select tests.freeze_time('2026-03-24 07:00:00+00');
select tests.run_invoice_run() >= 1;
select is((select row(status, cancelled_at)::text from public.subscriptions where id = :'s1'),
          row('cancelled', '2026-03-24 06:00:00+00'::timestamptz)::text, 'the run cancels it at the period end');
select is((select count(*) from public.invoices where subscription_id = :'s1'), :'inv_before'::bigint, 'without billing another period');
select is((select row(kind, mrr_before, mrr_after)::text from public.mrr_movements where subscription_id = :'s1' order by id desc limit 1),
          row('churn', 13.000, 0.000)::text, 'MRR: churn');
select is(tests.error_of(format($$ select public.cancel_subscription(%L, false) $$, :'s1')), 'PT409 billing.subscription_cancelled', 'a cancelled subscription cannot be cancelled');
select is(tests.error_of(format($$ select public.resume_subscription(%L) $$, :'s1')), 'PT409 billing.subscription_cancelled', 'nor resumed');
select is(tests.error_of(format($$ select public.change_subscription_plan(%L, 'pro') $$, :'s1')), 'PT409 billing.subscription_not_changeable', 'nor changed');
select is(tests.error_of(format($$ select public.set_subscription_add_on(%L, 'extra_pos', 1) $$, :'s1')), 'PT409 billing.subscription_not_changeable', 'nor given add-ons');

-- ── reactivation ────────────────────────────────────────────────────────────────────────────
select public.create_subscription(:'t1', 'growth', trial_days => 0, reason => 'came back') as re \gset
select is(:'re'::jsonb ->> 'status', 'active', 'trial_days 0: active at once');
select is(:'re'::jsonb -> 'invoice' ->> 'billing_reason', 'subscription_create', 'with an immediate invoice');
select is(:'re'::jsonb -> 'invoice' ->> 'status', 'open', 'finalised');
select is((select kind from public.mrr_movements where subscription_id = (:'re'::jsonb ->> 'id')::uuid), 'reactivation', 'MRR: reactivation for a returning tenant');
select is(tests.error_of(format($$ select public.create_subscription(%L, 'pro', trial_days => 0) $$, :'t1')), 'PT409 billing.subscription_exists', 'one live plan subscription per tenant');

-- ── a subscription changes only when nothing is wrong ───────────────────────────────────────
select tests.freeze_time('2026-04-01 06:00:00+00');
select count(*) as subs_before from public.subscriptions \gset
select is(tests.error_of(format($$ select public.create_subscription(%L, 'growth', 'week') $$, :'t4')), '22023 billing.invalid_interval', 'month or year');
select is(tests.error_of(format($$ select public.create_subscription(%L, 'growth', trial_days => 400) $$, :'t4')), '22023 billing.invalid_trial_days', 'trial days 0–365');
select is(tests.error_of(format($$ select public.create_subscription(%L, 'platinum') $$, :'t4')), 'PT404 billing.plan_not_found', 'an unknown plan');
select is(tests.error_of(format($$ select public.create_subscription(%L, 'growth', add_ons => '{}') $$, :'t4')), '22023 billing.invalid_add_ons', 'add-ons are an array');
select is(tests.error_of(format($$ select public.create_subscription(%L, 'growth', add_ons => '[{"code":"jetpack"}]') $$, :'t4')), 'PT404 billing.unknown_add_on', 'an unknown add-on');
select is(tests.error_of(format($$ select public.create_subscription(%L, 'growth', add_ons => '[{"code":"extra_pos","quantity":0}]') $$, :'t4')), '22023 billing.invalid_add_ons', 'add-on quantity 1–1000');
select is(tests.error_of(format($$ select public.create_subscription(%L, 'growth', add_ons => '[{"code":"extra_pos"},{"code":"extra_pos"}]') $$, :'t4')), '22023 billing.invalid_add_ons', 'an add-on listed twice');
select is(tests.error_of(format($$ select public.create_subscription(%L, 'growth', coupon_code => 'NO-SUCH') $$, :'t4')), 'PT404 billing.coupon_not_found', 'an unknown coupon');
select is(tests.error_of($$ select public.create_subscription('00000000-0000-4000-a000-00000000dead', 'growth') $$), 'PT404 billing.tenant_not_found', 'an unknown tenant');
update public.tenants set currency = 'USD' where id = :'t5';
select is(tests.error_of(format($$ select public.create_subscription(%L, 'growth') $$, :'t5')), '22023 billing.no_price', 'no price in the tenant''s currency');
update public.tenants set currency = 'OMR' where id = :'t5';
select is((select count(*) from public.subscriptions), :'subs_before'::bigint, 'no refused call created a subscription');
select is((select count(*) from public.invoices where tenant_id = :'t4'), 0::bigint, 'nor an invoice');
select is(tests.error_of($$ select public.change_subscription_plan('00000000-0000-4000-a000-00000000dead', 'pro') $$), 'PT404 billing.subscription_not_found', 'an unknown subscription');
select (:'re'::jsonb ->> 'id') as s1b \gset
select is(tests.error_of(format($$ select public.change_subscription_plan(%L, 'growth') $$, :'s1b')), 'PT409 billing.same_plan', 'the same plan');
select is(tests.error_of(format($$ select public.change_subscription_plan(%L, 'pro', 'tomorrow') $$, :'s1b')), '22023 billing.invalid_effective', 'now or period_end');
select private.increment_usage(:'t1', 'max_users', 12);
select is(tests.error_of(format($$ select public.change_subscription_plan(%L, 'starter', 'now') $$, :'s1b')), 'PT409 billing.plan_limits_exceeded', 'a downgrade below current usage is refused');
select is((select row(plan_id, pending_plan_id)::text from public.subscriptions where id = :'s1b'), row(:'growth'::uuid, null::uuid)::text, 'the refused changes changed nothing');

-- ── yearly billing, MRR normalised to monthly ───────────────────────────────────────────────
select public.create_subscription(:'t5', 'growth', 'year', trial_days => 0) as yr \gset
select is((:'yr'::jsonb ->> 'current_period_end')::timestamptz, '2027-04-01 06:00:00+00'::timestamptz, 'a yearly period');
select is(:'yr'::jsonb -> 'invoice' ->> 'total', '199.500', 'billed 190.000 + 5 % in advance');
select is((select mrr_after from public.mrr_movements where subscription_id = (:'yr'::jsonb ->> 'id')::uuid), 15.833::numeric(14,3), 'MRR = 190 / 12');

select * from finish();
rollback;
