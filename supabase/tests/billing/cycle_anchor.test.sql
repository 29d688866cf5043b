-- Billing cycle anchor: periods counted from the anchor on the tenant's wall clock (31 Jan → 28 Feb →
-- 31 Mar → 30 Apr → 31 May …, 29 Feb yearly, Europe/London across DST), proration by day on an anchored
-- period, and a row inserted without an anchor. Subscriptions are rolled one at a time
-- (tests.roll_periods, devstack/sql/test/50_billing.sql), so the demo seed's subscriptions are never
-- touched by the frozen times in 2027–2033.
begin;
select plan(18);

-- local period start dates of a subscription's plan invoices
create function pg_temp.local_starts(sub uuid) returns text language sql as $$
  select string_agg(to_char(i.period_start at time zone i.timezone, 'YYYY-MM-DD'), ' ' order by i.period_start)
  from public.invoices i where i.subscription_id = sub and i.billing_reason in ('subscription_create', 'subscription_cycle')
$$;
grant execute on all functions in schema pg_temp to public;

select tests.create_tenant('ba-muscat') as tm \gset
select tests.create_tenant('ba-leap') as ty \gset
select tests.create_tenant('ba-london') as tl \gset
select tests.create_tenant('ba-fixture') as tf \gset
update public.tenants set timezone = 'Europe/London' where id = :'tl';

-- ── month-end anchor: 31 January in Muscat ──────────────────────────────────────────────────
select tests.freeze_time('2027-01-31 06:00:00+00');  -- 10:00 in Muscat
select public.create_subscription(:'tm', 'growth', trial_days => 0) ->> 'id' as sm \gset
select is((select row(billing_anchor, current_period_end)::text from public.subscriptions where id = :'sm'),
          row('2027-01-31 06:00:00+00'::timestamptz, '2027-02-28 06:00:00+00'::timestamptz)::text,
          'anchored on 31 January; the first period ends on 28 February, 10:00 Muscat');
select is(tests.roll_periods(:'sm', 5), 5, 'five invoice periods are billed');
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

-- ── yearly: 29 February 2028 ────────────────────────────────────────────────────────────────
select tests.freeze_time('2028-02-29 06:00:00+00');
select public.create_subscription(:'ty', 'growth', 'year', trial_days => 0) ->> 'id' as sy \gset
select is(tests.roll_periods(:'sy', 4), 4, 'four yearly renewals are billed');
select is(pg_temp.local_starts(:'sy'), '2028-02-29 2029-02-28 2030-02-28 2031-02-28 2032-02-29',
          'anchored on 29 Feb: 28 Feb in common years, 29 Feb again in the leap year 2032');
select is((select current_period_end from public.subscriptions where id = :'sy'), '2033-02-28 06:00:00+00'::timestamptz, 'the current year ends on 28 Feb 2033');

-- ── Europe/London across the DST changes ────────────────────────────────────────────────────
select tests.freeze_time('2027-03-15 00:30:00+00');  -- 00:30 GMT
select public.create_subscription(:'tl', 'starter', trial_days => 0) ->> 'id' as sl \gset
select is((select current_period_end from public.subscriptions where id = :'sl'), '2027-04-14 23:30:00+00'::timestamptz,
          'the first period ends at 00:30 BST on 15 April (23:30 UTC on the 14th)');
select is(tests.roll_periods(:'sl', 8), 8, 'eight monthly renewals, through the end of summer time');
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
