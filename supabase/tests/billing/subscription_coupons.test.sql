-- Billing subscriptions, coupons (percent / fixed, once / repeating / forever, stacking, expiry, max
-- redemptions, plan and currency restrictions, archiving) and their MRR; who may change subscriptions and
-- who reads them (RLS). Frozen times in 2026 (seeded subscriptions never due).
begin;
select plan(50);

select tests.create_tenant('bs-one') as t1 \gset
select tests.create_tenant('bs-two') as t2 \gset
select tests.create_tenant('bs-three') as t3 \gset
select tests.create_tenant('bs-four') as t4 \gset
select id as growth from public.plans where code = 'growth' and is_current \gset

-- bs-one's returning subscription (24 March), so the June invoice run has exactly one due period
select tests.freeze_time('2026-03-24 07:00:00+00');
select public.create_subscription(:'t1', 'growth', trial_days => 0) ->> 'id' as s1b \gset
select tests.freeze_time('2026-04-01 06:00:00+00');

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
select tests.run_invoice_run() >= 1;
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
select tests.run_invoice_run() >= 1;
select is((select array_agg(l.discount_amount order by l.position) from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.subscription_id = :'s2' and i.period_start = '2026-06-01 06:00:00+00'), '{5.000,0.000}'::numeric[],
          'the third month: only the forever coupon');

select tests.freeze_time('2026-06-02 07:00:00+00');
select public.create_subscription(:'t3', 'growth', coupon_code => 'BS-BIG', trial_days => 0) as c3 \gset
select is((select row(discount_total, tax_total, total, amount_due, status)::text from public.invoices where id = (:'c3'::jsonb -> 'invoice' ->> 'id')::uuid),
          row(19.000, 0.000, 0.000, 0.000, 'paid')::text, 'a discount larger than the line stops at zero: nothing due, paid');
select (:'c3'::jsonb ->> 'id') as s3 \gset
-- both coupons were redeemed at the same (frozen) time: the list breaks the tie by code
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
