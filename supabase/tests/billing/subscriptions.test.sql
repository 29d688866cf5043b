-- Billing subscriptions: trial → first paid period through the invoice run, idempotent runs and
-- duplicate jobs, proration by day in the tenant's timezone (preview = change), scheduled
-- downgrades, add-ons, overage in arrears, cancel / resume, reactivation, coupons (percent /
-- fixed, once / repeating / forever, stacking, expiry, max redemptions, plan and currency
-- restrictions), MRR movements, plans and entitlements kept in step, bad paths, permissions, RLS.
-- Frozen times are in 2026 before the demo seed's periods end, so seeded subscriptions are never due.
begin;
select plan(141);

-- run the invoice run and drain the billing queue
create function pg_temp.run() returns int language plpgsql as $$
declare n int; total int := 0;
begin
  perform public.start_invoice_run();
  loop
    n := private.dispatch('billing', 64);
    exit when n = 0;
    total := total + n;
  end loop;
  return total;
end $$;
grant execute on all functions in schema pg_temp to public;

select tests.create_tenant('bs-one') as t1 \gset
select tests.create_tenant('bs-two') as t2 \gset
select tests.create_tenant('bs-three') as t3 \gset
select tests.create_tenant('bs-four') as t4 \gset
select tests.create_tenant('bs-five') as t5 \gset
select id as growth from public.plans where code = 'growth' and is_current \gset
select id as pro from public.plans where code = 'pro' and is_current \gset
select id as starter from public.plans where code = 'starter' and is_current \gset
select id as enterprise from public.plans where code = 'enterprise' and is_current \gset

-- ── trial ───────────────────────────────────────────────────────────────────────────────────
select tests.freeze_time('2026-01-10 06:00:00+00');  -- 10:00 in Muscat
select public.create_subscription(:'t1', 'growth') ->> 'id' as s1 \gset
select is((select row(status, trial_end, current_period_end)::text from public.subscriptions where id = :'s1'),
          row('trialing', '2026-01-24 06:00:00+00'::timestamptz, '2026-01-24 06:00:00+00'::timestamptz)::text,
          'the plan''s 14 trial days: trialing until 24 January');
select is((select count(*) from public.invoices where subscription_id = :'s1'), 0::bigint, 'no invoice during the trial');
select is((select plan_id from public.tenant_plans where tenant_id = :'t1'), :'growth'::uuid, 'the tenant''s plan follows the subscription');
select is((select count(*) from public.mrr_movements where subscription_id = :'s1'), 0::bigint, 'a trial adds no MRR');
select is(public.change_subscription_plan(:'s1', 'pro') ->> 'effective', 'now', 'a plan change during the trial applies now');
select is((select count(*) from public.invoices where subscription_id = :'s1'), 0::bigint, 'without an invoice');
select is((select plan_code from public.tenant_entitlements where tenant_id = :'t1'), 'pro', 'the entitlements follow');
select ok(exists (select from audit.log where action = 'subscription.create' and entity_id = :'s1'), 'creation is audited');

-- ── the invoice run: trial end → first paid period ──────────────────────────────────────────
select tests.freeze_time('2026-01-20 06:00:00+00');
select pg_temp.run() >= 0;
select is((select status from public.subscriptions where id = :'s1'), 'trialing', 'before the trial ends the run does nothing to it');
select tests.freeze_time('2026-01-24 07:00:00+00');
select cmp_ok(pg_temp.run(), '>=', 1, 'the run enqueues and processes the due subscription');
select is((select row(status, current_period_start, current_period_end)::text from public.subscriptions where id = :'s1'),
          row('active', '2026-01-24 06:00:00+00'::timestamptz, '2026-02-24 06:00:00+00'::timestamptz)::text,
          'active, the first paid month from the trial end (a calendar month in Muscat)');
select is((select row(billing_reason, status, subtotal, tax_total, total)::text from public.invoices where subscription_id = :'s1'),
          row('subscription_create', 'open', 39.000, 1.950, 40.950)::text, 'the first invoice: Pro 39.000 OMR + 5 % VAT, finalised');
select is((select idempotency_key from public.invoices where subscription_id = :'s1'),
          'invoice:' || :'s1' || ':2026-01-24T06:00:00.000000Z', 'keyed by subscription and period');
select is((select row(kind, mrr_before, mrr_after)::text from public.mrr_movements where subscription_id = :'s1'),
          row('new', 0.000, 39.000)::text, 'MRR: new');
select is((select row(current_period_start, current_period_end)::text from public.tenant_plans where tenant_id = :'t1'),
          row('2026-01-24 06:00:00+00'::timestamptz, '2026-02-24 06:00:00+00'::timestamptz)::text, 'the tenant''s plan period follows');

-- ── idempotency ─────────────────────────────────────────────────────────────────────────────
select pg_temp.run() >= 0;
select is((select count(*) from public.invoices where subscription_id = :'s1'), 1::bigint, 'running again bills nothing twice');
select is(private.invoice_period(:'s1', '2026-01-24 06:00:00+00'), (select id from public.invoices where subscription_id = :'s1'),
          'the same period again finds its invoice');
select private.job_invoice_period(jsonb_build_object('subscription_id', :'s1', 'period_start', '2026-01-24T06:00:00.000000Z'), '{}');
select is((select count(*) from public.invoices where subscription_id = :'s1'), 1::bigint, 'a duplicate job bills nothing');
select is(private.enqueue('billing', 'billing.invoice_period', jsonb_build_object('subscription_id', :'s1', 'period_start', 'x'), 'invoice:dup-test'),
          private.enqueue('billing', 'billing.invoice_period', jsonb_build_object('subscription_id', :'s1', 'period_start', 'x'), 'invoice:dup-test'),
          'an enqueue with the same key returns the job already queued');
select is(tests.error_of($$ select private.job_invoice_period('{"subscription_id":"nope"}', '{}') $$), '22023 billing.invalid_payload', 'a malformed job payload fails loudly');
select is((select current_period_end from public.subscriptions where id = :'s1'), '2026-02-24 06:00:00+00'::timestamptz, 'the period rolled once');

-- ── proration by day in the tenant's timezone ───────────────────────────────────────────────
select tests.freeze_time('2026-02-09 20:30:00+00');  -- 00:30 on 10 February in Muscat (still the 9th in UTC)
select count(*) as inv_before from public.invoices where subscription_id = :'s1' \gset
select public.preview_subscription_change(:'s1', 'enterprise') as pv \gset
select is((:'pv'::jsonb -> 'proration') - 'currency' - 'timezone' - 'today' - 'period_start_date' - 'period_end_date' - 'old_amount' - 'new_amount' - 'tax_rate',
          '{"days_in_period":31,"days_remaining":14,"credit":-17.613,"charge":44.710,"net":27.097,"tax":1.355,"total":28.452}'::jsonb,
          'preview: 14 of 31 local days remain; credit 39 × 14/31, charge 99 × 14/31, VAT per line');
select is(:'pv'::jsonb ->> 'direction', 'upgrade', 'the preview names the direction');
select is((select count(*) from public.invoices where subscription_id = :'s1'), :'inv_before'::bigint, 'the preview writes nothing');
select public.change_subscription_plan(:'s1', 'enterprise', reason => 'needs SSO') as ch \gset
select is(:'ch'::jsonb -> 'invoice' ->> 'total', '28.452', 'the upgrade bills the previewed total at once');
select is((select array_agg(l.amount order by l.position) from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.subscription_id = :'s1' and i.billing_reason = 'subscription_update'), '{-17.613,44.710}'::numeric[],
          'two proration lines: the credit for the old plan and the charge for the new');
select is((select array_agg(l.kind order by l.position) from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.subscription_id = :'s1' and i.billing_reason = 'subscription_update'), '{proration,proration}', 'of kind proration');
select is((select status from public.invoices where subscription_id = :'s1' and billing_reason = 'subscription_update'), 'open', 'finalised');
select is((select plan_id from public.subscriptions where id = :'s1'), :'enterprise'::uuid, 'the plan changed now');
select is((select row(kind, mrr_before, mrr_after)::text from public.mrr_movements where subscription_id = :'s1' order by id desc limit 1),
          row('expansion', 39.000, 99.000)::text, 'MRR: expansion');
select is((select plan_id from public.tenant_plans where tenant_id = :'t1'), :'enterprise'::uuid, 'tenant_plans follows the upgrade');
select is((select direction from public.plan_changes where tenant_id = :'t1' order by id desc limit 1), 'upgrade', 'recorded as a plan change');

-- ── add-ons ─────────────────────────────────────────────────────────────────────────────────
select public.set_subscription_add_on(:'s1', 'extra_branch', 2) as ad \gset
select is((:'ad'::jsonb -> 'invoice' ->> 'total'), '3.794', 'two more branches: 8 × 14/31 = 3.613 + VAT 0.181, billed now');
select is((select quantity from public.tenant_add_ons where tenant_id = :'t1' and add_on_code = 'extra_branch'), 2, 'the tenant''s add-ons follow');
select is((select row(kind, mrr_before, mrr_after)::text from public.mrr_movements where subscription_id = :'s1' order by id desc limit 1),
          row('expansion', 99.000, 107.000)::text, 'MRR: expansion by the add-ons');
select count(*) as inv_before from public.invoices where subscription_id = :'s1' \gset
select is(public.set_subscription_add_on(:'s1', 'extra_branch', 1) -> 'invoice', 'null'::jsonb, 'a decrease is not billed');
select is((select count(*) from public.invoices where subscription_id = :'s1'), :'inv_before'::bigint, 'no invoice for a decrease');
select is(tests.error_of(format($$ select public.set_subscription_add_on(%L, 'extra_branch', 1) $$, :'s1')), 'PT409 billing.add_on_unchanged', 'the same quantity again is refused');
select is(tests.error_of(format($$ select public.set_subscription_add_on(%L, 'extra_branch', 1001) $$, :'s1')), '22023 billing.invalid_quantity', 'quantity 0–1000');
select is(tests.error_of(format($$ select public.set_subscription_add_on(%L, 'jetpack', 1) $$, :'s1')), 'PT404 billing.unknown_add_on', 'an unknown add-on');

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
select pg_temp.run() >= 1;
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
select pg_temp.run() >= 1;
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

-- ── coupons ─────────────────────────────────────────────────────────────────────────────────
select public.create_coupon('{"code":"BS-PCT10","name":{"en":"10 % for two months"},"kind":"percent","percent_off":10,"duration":"repeating","duration_periods":2}') is not null;
select public.create_coupon('{"code":"BS-FIX5","name":{"en":"5 OMR off"},"kind":"fixed","amount_off":5,"currency":"OMR","duration":"forever"}') is not null;
select public.create_coupon('{"code":"BS-BIG","name":{"en":"100 OMR off once"},"kind":"fixed","amount_off":100,"currency":"OMR","duration":"once"}') is not null;
select public.create_coupon('{"code":"BS-ONE","name":{"en":"One use"},"kind":"percent","percent_off":5,"duration":"once","max_redemptions":1}') is not null;
select public.create_coupon('{"code":"BS-OLD","name":{"en":"Expired"},"kind":"percent","percent_off":5,"duration":"once","expires_at":"2026-03-01T00:00:00Z"}') is not null;
select public.create_coupon('{"code":"BS-PRO","name":{"en":"Pro only"},"kind":"percent","percent_off":5,"duration":"forever","plan_codes":["pro"]}') is not null;
select public.create_coupon('{"code":"BS-SAR","name":{"en":"SAR off"},"kind":"fixed","amount_off":5,"currency":"SAR","duration":"once"}') is not null;
select public.create_coupon('{"code":"BS-GONE","name":{"en":"Archived"},"kind":"percent","percent_off":5,"duration":"once"}') ->> 'id' as gone \gset

select public.create_subscription(:'t2', 'growth', add_ons => '[{"code":"extra_branch","quantity":2}]', coupon_code => 'bs-pct10', trial_days => 0) as c1 \gset
select (:'c1'::jsonb ->> 'id') as s2 \gset
select is((select array_agg(l.discount_amount order by l.position) from public.invoice_lines l where l.invoice_id = (:'c1'::jsonb -> 'invoice' ->> 'id')::uuid),
          '{1.900,0.800}'::numeric[], 'a percent coupon discounts each line (19 and 2 × 4)');
select is((select row(subtotal, discount_total, tax_total, total)::text from public.invoices where id = (:'c1'::jsonb -> 'invoice' ->> 'id')::uuid),
          row(27.000, 2.700, 1.215, 25.515)::text, 'VAT on the discounted lines (0.855 + 0.360)');
select is((select mrr_after from public.mrr_movements where subscription_id = :'s2'), 24.300::numeric(14,3), 'MRR counts a repeating coupon');
select is((select times_redeemed from public.coupons where code = 'BS-PCT10'), 1, 'the redemption is counted');
select public.apply_coupon(:'s2', 'BS-FIX5', 'retention offer') is not null;
select is((select row(kind, mrr_before, mrr_after)::text from public.mrr_movements where subscription_id = :'s2' order by id desc limit 1),
          row('contraction', 24.300, 19.300)::text, 'a forever coupon lowers MRR');
select is(tests.error_of(format($$ select public.apply_coupon(%L, 'BS-FIX5') $$, :'s2')), 'PT409 billing.coupon_already_applied', 'a coupon once per subscription');

select tests.freeze_time('2026-05-01 07:00:00+00');
select pg_temp.run() >= 1;
select is((select array_agg(l.discount_amount order by l.position) from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.subscription_id = :'s2' and i.period_start = '2026-05-01 06:00:00+00'), '{6.900,0.800}'::numeric[],
          'stacking: the percentage first (1.900, 0.800), then the fixed 5 on what is left, line by line');
select is((select total from public.invoices where subscription_id = :'s2' and period_start = '2026-05-01 06:00:00+00'), 20.265::numeric(14,3),
          '27 − 7.700 + VAT 0.605 + 0.360');
select ok((select ended_at is not null and periods_applied = 2 from public.coupon_redemptions r join public.coupons k on k.id = r.coupon_id
           where r.subscription_id = :'s2' and k.code = 'BS-PCT10'), 'the repeating coupon ends after its two periods');
select is((select row(kind, mrr_before, mrr_after)::text from public.mrr_movements where subscription_id = :'s2' order by id desc limit 1),
          row('expansion', 19.300, 22.000)::text, 'MRR rises when the repeating coupon runs out');
select tests.freeze_time('2026-06-01 07:00:00+00');
select pg_temp.run() >= 1;
select is((select array_agg(l.discount_amount order by l.position) from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.subscription_id = :'s2' and i.period_start = '2026-06-01 06:00:00+00'), '{5.000,0.000}'::numeric[],
          'the third month: only the forever coupon');

select tests.freeze_time('2026-06-02 07:00:00+00');
select public.create_subscription(:'t3', 'growth', coupon_code => 'BS-BIG', trial_days => 0) as c3 \gset
select is((select row(discount_total, tax_total, total, amount_due, status)::text from public.invoices where id = (:'c3'::jsonb -> 'invoice' ->> 'id')::uuid),
          row(19.000, 0.000, 0.000, 0.000, 'paid')::text, 'a discount larger than the line stops at zero: nothing due, paid');
select (:'c3'::jsonb ->> 'id') as s3 \gset
select is(public.apply_coupon(:'s3', 'BS-ONE') -> 'coupons' -> 1 ->> 'code', 'BS-ONE', 'a single-use coupon is redeemed');
select is(tests.error_of(format($$ select public.apply_coupon(%L, 'BS-ONE') $$, :'s2')), 'PT409 billing.coupon_exhausted', 'its second redemption is refused');
select is((select times_redeemed from public.coupons where code = 'BS-ONE'), 1, 'and not counted');
select is(tests.error_of(format($$ select public.apply_coupon(%L, 'BS-OLD') $$, :'s2')), 'PT409 billing.coupon_expired', 'an expired coupon');
select is(tests.error_of(format($$ select public.apply_coupon(%L, 'BS-PRO') $$, :'s2')), 'PT409 billing.coupon_not_applicable', 'a coupon for other plans');
select is(tests.error_of(format($$ select public.apply_coupon(%L, 'BS-SAR') $$, :'s2')), '22023 billing.currency_mismatch', 'a fixed coupon in another currency');
select is(public.archive_coupon(:'gone', 'campaign over') ->> 'status', 'archived', 'a coupon is archived');
select is(tests.error_of(format($$ select public.apply_coupon(%L, 'BS-GONE') $$, :'s2')), 'PT409 billing.coupon_archived', 'an archived coupon');
select is(tests.error_of(format($$ select public.archive_coupon(%L, 'once more') $$, :'gone')), 'PT409 billing.coupon_archived', 'archiving twice');
select is(tests.error_of(format($$ select public.archive_coupon(%L, '') $$, :'gone')), '22023 billing.reason_required', 'archiving needs a reason');
select is((select count(*) from public.coupon_redemptions where subscription_id = :'s2'), 2::bigint, 'the refused coupons left no redemption');
select is(tests.error_of(format($$ select public.create_subscription(%L, 'growth', coupon_code => 'BS-ONE', trial_days => 0) $$, :'t4')),
          'PT409 billing.coupon_exhausted', 'a subscription with an exhausted coupon is refused');
select is((select count(*) from public.subscriptions where tenant_id = :'t4'), 0::bigint, 'as a whole');

select is(tests.error_of($$ select public.create_coupon('{"code":"BS-BAD","name":{"en":"x"},"kind":"percent","percent_off":150,"duration":"once"}') $$), '22023 billing.invalid_coupon', 'percent_off at most 100');
select is(tests.error_of($$ select public.create_coupon('{"code":"BS-BAD","name":{"en":"x"},"kind":"fixed","amount_off":5,"duration":"once"}') $$), '22023 billing.invalid_coupon', 'a fixed coupon needs a currency');
select is(tests.error_of($$ select public.create_coupon('{"code":"BS-BAD","name":{"en":"x"},"kind":"percent","percent_off":5,"duration":"repeating"}') $$), '22023 billing.invalid_coupon', 'repeating needs a number of periods');
select is(tests.error_of($$ select public.create_coupon('{"code":"x","name":{"en":"x"},"kind":"percent","percent_off":5,"duration":"once"}') $$), '22023 billing.invalid_coupon', 'a code of 3–40 A-Z 0-9 _ -');
select is(tests.error_of($$ select public.create_coupon('{"code":"BS-BAD","name":{"en":"x"},"kind":"percent","percent_off":"lots","duration":"once"}') $$), '22023 billing.invalid_coupon', 'numbers are numbers');
select is(tests.error_of($$ select public.create_coupon('{"code":"BS-BAD","name":{"en":"x"},"kind":"percent","percent_off":5,"duration":"once","colour":"red"}') $$), '22023 billing.invalid_coupon', 'unknown keys are refused');
select is(tests.error_of($$ select public.create_coupon('{"code":"BS-BAD","name":{"en":"x"},"kind":"percent","percent_off":5,"duration":"once","plan_codes":["platinum"]}') $$), '22023 billing.unknown_plan', 'restricted to plans that exist');
select is(tests.error_of($$ select public.create_coupon('{"code":"BS-FIX5","name":{"en":"x"},"kind":"percent","percent_off":5,"duration":"once"}') $$), 'PT409 billing.coupon_exists', 'codes are unique');
select is((select count(*) from public.coupons where code = 'BS-BAD'), 0::bigint, 'no refused coupon was created');

-- ── permissions and RLS ─────────────────────────────────────────────────────────────────────
select tests.create_staff('bs-biz@hq.test', 'biz_admin') as biz \gset
select tests.create_staff('bs-support@hq.test', 'support') as support \gset
select tests.create_staff('bs-tech@hq.test', 'tech_admin') as tech \gset
select tests.create_user('bs-owner@two.test') as owner2 \gset
select tests.add_member(:'t2', :'owner2', 'owner');
select tests.authenticate_as(:'support', 'aal2');
select is(public.preview_subscription_change(:'s2', 'pro') ->> 'direction', 'upgrade', 'billing.read may preview a change');
select is(tests.error_of(format($$ select public.change_subscription_plan(%L, 'pro') $$, :'s2')), 'PT403 auth.permission_denied', 'but not make it');
select is(tests.error_of($$ select public.start_invoice_run() $$), 'PT403 auth.permission_denied', 'nor start an invoice run');
select is(tests.error_of($$ select public.create_coupon('{"code":"BS-SUP","name":{"en":"x"},"kind":"percent","percent_off":5,"duration":"once"}') $$), 'PT403 auth.permission_denied', 'nor create coupons');
select tests.authenticate_as(:'tech', 'aal2');
select is(tests.error_of(format($$ select public.preview_subscription_change(%L, 'pro') $$, :'s2')), 'PT403 auth.permission_denied', 'staff without billing.read cannot preview');
select is((select count(*) from public.subscriptions), 0::bigint, 'nor read subscriptions');
select tests.clear_authentication();
-- 24 June: bs-one's second subscription (period 24 May – 24 June) is due; bs-two's and bs-three's end in July
select tests.freeze_time('2026-06-24 07:00:00+00');
select tests.authenticate_as(:'biz', 'aal2');
select is((public.start_invoice_run() ->> 'enqueued')::int, 1, 'biz_admin starts an invoice run: the one due period is enqueued');
select tests.clear_authentication();
select ok(exists (select from private.job_keys where queue_name = 'billing'
                  and idempotency_key = 'invoice:' || :'s1b' || ':' || private.iso_instant('2026-06-24 07:00:00+00')),
          'it is bs-one''s period from 24 June');
select tests.authenticate_as(:'biz', 'aal2');
select is(public.cancel_subscription(:'s3', false, 'by staff') ->> 'status', 'cancelled', 'and cancels at once');
select tests.authenticate_as(:'owner2');
select is((select array_agg(id) from public.subscriptions), array[:'s2'::uuid], 'a tenant member reads the own subscription only');
select is((select count(*) from public.coupons), 0::bigint, 'the coupon book is HQ-only');
select is((select count(*) from public.mrr_movements), 0::bigint, 'and so are MRR movements');
select is(tests.error_of(format($$ select public.cancel_subscription(%L) $$, :'s2')), 'PT403 auth.not_staff', 'a tenant user cannot cancel');
select is(tests.error_of(format($$ update public.subscriptions set status = 'active' where id = %L $$, :'s3')), '42501 ', 'no one writes a subscription directly');
select tests.clear_authentication();
select ok(exists (select from audit.log where action = 'subscription.cancel' and entity_id = :'s3' and actor_id = :'biz'), 'staff actions are audited with the actor');
select ok(exists (select from audit.log where action = 'subscription.renew' and entity_id = :'s2'), 'renewals are audited');

select * from finish();
rollback;
