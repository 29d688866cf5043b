-- Billing metrics: MRR / ARR / ARPU per currency and monthly MRR movements, computed exactly from
-- mrr_movements rows written here directly (3-decimal OMR and 2-decimal SAR), plus bad input and
-- permissions.
begin;
select plan(26);


-- The demo seed may hold subscriptions: start from none, inside this rolled-back transaction.
delete from public.mrr_movements;
delete from public.subscriptions;

select tests.freeze_time('2026-06-15 12:00:00+00');
select tests.create_tenant('mrr-one') as t1 \gset
select tests.create_tenant('mrr-two') as t2 \gset
select tests.create_tenant('mrr-three') as t3 \gset
select tests.create_tenant('mrr-four') as t4 \gset
select tests.create_tenant('mrr-five') as t5 \gset
select id as plan_id from public.plans where is_current and status = 'active' order by tier limit 1 \gset

create function pg_temp.sub(tenant uuid, plan uuid, cur text, st text, iv text default 'month') returns uuid
language sql as $$
  insert into public.subscriptions (tenant_id, plan_id, billing_interval, currency, status, current_period_start, current_period_end)
  values (tenant, plan, iv, cur, st, '2026-06-01', '2026-07-01') returning id
$$;
create function pg_temp.mv(sub uuid, kind text, before numeric, after numeric, at timestamptz) returns void
language sql as $$
  insert into public.mrr_movements (subscription_id, tenant_id, currency, kind, mrr_before, mrr_after, at)
  select s.id, s.tenant_id, s.currency, kind, before, after, at from public.subscriptions s where s.id = sub
$$;

select pg_temp.sub(:'t1', :'plan_id', 'OMR', 'active') as s1 \gset
select pg_temp.sub(:'t2', :'plan_id', 'OMR', 'active', 'year') as s2 \gset
select pg_temp.sub(:'t3', :'plan_id', 'OMR', 'active') as s3 \gset
select pg_temp.sub(:'t4', :'plan_id', 'SAR', 'active') as s5 \gset
select pg_temp.sub(:'t4', null, 'OMR', 'past_due') as s6 \gset
select pg_temp.sub(:'t2', null, 'OMR', 'suspended') as s7 \gset
select pg_temp.sub(:'t5', :'plan_id', 'OMR', 'cancelled') as s8 \gset
select pg_temp.sub(:'t5', null, 'OMR', 'trialing') as s9 \gset

select pg_temp.mv(:'s1', 'new', 0, 10.500, '2026-01-10 09:00+00');
select pg_temp.mv(:'s1', 'expansion', 10.500, 15.750, '2026-03-05 09:00+00');
select pg_temp.mv(:'s1', 'expansion', 15.750, 20.000, '2026-07-01 00:00+00');   -- scheduled: not yet
select pg_temp.mv(:'s2', 'new', 0, 8.333, '2026-02-01 00:00+00');
select pg_temp.mv(:'s2', 'contraction', 8.333, 5.000, '2026-04-01 00:00+00');
select pg_temp.mv(:'s3', 'new', 0, 7.000, '2026-01-20 10:00+00');
select pg_temp.mv(:'s3', 'churn', 7.000, 0, '2026-03-31 23:59:59+00');          -- still March in UTC
select pg_temp.mv(:'s3', 'reactivation', 0, 7.000, '2026-05-02 08:00+00');
select pg_temp.mv(:'s5', 'new', 0, 99.99, '2026-03-15 12:00+00');
select pg_temp.mv(:'s6', 'new', 0, 2.000, '2026-05-20 12:00+00');
select pg_temp.mv(:'s7', 'new', 0, 1.000, '2026-02-10 12:00+00');
select pg_temp.mv(:'s8', 'new', 0, 4.000, '2026-01-05 12:00+00');
select pg_temp.mv(:'s8', 'churn', 4.000, 0, '2026-02-15 12:00+00');
-- a cancelled subscription whose churn row is missing still counts for nothing now
select pg_temp.sub(:'t1', null, 'OMR', 'cancelled') as s10 \gset
select pg_temp.mv(:'s10', 'new', 0, 3.000, '2026-06-01 00:00+00');
select pg_temp.mv(:'s10', 'expansion', 3.000, 3.000, '2026-06-01 00:00+00');

-- ── billing_mrr ─────────────────────────────────────────────────────────────────────────────
-- OMR live: s1 15.750 + s2 5.000 + s3 7.000 + s6 2.000 + s7 1.000 (suspended still owes) + s9 0 = 30.750
select results_eq($$select currency, mrr, arr, active_subscriptions, paying_tenants, arpu from public.billing_mrr() order by currency$$,
  $$values ('OMR'::text, 30.750::numeric, 369.000::numeric, 4::bigint, 4::bigint, 7.688::numeric),
           ('SAR', 99.99, 1199.88, 1::bigint, 1::bigint, 99.99)$$,
  'MRR per currency: latest movement per live subscription, ARR = 12 × MRR, ARPU rounded half away from zero to 3 decimals');
select results_eq($$select currency, mrr, arpu from public.billing_mrr('SAR')$$,
  $$values ('SAR'::text, 99.99::numeric, 99.99::numeric)$$, 'one currency on request (2 decimals)');
select results_eq($$select currency, mrr, arr, active_subscriptions, paying_tenants, arpu from public.billing_mrr('KWD')$$,
  $$values ('KWD'::text, 0::numeric, 0::numeric, 0::bigint, 0::bigint, 0::numeric)$$,
  'a currency with nothing billed answers zeros');
select is((select mrr from public.billing_mrr('OMR')), 30.750::numeric, 'the scheduled July expansion does not count before July');
select tests.freeze_time('2026-07-02 00:00:00+00');
select is((select mrr from public.billing_mrr('OMR')), 35.000::numeric, 'and counts once its time has come');
select tests.freeze_time('2026-06-15 12:00:00+00');
-- a movement on an add-on-only subscription of a tenant that pays nothing else makes it paying
update public.subscriptions set status = 'active' where id = :'s9';
select pg_temp.mv(:'s9', 'new', 0, 0.001, '2026-06-10 00:00+00');
select results_eq($$select mrr, active_subscriptions, paying_tenants, arpu from public.billing_mrr('OMR')$$,
  $$values (30.751::numeric, 5::bigint, 5::bigint, 6.150::numeric)$$, 'the smallest amount counts; 30.751 / 5 = 6.1502 → 6.150');
delete from public.mrr_movements where subscription_id = :'s9';
update public.subscriptions set status = 'trialing' where id = :'s9';

-- ── mrr_movements_by_month ──────────────────────────────────────────────────────────────────
select results_eq($$select month, new, expansion, contraction, churned, reactivation, net, ending_mrr
                    from public.mrr_movements_by_month('2026-01-01', '2026-06-30', 'OMR') order by month$$,
  $$values ('2026-01-01'::date, 21.500::numeric, 0::numeric, 0::numeric, 0::numeric, 0::numeric, 21.500::numeric, 21.500::numeric),
           ('2026-02-01', 9.333, 0, 0, -4.000, 0, 5.333, 26.833),
           ('2026-03-01', 0, 5.250, 0, -7.000, 0, -1.750, 25.083),
           ('2026-04-01', 0, 0, -3.333, 0, 0, -3.333, 21.750),
           ('2026-05-01', 2.000, 0, 0, 0, 7.000, 9.000, 30.750),
           ('2026-06-01', 3.000, 0, 0, 0, 0, 3.000, 33.750)$$,
  'OMR month by month: flows by kind (contraction and churn negative), net, ending MRR');
select is((select sum(net) from public.mrr_movements_by_month('2026-01-01', '2026-06-01', 'OMR')),
          (select ending_mrr from public.mrr_movements_by_month('2026-06-01', '2026-06-01', 'OMR')),
          'the nets add up to the ending MRR when the range starts from nothing');
select results_eq($$select month, currency, new, net, ending_mrr from public.mrr_movements_by_month('2026-02-14', '2026-04-02') order by month, currency$$,
  $$values ('2026-02-01'::date, 'OMR'::text, 9.333::numeric, 5.333::numeric, 26.833::numeric),
           ('2026-02-01', 'SAR', 0, 0, 0),
           ('2026-03-01', 'OMR', 0, -1.750, 25.083),
           ('2026-03-01', 'SAR', 99.99, 99.99, 99.99),
           ('2026-04-01', 'OMR', 0, -3.333, 21.750),
           ('2026-04-01', 'SAR', 0, 0, 99.99)$$,
  'any day names its month; without a currency every currency with movements answers, zero months included');
select results_eq($$select month, expansion, ending_mrr from public.mrr_movements_by_month('2026-07-01', '2026-08-01', 'OMR') order by month$$,
  $$values ('2026-07-01'::date, 4.250::numeric, 38.000::numeric), ('2026-08-01', 0, 38.000)$$,
  'future months show what is already scheduled');
select is((select count(*) from public.mrr_movements_by_month('2025-01-01', '2025-03-01')), 0::bigint,
          'before the first movement there is nothing to show');
select results_eq($$select month, currency, net, ending_mrr from public.mrr_movements_by_month('2025-12-01', '2026-01-01', 'KWD') order by month$$,
  $$values ('2025-12-01'::date, 'KWD'::text, 0::numeric, 0::numeric), ('2026-01-01', 'KWD', 0, 0)$$,
  'an asked-for currency answers zeros');
select is((select count(*) from public.mrr_movements_by_month('2017-01-01', '2026-12-01', 'OMR')), 120::bigint,
          '120 months is the longest range');

-- ── bad input ───────────────────────────────────────────────────────────────────────────────
select is(tests.error_of($$select * from public.billing_mrr('XYZ')$$), '22023 billing.invalid_currency', 'unknown currency refused');
select is(tests.error_of($$select * from public.billing_mrr('omr')$$), '22023 billing.invalid_currency', 'codes are upper case');
select is(tests.error_of($$select * from public.mrr_movements_by_month('2026-05-01', '2026-04-01')$$), '22023 billing.invalid_period',
          'a reversed range refused');
select is(tests.error_of($$select * from public.mrr_movements_by_month(null, '2026-04-01')$$), '22023 billing.invalid_period',
          'a missing bound refused');
select is(tests.error_of($$select * from public.mrr_movements_by_month('2016-12-01', '2026-12-01')$$), '22023 billing.invalid_period',
          'more than 120 months refused');
select is(tests.error_of($$select * from public.mrr_movements_by_month('2026-01-01', '2026-02-01', 'EURO')$$), '22023 billing.invalid_currency',
          'unknown currency refused for movements too');

-- ── who may read ────────────────────────────────────────────────────────────────────────────
select tests.create_staff('mrr-support@example.test', 'support') as support \gset
select tests.create_staff('mrr-tech@example.test', 'tech_admin') as tech \gset
select tests.create_user('mrr-owner@example.test') as owner \gset
select tests.add_member(:'t1', :'owner', 'owner');

select tests.authenticate_as(:'support', 'aal2');
select is((select mrr from public.billing_mrr('OMR')), 30.750::numeric, 'support (billing.read) reads MRR');
select is((select count(*) from public.mrr_movements_by_month('2026-01-01', '2026-06-01', 'SAR')), 6::bigint, 'and the movements');
select is(tests.error_of($$select * from public.billing_mrr()$$), 'ok', 'billing_mrr runs for billing.read');
select tests.authenticate_as(:'support', 'aal1');
select is(tests.error_of($$select * from public.billing_mrr()$$), 'PT403 auth.mfa_required', 'staff need an aal2 session');
select tests.authenticate_as(:'tech', 'aal2');
select is(tests.error_of($$select * from public.mrr_movements_by_month('2026-01-01', '2026-02-01')$$), 'PT403 auth.permission_denied',
          'tech_admin lacks billing.read');
select tests.authenticate_as(:'owner', 'aal2');
select is(tests.error_of($$select * from public.billing_mrr()$$), 'PT403 auth.not_staff', 'a tenant owner may not read HQ revenue');
select tests.authenticate_as_anon();
select is(tests.error_of($$select * from public.billing_mrr()$$), '42501 ', 'anon may not even call it');
select tests.clear_authentication();

select * from finish();
rollback;
