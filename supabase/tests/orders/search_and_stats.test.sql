-- The orders read back: the support search (number prefix, phone digits, customer name; who may search,
-- what is refused), the per-stage statistics, stuck orders and the nightly aggregate.
begin;
select plan(10);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.freeze_time('2026-11-20 08:00+00');
select tests.create_tenant('wf-orders-a') as a \gset
select tests.create_tenant('wf-orders-b') as b \gset
select private.provision_entitlements(:'a'), private.provision_entitlements(:'b');
select tests.create_user('owner@wfa.test') as owner \gset
select tests.create_user('operator@wfa.test') as operator \gset
select tests.create_user('owner@wfb.test') as owner_b \gset
select tests.create_staff('support@wfhq.test', 'support') as support \gset
select tests.create_staff('biz@wfhq.test', 'biz_admin') as biz \gset
select tests.create_staff('tech@wfhq.test', 'tech_admin') as tech \gset
select tests.add_member(:'a', :'owner', 'owner'), tests.add_member(:'a', :'operator', 'operator'), tests.add_member(:'b', :'owner_b', 'owner');

-- A-1001: 90 minutes in intake (SLA 30), then through every stage to delivered; A-1002 cancelled
-- (each step is asserted in transitions.test.sql)
select tests.authenticate_as(:'owner');
select public.create_order(:'a', 'wash_iron', 'A-1001', 'Salim Al Harthy', '+968 9123 4567', 3, 4.500) ->> 'id' as o1 \gset
select public.create_order(:'a', 'express', 'A-1002', 'Maryam Al Balushi', '99887766') ->> 'id' as o2 \gset
select tests.freeze_time('2026-11-20 09:30+00');
select tests.authenticate_as(:'operator');
select public.transition_order(:'o1', 'tagging') is not null;
select tests.clear_authentication();
update public.orders set scan_status = 'ok', invoice_number = 'INV-1', proof_of_delivery = true, paid = true where id = :'o1';
select tests.authenticate_as(:'operator');
select public.transition_order(:'o1', 'washing') is not null;
select public.transition_order(:'o1', 'ironing') is not null;
select public.transition_order(:'o1', 'quality_check') is not null;
select public.transition_order(:'o1', 'ready') is not null;
select public.transition_order(:'o1', 'out_for_delivery') is not null;
select public.transition_order(:'o1', 'delivered') is not null;
select tests.authenticate_as(:'owner');
select public.transition_order(:'o2', 'cancelled', 'customer asked') is not null;
select tests.clear_authentication();

-- ── support search ──────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'support', 'aal2');
select is((select array_agg(number order by number) from public.search_orders('a-100', :'a')), '{A-1001,A-1002}', 'search by number prefix');
select is((select array_agg(number) from public.search_orders('9123 45')), '{A-1001}', 'search by phone digits, any formatting');
select is((select array_agg(number) from public.search_orders('balushi', :'a')), '{A-1002}', 'search by customer name substring');
select tests.clear_authentication();
select is(tests.error_of(:'biz', 'aal2', $$select * from public.search_orders('balushi')$$), 'ok', 'tenants.read may search too');
select is(tests.error_of(:'tech', 'aal2', $$select * from public.search_orders('balushi')$$)
          || ' / ' || tests.error_of(:'owner', 'aal1', $$select * from public.search_orders('balushi')$$)
          || ' / ' || tests.error_of(:'support', 'aal1', $$select * from public.search_orders('balushi')$$),
          'ok / PT403 auth.not_staff / PT403 auth.mfa_required', 'tech_admin (tenants.read) may; a tenant user and an aal1 session may not');
select is(tests.error_of(:'support', 'aal2', $$select * from public.search_orders('ab')$$)
          || ' / ' || tests.error_of(:'support', 'aal2', $$select * from public.search_orders('abc', null, 0)$$)
          || ' / ' || tests.error_of(:'support', 'aal2', $$select * from public.search_orders('%%%')$$),
          '22023 orders.search_too_short / 22023 orders.invalid_limit / ok', 'short queries and bad limits are refused; wildcards are literal');

-- ── analytics ───────────────────────────────────────────────────────────────────────────────
select tests.freeze_time('2026-11-21 12:00+00');
select is((select transitions || ' ' || p50_seconds::int || ' ' || sla_breaches
           from public.workflow_stage_stats('2026-11-20', '2026-11-21', :'a') where stage = 'intake' and template_id =
             (select id from public.workflow_templates where code = 'wash_iron')),
          '1 5400 1', 'time in stage and breaches per tenant / template / stage');
select is(tests.error_of(:'owner_b', 'aal1', format($$select * from public.workflow_stage_stats('2026-11-20', '2026-11-21', %L)$$, :'a'))
          || ' / ' || tests.error_of(:'owner', 'aal1', format($$select * from public.workflow_stage_stats('2026-11-21', '2026-11-20', %L)$$, :'a')),
          'PT403 auth.not_staff / 22023 workflow.invalid_period', 'another tenant may not read the stats; a reversed period is refused');
select tests.authenticate_as(:'owner');
select public.create_order(:'a', 'dry_clean', 'A-1003', 'Stuck Customer') ->> 'id' as o3 \gset
select tests.clear_authentication();
select tests.freeze_time('2026-11-21 13:00+00');
select is((select array_agg(number) from public.stuck_orders(:'a')), '{A-1003}', 'an order past its stage SLA is stuck; finished ones are not');
select private.enqueue('maintenance', 'workflow.aggregate_daily', '{"day": "2026-11-20"}', 'test-wf-agg');
select private.dispatch('maintenance');
select is((select transitions || ' ' || sla_breaches from public.workflow_stage_daily
           where day = '2026-11-20' and tenant_id = :'a' and stage = 'intake'
             and template_id = (select id from public.workflow_templates where code = 'wash_iron')),
          '1 1', 'the nightly job folds a day into the aggregates');

select * from finish();
rollback;
