-- Billing dunning, the timeline with frozen time: day 0 reminder, day 1 retry, day 3 warned, day 7 past_due +
-- tenant grace, day 14 suspended + tenant suspended, payment → recovered and restored; add-on-only
-- subscriptions, tenants suspended by someone else, reminders recorded by their job, and who reads cases.
-- Fixtures (tests.dunning_subscription / dunning_invoice / dunning_tick): devstack/sql/test/50_billing.sql.
begin;
select plan(40);

select tests.create_tenant('a2-dun-plan') as tp \gset
select tests.create_tenant('a2-dun-addon') as ta \gset
select tests.create_tenant('a2-dun-held', 'suspended') as th \gset
select tests.create_tenant('a2-dun-misc') as tm \gset
select tests.create_staff('biz@a2d.test', 'biz_admin') as biz \gset
select tests.create_staff('support@a2d.test', 'support') as support \gset
select tests.create_user('owner@a2d.test') as owner \gset
select tests.add_member(:'tp', :'owner', 'owner');

select tests.dunning_subscription(:'tp', true) as sp \gset
select tests.dunning_invoice(:'tp', :'sp') as ip \gset
select tests.dunning_subscription(:'ta', false) as sa \gset
select tests.dunning_invoice(:'ta', :'sa') as ia \gset
select tests.dunning_subscription(:'th', true) as sh \gset
select tests.dunning_invoice(:'th', :'sh') as ih \gset
-- The plan tenant has a saved card (as the apply job saves it from a succeeded payment, tested in
-- billing/payment_methods); the add-on tenant has none.
insert into public.payment_methods (tenant_id, gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year, is_default)
values (:'tp', 'hyperpay', null, 'REG-a2d-old', 'MASTER', '5454', 1, 2030, false),
       (:'tp', 'stripe', 'cus_a2d', 'pm_a2d', 'visa', '4242', 12, 2030, true);
select id as pmp from public.payment_methods where method_ref = 'pm_a2d' \gset

-- ── the timeline ────────────────────────────────────────────────────────────────────────────
select tests.dunning_tick(-1);
select is((select count(*)::int from public.dunning_cases where invoice_id = :'ip'), 0, 'no case before the due date');

select tests.dunning_tick(0);
select results_eq(format($$ select stage, reminders_sent, retries_done, next_action, next_action_at from public.dunning_cases where invoice_id = %L $$, :'ip'),
  $$ values ('retrying'::text, 1, 0, 'retry'::text, '2026-11-16 00:00+04'::timestamptz) $$,
  'day 0: the case opens, the day-0 reminder is queued, the next action is the day-1 retry at local midnight');
select is((select count(*)::int from pgmq.q_notifications where message ->> 'job_type' = 'billing.payment_reminder'
           and message -> 'payload' ->> 'invoice_id' = :'ip'), 1, 'the reminder job is on the notifications queue');
select is((select array_agg(action order by id) from public.dunning_events where case_id = (select id from public.dunning_cases where invoice_id = :'ip')),
  '{opened,reminder}'::text[], 'opened and reminder are recorded');

select tests.dunning_tick(1);
select is((select message -> 'payload' from pgmq.q_billing where message ->> 'job_type' = 'billing.retry_payment'
           and message -> 'payload' ->> 'invoice_id' = :'ip'),
  jsonb_build_object('action', 'charge', 'invoice_id', :'ip', 'tenant_id', :'tp', 'amount', 21.000, 'currency', 'OMR', 'gateway', 'stripe',
    'payment_method_id', :'pmp', 'customer_ref', 'cus_a2d', 'method_ref', 'pm_a2d'),
  'day 1: a retry is enqueued for payments-checkout with the tenant''s default saved method (on its gateway)');
select is((select detail ->> 'card' from public.dunning_events where case_id = (select id from public.dunning_cases where invoice_id = :'ip')
           and action = 'retry'), 'visa 4242', 'the retry event names the card charged');
select is((select count(*)::int from pgmq.q_billing where message ->> 'job_type' = 'billing.retry_payment'
           and message -> 'payload' ->> 'invoice_id' = :'ia'), 0, 'a tenant with no saved method is not charged');
select results_eq(format($$ select detail ->> 'skipped', detail ->> 'skip_reason' from public.dunning_events
                           where case_id = (select id from public.dunning_cases where invoice_id = %L) and action = 'retry' $$, :'ia'),
  $$ values ('true'::text, 'no payment method on file'::text) $$, 'its retry is recorded as skipped: no payment method on file');
select is((select last_result from public.dunning_cases where invoice_id = :'ia'), 'retry skipped (no payment method on file)',
  'and the case says so');
select is((select retries_done from public.dunning_cases where invoice_id = :'ip'), 1, 'one retry done');
select is((select count(*)::int from public.dunning_events where case_id = (select id from public.dunning_cases where invoice_id = :'ip')), 3,
  'a second tick the same day does nothing more') from (select tests.dunning_tick(1)) x;

select tests.dunning_tick(3);
select results_eq(format($$ select stage, retries_done, reminders_sent from public.dunning_cases where invoice_id = %L $$, :'ip'),
  $$ values ('warned'::text, 2, 2) $$, 'day 3: second retry, warned, second reminder');
select is((select status from public.subscriptions where id = :'sp'), 'active', 'warned does not touch the subscription');
select is((select status from public.tenants where id = :'tp'), 'active', 'nor the tenant');

select tests.dunning_tick(7);
select results_eq(format($$ select stage, retries_done, reminders_sent, held_subscription, held_tenant from public.dunning_cases where invoice_id = %L $$, :'ip'),
  $$ values ('past_due'::text, 4, 3, true, true) $$, 'day 7: past_due after the day-5 and day-7 retries and the day-7 reminder');
select is((select detail ->> 'skipped' from public.dunning_events where case_id = (select id from public.dunning_cases where invoice_id = :'ip')
           and action = 'retry' and (detail ->> 'day')::int = 5), 'true', 'the missed day-5 retry is recorded as skipped, not sent');
select is((select count(*)::int from pgmq.q_billing where message ->> 'job_type' = 'billing.retry_payment'
           and message -> 'payload' ->> 'invoice_id' = :'ip'), 3, 'so three retries were sent (days 1, 3, 7)');
select is((select status from public.subscriptions where id = :'sp'), 'past_due', 'the subscription is past_due');
select is((select status from public.tenants where id = :'tp'), 'grace', 'the tenant is in grace through the lifecycle');
select is((select action from public.tenant_status_history where tenant_id = :'tp' order by id desc limit 1), 'enter_grace',
  'as a lifecycle transition');

select tests.dunning_tick(14);
select is((select stage from public.dunning_cases where invoice_id = :'ip'), 'suspended', 'day 14: suspended');
select is((select status from public.subscriptions where id = :'sp'), 'suspended', 'the subscription is suspended');
select is((select status from public.tenants where id = :'tp'), 'suspended', 'the tenant is suspended');
select ok((select count(*) from audit.log where entity_type = 'dunning_case' and entity_id = (select id::text from public.dunning_cases where invoice_id = :'ip')) >= 10,
  'every step is audited');

-- the add-on-only subscription is suspended alone
select results_eq(format($$ select c.stage, s.status, t.status, c.held_tenant from public.dunning_cases c
                           join public.subscriptions s on s.id = c.subscription_id join public.tenants t on t.id = c.tenant_id
                           where c.invoice_id = %L $$, :'ia'),
  $$ values ('suspended'::text, 'suspended'::text, 'active'::text, false) $$, 'an add-on-only subscription is suspended; the tenant is untouched');
-- a tenant suspended for another reason is not taken over
select results_eq(format($$ select c.stage, c.held_tenant, t.status from public.dunning_cases c join public.tenants t on t.id = c.tenant_id
                           where c.invoice_id = %L $$, :'ih'),
  $$ values ('suspended'::text, false, 'suspended'::text) $$, 'a tenant already suspended by someone else is not held by the case');

-- payment → recovered, subscription active, tenant active
select tests.authenticate_as(:'biz', 'aal2');
select public.record_manual_payment(:'ip', 21, 'BANK-A2D-1', 'bank transfer received');
select tests.clear_authentication();
select results_eq(format($$ select stage, closed_at is not null, next_action, held_tenant from public.dunning_cases where invoice_id = %L $$, :'ip'),
  $$ values ('recovered'::text, true, null::text, false) $$, 'the payment closes the case as recovered');
select is((select status from public.subscriptions where id = :'sp'), 'active', 'the subscription is active again');
select is((select status from public.tenants where id = :'tp'), 'active', 'the tenant is active again');
select is((select action from public.tenant_status_history where tenant_id = :'tp' order by id desc limit 1), 'reactivate',
  'through the lifecycle');
select is((select count(*)::int from public.dunning_events where case_id = (select id from public.dunning_cases where invoice_id = :'ip') and action = 'recovered'), 1,
  'recovery is recorded');
select is((select tests.dunning_tick(15) ->> 'actions'), '0', 'a recovered case does nothing more');

-- the held-by-someone-else tenant stays suspended after payment
select tests.authenticate_as(:'biz', 'aal2');
select public.record_manual_payment(:'ih', 21, 'BANK-A2D-2', 'bank transfer received');
select tests.clear_authentication();
select results_eq(format($$ select c.stage, s.status, t.status from public.dunning_cases c join public.subscriptions s on s.id = c.subscription_id
                           join public.tenants t on t.id = c.tenant_id where c.invoice_id = %L $$, :'ih'),
  $$ values ('recovered'::text, 'active'::text, 'suspended'::text) $$, 'its subscription is restored, the tenant is left as it was');

-- the add-on subscription is restored by a credit note too (any path that pays the invoice)
select tests.authenticate_as(:'biz', 'aal2');
select public.issue_credit_note(:'ia', null, 'reduce_amount_due', 'goodwill after outage');
select tests.clear_authentication();
select results_eq(format($$ select c.stage, s.status from public.dunning_cases c join public.subscriptions s on s.id = c.subscription_id where c.invoice_id = %L $$, :'ia'),
  $$ values ('recovered'::text, 'active'::text) $$, 'a credit note that pays the invoice recovers the case');

-- ── reminders are recorded by their job ─────────────────────────────────────────────────────
select ok(private.dispatch('notifications') >= 1, 'the reminder jobs run');
select ok((select count(*) from public.dunning_events where action = 'reminder_recorded'
           and case_id = (select id from public.dunning_cases where invoice_id = :'ip')) = 3, 'each reminder is recorded (no mail service)');
select is((select detail #>> '{message,en}' from public.dunning_events where action = 'reminder_recorded'
           and case_id = (select id from public.dunning_cases where invoice_id = :'ip') order by id limit 1),
  format('Invoice %s: 21.000 OMR is due (since 2026-11-15).', (select number from public.invoices where id = :'ip')), 'with its text');


-- ── RLS ─────────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'support', 'aal2');
select ok((select count(*) from public.dunning_cases where invoice_id = :'ip') = 1, 'billing.read staff see dunning cases');
select tests.authenticate_as(:'owner');
select is((select count(*)::int from public.dunning_cases), 0, 'tenant users see no dunning cases');
select is((select count(*)::int from public.dunning_events), 0, 'nor dunning events');
select tests.clear_authentication();

select * from finish();
rollback;
