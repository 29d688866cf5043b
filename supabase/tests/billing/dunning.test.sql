-- Billing dunning: the timeline with frozen time (day 0 reminder, day 1 retry, day 3 warned, day 7
-- past_due + tenant grace, day 14 suspended + tenant suspended, payment → recovered and restored),
-- add-on-only subscriptions, cases opened by failed payments, void, write-off, the operator's
-- advance, the policy and who may do what.
begin;
select plan(70);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('a2-dun-plan') as tp \gset
select tests.create_tenant('a2-dun-addon') as ta \gset
select tests.create_tenant('a2-dun-held', 'suspended') as th \gset
select tests.create_tenant('a2-dun-misc') as tm \gset
select tests.create_staff('biz@a2d.test', 'biz_admin') as biz \gset
select tests.create_staff('support@a2d.test', 'support') as support \gset
select tests.create_user('owner@a2d.test') as owner \gset
select tests.add_member(:'tp', :'owner', 'owner');

create function tests.a2d_sub(tenant uuid, with_plan boolean) returns uuid language sql as $$
  insert into public.subscriptions (tenant_id, plan_id, billing_interval, currency, status, current_period_start, current_period_end)
  values (tenant, case when with_plan then (select id from public.plans where code = 'starter' and is_current) end, 'month', 'OMR', 'active',
          '2026-11-01', '2026-12-01')
  returning id
$$;
create function tests.a2d_invoice(tenant uuid, sub uuid, due date default '2026-11-15') returns uuid language plpgsql as $$
declare
  v_id uuid := extensions.gen_random_uuid();
begin
  insert into public.invoices (id, tenant_id, subscription_id, number, status, billing_reason, currency, timezone, tax_country, tax_rate,
    subtotal, tax_total, total, amount_due, issue_date, due_date, finalized_at)
  values (v_id, tenant, sub, 'D-' || left(v_id::text, 8), 'open', 'subscription_cycle', 'OMR', 'Asia/Muscat', 'OM', 5,
    20, 1, 21, 21, due - 7, due, now());
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
  values (v_id, tenant, 1, 'plan', '{"en":"Plan","ar":"الخطة"}', 1, 20, 20, 1);
  return v_id;
end $$;
-- Tick at noon (Muscat) of day N after 2026-11-15.
create function tests.a2d_tick(day int) returns jsonb language plpgsql as $$
begin
  perform tests.freeze_time(('2026-11-15'::date + day)::timestamp at time zone 'Asia/Muscat' + interval '12 hours');
  return private.dunning_tick();
end $$;

select tests.a2d_sub(:'tp', true) as sp \gset
select tests.a2d_invoice(:'tp', :'sp') as ip \gset
select tests.a2d_sub(:'ta', false) as sa \gset
select tests.a2d_invoice(:'ta', :'sa') as ia \gset
select tests.a2d_sub(:'th', true) as sh \gset
select tests.a2d_invoice(:'th', :'sh') as ih \gset
-- The plan tenant has a saved card (as the apply job saves it from a succeeded payment, tested in
-- billing_payments); the add-on tenant has none.
insert into public.payment_methods (tenant_id, gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year, is_default)
values (:'tp', 'hyperpay', null, 'REG-a2d-old', 'MASTER', '5454', 1, 2030, false),
       (:'tp', 'stripe', 'cus_a2d', 'pm_a2d', 'visa', '4242', 12, 2030, true);
select id as pmp from public.payment_methods where method_ref = 'pm_a2d' \gset

-- ── the default policy and the schedule ─────────────────────────────────────────────────────
select results_eq($$ select retry_days, reminder_days, warn_after_days, past_due_after_days, suspend_after_days, uncollectible_after_days
                    from public.dunning_policy $$,
  $$ values ('{1,3,5,7}'::int[], '{0,3,7}'::int[], 3, 7, 14, 60) $$, 'the default policy');
select is((select schedule from private.cron_calendar where job_name = 'billing.dunning_tick'), '*/15 * * * *', 'the tick runs every 15 minutes');

-- ── the timeline ────────────────────────────────────────────────────────────────────────────
select tests.a2d_tick(-1);
select is((select count(*)::int from public.dunning_cases where invoice_id = :'ip'), 0, 'no case before the due date');

select tests.a2d_tick(0);
select results_eq(format($$ select stage, reminders_sent, retries_done, next_action, next_action_at from public.dunning_cases where invoice_id = %L $$, :'ip'),
  $$ values ('retrying'::text, 1, 0, 'retry'::text, '2026-11-16 00:00+04'::timestamptz) $$,
  'day 0: the case opens, the day-0 reminder is queued, the next action is the day-1 retry at local midnight');
select is((select count(*)::int from pgmq.q_notifications where message ->> 'job_type' = 'billing.payment_reminder'
           and message -> 'payload' ->> 'invoice_id' = :'ip'), 1, 'the reminder job is on the notifications queue');
select is((select array_agg(action order by id) from public.dunning_events where case_id = (select id from public.dunning_cases where invoice_id = :'ip')),
  '{opened,reminder}'::text[], 'opened and reminder are recorded');

select tests.a2d_tick(1);
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
  'a second tick the same day does nothing more') from (select tests.a2d_tick(1)) x;

select tests.a2d_tick(3);
select results_eq(format($$ select stage, retries_done, reminders_sent from public.dunning_cases where invoice_id = %L $$, :'ip'),
  $$ values ('warned'::text, 2, 2) $$, 'day 3: second retry, warned, second reminder');
select is((select status from public.subscriptions where id = :'sp'), 'active', 'warned does not touch the subscription');
select is((select status from public.tenants where id = :'tp'), 'active', 'nor the tenant');

select tests.a2d_tick(7);
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

select tests.a2d_tick(14);
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
select is((select tests.a2d_tick(15) ->> 'actions'), '0', 'a recovered case does nothing more');

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

-- ── a failed payment opens a case; void closes it ───────────────────────────────────────────
select tests.a2d_invoice(:'tm', null, '2026-12-20') as im \gset
select tests.freeze_time('2026-12-01 12:00+04');
select public.ingest_payment_event(jsonb_build_object('gateway', 'stripe', 'event_id', 'evt_a2d_f', 'event_type', 'payment_intent.payment_failed',
  'kind', 'payment_failed', 'object_id', 'pi_a2d_f', 'invoice_id', :'im', 'amount', 21, 'currency', 'OMR', 'failure_code', 'card_declined',
  'payload', '{}'::jsonb)) ->> 'id' as evf \gset
select is(private.apply_payment_event(:evf), 'applied', 'the failed payment is applied');
select results_eq(format($$ select stage, last_result, next_action from public.dunning_cases where invoice_id = %L $$, :'im'),
  $$ values ('retrying'::text, 'payment_failed'::text, 'reminder'::text) $$, 'a failed payment opens a case before the due date');
select is((select failure_code from public.payments where gateway_payment_id = 'pi_a2d_f'), 'card_declined', 'the failure is kept on the payment');
select private.apply_payment_event(:evf);
select is((select count(*)::int from public.dunning_events where case_id = (select id from public.dunning_cases where invoice_id = :'im')), 1,
  'replaying the failed event adds nothing to the case');
select public.void_invoice(:'im', 'issued by mistake');
select results_eq(format($$ select closed_at is not null, next_action, (select action from public.dunning_events e where e.case_id = c.id order by id desc limit 1)
                           from public.dunning_cases c where invoice_id = %L $$, :'im'),
  $$ values (true, null::text, 'closed'::text) $$, 'voiding the invoice closes the case');

-- ── write-off, then a late payment ──────────────────────────────────────────────────────────
select tests.a2d_sub(:'tm', true) as sm \gset
select tests.a2d_invoice(:'tm', :'sm') as iw \gset
select tests.a2d_tick(60);
select results_eq(format($$ select c.stage, c.closed_at is not null, i.status, t.status from public.dunning_cases c
                           join public.invoices i on i.id = c.invoice_id join public.tenants t on t.id = c.tenant_id where c.invoice_id = %L $$, :'iw'),
  $$ values ('written_off'::text, true, 'uncollectible'::text, 'suspended'::text) $$,
  'a tick on day 60 runs every stage: written off, invoice uncollectible, tenant suspended');
select public.ingest_payment_event(jsonb_build_object('gateway', 'stripe', 'event_id', 'evt_a2d_w', 'event_type', 'payment_intent.succeeded',
  'kind', 'payment_succeeded', 'object_id', 'pi_a2d_w', 'invoice_id', :'iw', 'amount', 21, 'currency', 'OMR', 'payload', '{}'::jsonb)) ->> 'id' as evw \gset
select private.apply_payment_event(:evw);
select results_eq(format($$ select c.stage, i.status, t.status, s.status from public.dunning_cases c join public.invoices i on i.id = c.invoice_id
                           join public.tenants t on t.id = c.tenant_id join public.subscriptions s on s.id = c.subscription_id where c.invoice_id = %L $$, :'iw'),
  $$ values ('recovered'::text, 'paid'::text, 'active'::text, 'active'::text) $$, 'a late payment recovers even a written-off case');

-- ── the operator's advance ──────────────────────────────────────────────────────────────────
select tests.a2d_sub(:'tm', false) as sx \gset
select tests.a2d_invoice(:'tm', :'sx', '2027-01-10') as ix \gset
select tests.freeze_time('2027-01-10 09:00+04');
select private.dunning_tick();
select id as cx from public.dunning_cases where invoice_id = :'ix' \gset
select tests.authenticate_as(:'support', 'aal2');
select throws_ok(format($$ select public.dunning_advance(%L, 'push') $$, :'cx'), 'PT403', null, 'support may not advance a case');
select tests.authenticate_as(:'owner', 'aal2');
select throws_ok(format($$ select public.dunning_advance(%L, 'push') $$, :'cx'), 'PT403', null, 'nor a tenant owner');
select tests.authenticate_as(:'biz', 'aal2');
select is(public.dunning_advance(:'cx', 'customer asked for a retry now') ->> 'action_run', 'retry', 'billing staff run the next action now');
select is((select retries_done from public.dunning_cases where id = :'cx'), 1, 'the retry counted');
select is((select detail ->> 'skip_reason' from public.dunning_events where case_id = :'cx' and action = 'retry'), 'no payment method on file',
  'a forced retry without a saved method is skipped too');
select throws_ok($$ select public.dunning_advance('00000000-0000-0000-0000-000000000000') $$, 'PT404', 'no such dunning case', 'unknown case');
select throws_ok(format($$ select public.dunning_advance(%L) $$, (select id from public.dunning_cases where invoice_id = :'ip')), 'PT409', null,
  'a closed case cannot be advanced');
select tests.clear_authentication();
select ok(exists (select from audit.log where action = 'dunning.advance' and entity_id = :'cx' and reason = 'customer asked for a retry now'),
  'the advance is audited with its reason');

-- ── the policy ──────────────────────────────────────────────────────────────────────────────
select throws_ok($$ select public.set_dunning_policy('{"retry_days":[3,1]}') $$, '22023', 'retry_days must be strictly ascending', 'days must ascend');
select throws_ok($$ select public.set_dunning_policy('{"reminder_days":[0,0]}') $$, '22023', 'reminder_days must be strictly ascending', 'no repeated day');
select throws_ok($$ select public.set_dunning_policy('{"retry_days":[1.5]}') $$, '22023', null, 'whole days only');
select throws_ok($$ select public.set_dunning_policy('{"warn_after_days":10}') $$, '22023',
  'the stages must come in order: warn ≤ past_due ≤ suspend ≤ uncollectible days', 'warn after past_due refused');
select throws_ok($$ select public.set_dunning_policy('{"suspend_after_days":100}') $$, '22023', null, 'suspend after uncollectible refused');
select throws_ok($$ select public.set_dunning_policy('{"grace":3}') $$, '22023', 'unknown policy field grace', 'unknown field refused');
select is((select retry_days from public.dunning_policy), '{1,3,5,7}'::int[], 'refused changes change nothing');
select tests.authenticate_as(:'biz', 'aal2');
select is(public.set_dunning_policy('{"retry_days":[1,2],"suspend_after_days":21}') -> 'retry_days', '[1, 2]'::jsonb, 'a valid change is saved');
select results_eq(format($$ select next_action, next_action_at from public.dunning_cases where id = %L $$, :'cx'),
  $$ values ('retry'::text, '2027-01-12 00:00+04'::timestamptz) $$, 'open cases are rescheduled (second retry now on day 2)');
select tests.authenticate_as(:'support', 'aal2');
select throws_ok($$ select public.set_dunning_policy('{"retry_days":[1]}') $$, 'PT403', null, 'support may not change the policy');

-- ── the tick expires abandoned checkouts ────────────────────────────────────────────────────
select tests.clear_authentication();
select tests.a2d_invoice(:'tm', :'sx', '2027-03-01') as iy \gset
insert into public.payments (invoice_id, tenant_id, gateway, gateway_payment_id, amount, currency, status, created_at)
values (:'iy', :'tm', 'stripe', 'cs_a2d_old', 21, 'OMR', 'pending', '2027-01-09 08:00+04'),   -- 25 h before the tick
       (:'iy', :'tm', 'stripe', 'cs_a2d_new', 21, 'OMR', 'pending', '2027-01-10 08:00+04'),   -- 1 h before
       (:'iy', :'tm', 'stripe', 'pi_a2d_proc', 21, 'OMR', 'pending', '2027-01-08 08:00+04');  -- old, but the gateway reported on it
insert into public.payment_events (gateway, event_id, event_type, kind, object_id, payload, amount, currency, status)
values ('stripe', 'evt_a2d_proc', 'payment_intent.processing', 'payment_pending', 'pi_a2d_proc', '{}', 21, 'OMR', 'applied');
select tests.freeze_time('2027-01-10 09:00+04');
select ok((private.dunning_tick() ->> 'expired_checkouts')::int >= 1, 'the tick expires abandoned checkouts');
select results_eq(format($$ select gateway_payment_id, status, failure_code from public.payments where invoice_id = %L order by gateway_payment_id $$, :'iy'),
  $$ values ('cs_a2d_new'::text, 'pending'::text, null::text), ('cs_a2d_old', 'cancelled', 'expired'), ('pi_a2d_proc', 'pending', null) $$,
  'older than 24 h and never reported on → cancelled (expired); a young one and one the gateway reported on stay pending');
select ok(exists (select from audit.log where action = 'payment.cancel' and entity_id = (select id::text from public.payments where gateway_payment_id = 'cs_a2d_old')),
  'the expiry is audited');

-- ── RLS ─────────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'support', 'aal2');
select ok((select count(*) from public.dunning_cases where invoice_id = :'ip') = 1, 'billing.read staff see dunning cases');
select tests.authenticate_as(:'owner');
select is((select count(*)::int from public.dunning_cases), 0, 'tenant users see no dunning cases');
select is((select count(*)::int from public.dunning_events), 0, 'nor dunning events');
select tests.clear_authentication();

select * from finish();
rollback;
