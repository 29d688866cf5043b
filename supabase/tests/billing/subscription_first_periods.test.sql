-- Billing subscriptions, the first periods: trial → first paid period through the invoice run, idempotent
-- runs and duplicate jobs, proration by day in the tenant's timezone (preview = change), add-ons billed
-- now. Frozen times are in 2026 before the demo seed's periods end, so seeded subscriptions are never due.
-- The invoice run helper (tests.run_invoice_run): devstack/sql/test/50_billing.sql.
begin;
select plan(40);

select tests.create_tenant('bs-one') as t1 \gset
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
select tests.run_invoice_run() >= 0;
select is((select status from public.subscriptions where id = :'s1'), 'trialing', 'before the trial ends the run does nothing to it');
select tests.freeze_time('2026-01-24 07:00:00+00');
select cmp_ok(tests.run_invoice_run(), '>=', 1, 'the run enqueues and processes the due subscription');
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
select tests.run_invoice_run() >= 0;
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

select * from finish();
rollback;
