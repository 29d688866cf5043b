-- Billing cycle anchor and credits: periods counted from the anchor on the tenant's wall clock
-- (31 Jan → 28 Feb → 31 Mar → 30 Apr → 31 May …, 29 Feb yearly, Europe/London across DST),
-- proration by day on anchored periods, the prorated credit of an add-on decrease to the customer
-- balance, and cancel-now: the final invoice (unbilled overage + the unused-time credit, never
-- negative, the rest to the balance), coupons honoured, trials credit nothing.
-- Subscriptions are rolled with private.invoice_period directly (not the whole run), so the demo
-- seed's subscriptions are never touched by the frozen times in 2027–2033.
begin;
select plan(54);

-- bill n periods of one subscription, each just after its period ends
create function pg_temp.roll(sub uuid, n int) returns int language plpgsql as $$
declare e timestamptz; billed int := 0;
begin
  for i in 1..n loop
    select current_period_end into e from public.subscriptions where id = sub;
    perform tests.freeze_time(e + interval '1 hour');
    if private.invoice_period(sub, e) is not null then
      billed := billed + 1;
    end if;
  end loop;
  return billed;
end $$;
-- local period start dates of a subscription's plan invoices
create function pg_temp.local_starts(sub uuid) returns text language sql as $$
  select string_agg(to_char(i.period_start at time zone i.timezone, 'YYYY-MM-DD'), ' ' order by i.period_start)
  from public.invoices i where i.subscription_id = sub and i.billing_reason in ('subscription_create', 'subscription_cycle')
$$;
grant execute on all functions in schema pg_temp to public;

select tests.create_tenant('ba-muscat') as tm \gset
select tests.create_tenant('ba-leap') as ty \gset
select tests.create_tenant('ba-london') as tl \gset
select tests.create_tenant('ba-over') as tn \gset
select tests.create_tenant('ba-coupon') as tc \gset
select tests.create_tenant('ba-trial') as tt \gset
select tests.create_tenant('ba-fixture') as tf \gset
select tests.create_tenant('ba-end') as te \gset
update public.tenants set timezone = 'Europe/London' where id = :'tl';

-- ── month-end anchor: 31 January in Muscat ──────────────────────────────────────────────────
select tests.freeze_time('2027-01-31 06:00:00+00');  -- 10:00 in Muscat
select public.create_subscription(:'tm', 'growth', trial_days => 0) ->> 'id' as sm \gset
select is((select row(billing_anchor, current_period_end)::text from public.subscriptions where id = :'sm'),
          row('2027-01-31 06:00:00+00'::timestamptz, '2027-02-28 06:00:00+00'::timestamptz)::text,
          'anchored on 31 January; the first period ends on 28 February, 10:00 Muscat');
select is(pg_temp.roll(:'sm', 5), 5, 'five invoice periods are billed');
select is(pg_temp.local_starts(:'sm'), '2027-01-31 2027-02-28 2027-03-31 2027-04-30 2027-05-31 2027-06-30',
          'the periods start on the anchor day, clamped to the month end: 31 Jan, 28 Feb, 31 Mar, 30 Apr, 31 May, 30 Jun (no drift to the 28th)');
select is((select row(current_period_start, current_period_end, billing_anchor)::text from public.subscriptions where id = :'sm'),
          row('2027-06-30 06:00:00+00'::timestamptz, '2027-07-31 06:00:00+00'::timestamptz, '2027-01-31 06:00:00+00'::timestamptz)::text,
          'now 30 June – 31 July, the anchor unchanged');
select is((select string_agg(to_char(i.period_end at time zone 'Asia/Muscat', 'MM-DD HH24:MI'), ' ' order by i.period_start)
           from public.invoices i where i.subscription_id = :'sm'),
          '02-28 10:00 03-31 10:00 04-30 10:00 05-31 10:00 06-30 10:00 07-31 10:00', 'each invoice period ends at the next clamped boundary, 10:00 local');
select is((select description ->> 'en' from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.subscription_id = :'sm' and i.period_start = '2027-02-28 06:00:00+00' and l.kind = 'plan'),
          'Growth plan (monthly), 2027-02-28 – 2027-03-30', 'the line names the local period (28 Feb – 30 Mar)');
select is((select current_period_end from public.tenant_plans where tenant_id = :'tm'), '2027-07-31 06:00:00+00'::timestamptz,
          'the tenant''s plan period follows');

-- proration by day on an anchored period (30 Jun – 31 Jul: 31 days; 10 Jul local: 21 remaining)
select tests.freeze_time('2027-07-10 06:00:00+00');
select public.set_subscription_add_on(:'sm', 'extra_branch', 2) as inc \gset
select is((:'inc'::jsonb -> 'proration' ->> 'days_in_period')::int, 31, 'proration by day: 31 days in the 30 Jun – 31 Jul period');
select is((:'inc'::jsonb -> 'proration' ->> 'days_remaining')::int, 21, '21 days remaining from 10 July');
select is((:'inc'::jsonb -> 'invoice' ->> 'total'), '5.690', 'two branches: 8 × 21/31 = 5.419 + VAT 0.271, billed now');

-- ── add-on decrease: prorated credit to the customer balance ───────────────────────────────
select count(*) as inv_m from public.invoices where subscription_id = :'sm' \gset
select public.set_subscription_add_on(:'sm', 'extra_branch', 1, 'one branch closed') as dec \gset
select is((:'dec'::jsonb -> 'proration' ->> 'credit'), '-2.710', 'one branch less: 4 × 21/31 = 2.710 credited');
select is((:'dec'::jsonb ->> 'balance_credit'), '2.846', 'plus its VAT 0.136: 2.846 to the balance');
select is(:'dec'::jsonb -> 'invoice', 'null'::jsonb, 'a decrease issues no invoice');
select is((select count(*) from public.invoices where subscription_id = :'sm'), :'inv_m'::bigint, 'no invoice row either');
select is((select balance from public.billing_profiles where tenant_id = :'tm'), 2.846::numeric, 'the customer balance holds the credit');
select is((select row(amount, currency, invoice_id)::text from public.customer_balance_transactions where tenant_id = :'tm' order by id desc limit 1),
          row(2.846::numeric(14,3), 'OMR', null::uuid)::text, 'with a balance transaction');
select ok((select reason from public.customer_balance_transactions where tenant_id = :'tm' order by id desc limit 1) like '1 × extra_branch add-on removed: unused 21 of 31 days',
          'that says why');
select is((select quantity from public.tenant_add_ons where tenant_id = :'tm' and add_on_code = 'extra_branch'), 1, 'the tenant''s add-ons follow');
select is(tests.error_of(format($$ select public.set_subscription_add_on(%L, 'extra_branch', -1) $$, :'sm')), '22023 billing.invalid_quantity', 'a negative quantity is refused');
select is((select balance from public.billing_profiles where tenant_id = :'tm'), 2.846::numeric, 'and credits nothing');

-- ── cancel now: overage and the unused-time credit on a final invoice ───────────────────────
insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before, requested, overage_units, unit_price, amount, currency)
values (:'tm', 'whatsapp_messages_per_month', '2027-07-01', 'overage', 'overage', 0, 0, 40, 40, 0.010, 0.400, 'OMR');
select is(tests.error_of(format($$ select public.cancel_subscription(%L, null) $$, :'sm')), '22023 billing.invalid_input', 'at_period_end must be given');
select is((select count(*) from public.invoices where subscription_id = :'sm'), :'inv_m'::bigint, 'a refused cancellation bills nothing');
select public.cancel_subscription(:'sm', false, 'closing down') as cm \gset
select is((:'cm'::jsonb ->> 'status'), 'cancelled', 'cancelled now');
select is((select array_agg(l.amount order by l.position)::text from public.invoice_lines l where l.invoice_id = (:'cm'::jsonb -> 'final' ->> 'invoice_id')::uuid),
          '{0.400,-0.400}', 'the final invoice: the overage and the unused-time credit, capped at the overage');
select is((select row(billing_reason, status, total, amount_due, idempotency_key)::text from public.invoices where id = (:'cm'::jsonb -> 'final' ->> 'invoice_id')::uuid),
          row('subscription_update', 'paid', 0.000, 0.000, 'invoice:' || :'sm' || ':final')::text, 'never negative: total 0, settled');
select is((select array_agg(l.kind order by l.position)::text from public.invoice_lines l where l.invoice_id = (:'cm'::jsonb -> 'final' ->> 'invoice_id')::uuid),
          '{overage,proration}', 'of kinds overage and proration');
select is((:'cm'::jsonb -> 'final' ->> 'credit_total'), '16.360', 'the credit: (19 + 4) × 21/31 = 15.581 + VAT 0.779');
select is((:'cm'::jsonb -> 'final' ->> 'credit_to_balance'), '15.940', 'what the invoice could not take (16.360 − 0.420) goes to the balance');
select is((select balance from public.billing_profiles where tenant_id = :'tm'), 18.786::numeric, 'the balance: 2.846 + 15.940');
select is((select invoice_id from public.customer_balance_transactions where tenant_id = :'tm' order by id desc limit 1),
          (:'cm'::jsonb -> 'final' ->> 'invoice_id')::uuid, 'the balance transaction points at the final invoice');
select ok((select bool_and(billed_at is not null) from public.limit_breaches where tenant_id = :'tm'), 'the overage is marked billed');
select is((select row(kind, mrr_after)::text from public.mrr_movements where subscription_id = :'sm' order by id desc limit 1),
          row('churn', 0.000)::text, 'MRR: churn');
select is(tests.error_of(format($$ select public.cancel_subscription(%L, false) $$, :'sm')), 'PT409 billing.subscription_cancelled', 'cancelling again is refused');

-- overage larger than the credit: the whole credit on the invoice, nothing to the balance
select tests.freeze_time('2027-07-01 06:00:00+00');
select public.create_subscription(:'tn', 'starter', trial_days => 0) ->> 'id' as sn \gset
insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before, requested, overage_units, unit_price, amount, currency)
values (:'tn', 'whatsapp_messages_per_month', '2027-07-01', 'overage', 'overage', 0, 0, 10000, 10000, 0.010, 100.000, 'OMR');
select tests.freeze_time('2027-07-10 06:00:00+00');
select public.cancel_subscription(:'sn', false, 'closing down') as cn \gset
select is((select array_agg(l.amount order by l.position)::text from public.invoice_lines l where l.invoice_id = (:'cn'::jsonb -> 'final' ->> 'invoice_id')::uuid),
          '{100.000,-6.387}', 'overage 100.000 and the whole credit 9 × 22/31 = 6.387');
select is((select row(status, total, amount_due)::text from public.invoices where id = (:'cn'::jsonb -> 'final' ->> 'invoice_id')::uuid),
          row('open', 98.294, 98.294)::text, '105.000 − 6.706 due');
select is((select count(*) from public.customer_balance_transactions where tenant_id = :'tn'), 0::bigint, 'nothing goes to the balance');

-- no overage: no invoice, the whole credit (after the coupon) to the balance
select tests.freeze_time('2027-07-01 06:00:00+00');
select public.create_coupon('{"code":"BA-HALF","name":{"en":"half price"},"kind":"percent","percent_off":50,"duration":"forever"}') is not null;
select public.create_subscription(:'tc', 'pro', coupon_code => 'BA-HALF', trial_days => 0) ->> 'id' as sc \gset
select tests.freeze_time('2027-07-10 06:00:00+00');
select public.cancel_subscription(:'sc', false, 'closing down') as cc \gset
select is(:'cc'::jsonb -> 'final' ->> 'invoice_id', null, 'without overage there is no final invoice');
select is((select balance from public.billing_profiles where tenant_id = :'tc'), 14.531::numeric,
          'the credit on what was charged: 39 × 50 % × 22/31 = 13.839 + VAT 0.692 to the balance');
select is((select count(*) from public.invoices where subscription_id = :'sc'), 1::bigint, 'only the first invoice exists');

-- a trial was never paid: cancelling it credits nothing
select tests.freeze_time('2027-07-01 06:00:00+00');
select public.create_subscription(:'tt', 'growth') ->> 'id' as st \gset
select is((select billing_anchor = trial_end from public.subscriptions where id = :'st'), true, 'a trialing subscription is anchored on its trial end');
select tests.freeze_time('2027-07-05 06:00:00+00');
select public.cancel_subscription(:'st', false, 'not for us') as ct \gset
select is((:'ct'::jsonb -> 'final' ->> 'credit_total'), '0', 'cancelling a trial credits nothing');
select is((select count(*) from public.customer_balance_transactions where tenant_id = :'tt'), 0::bigint, 'and touches no balance');

-- cancelled at the period end: no credit, but the last period's overage is billed by the run
select tests.freeze_time('2027-07-01 06:00:00+00');
select public.create_subscription(:'te', 'starter', trial_days => 0) ->> 'id' as se \gset
select public.cancel_subscription(:'se', true, 'end of season') is not null;
insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before, requested, overage_units, unit_price, amount, currency)
values (:'te', 'whatsapp_messages_per_month', '2027-07-01', 'overage', 'overage', 0, 0, 70, 70, 0.010, 0.700, 'OMR');
select is(pg_temp.roll(:'se', 1), 0, 'at the period end the run cancels instead of renewing');
select is((select status from public.subscriptions where id = :'se'), 'cancelled', 'cancelled');
select is((select array_agg(l.kind || ':' || l.amount order by l.position)::text from public.invoice_lines l join public.invoices i on i.id = l.invoice_id
           where i.idempotency_key = 'invoice:' || :'se' || ':final'), '{overage:0.700}', 'a final invoice bills the last period''s overage, without a credit');
select is((select count(*) from public.customer_balance_transactions where tenant_id = :'te'), 0::bigint, 'and credits nothing');

-- ── yearly: 29 February 2028 ────────────────────────────────────────────────────────────────
select tests.freeze_time('2028-02-29 06:00:00+00');
select public.create_subscription(:'ty', 'growth', 'year', trial_days => 0) ->> 'id' as sy \gset
select is(pg_temp.roll(:'sy', 4), 4, 'four yearly renewals are billed');
select is(pg_temp.local_starts(:'sy'), '2028-02-29 2029-02-28 2030-02-28 2031-02-28 2032-02-29',
          'anchored on 29 Feb: 28 Feb in common years, 29 Feb again in the leap year 2032');
select is((select current_period_end from public.subscriptions where id = :'sy'), '2033-02-28 06:00:00+00'::timestamptz, 'the current year ends on 28 Feb 2033');

-- ── Europe/London across the DST changes ────────────────────────────────────────────────────
select tests.freeze_time('2027-03-15 00:30:00+00');  -- 00:30 GMT
select public.create_subscription(:'tl', 'starter', trial_days => 0) ->> 'id' as sl \gset
select is((select current_period_end from public.subscriptions where id = :'sl'), '2027-04-14 23:30:00+00'::timestamptz,
          'the first period ends at 00:30 BST on 15 April (23:30 UTC on the 14th)');
select is(pg_temp.roll(:'sl', 8), 8, 'eight monthly renewals, through the end of summer time');
select is((select string_agg(to_char(i.period_start at time zone 'Europe/London', 'DD HH24:MI'), ' ' order by i.period_start) from public.invoices i where i.subscription_id = :'sl'),
          '15 00:30 15 00:30 15 00:30 15 00:30 15 00:30 15 00:30 15 00:30 15 00:30 15 00:30',
          'every period starts on the 15th at 00:30 London time, in GMT and in BST');
select is((select current_period_end from public.subscriptions where id = :'sl'), '2027-12-15 00:30:00+00'::timestamptz, 'back on GMT in December');

-- ── a row inserted without an anchor (fixtures, bulk loads) ─────────────────────────────────
insert into public.subscriptions (tenant_id, billing_interval, currency, status, current_period_start, current_period_end)
values (:'tf', 'month', 'OMR', 'active', '2027-05-31 06:00:00+00', '2027-06-30 06:00:00+00') returning id as sf \gset
select is((select billing_anchor from public.subscriptions where id = :'sf'), '2027-05-31 06:00:00+00'::timestamptz, 'defaults to the period start');

select * from finish();
rollback;
