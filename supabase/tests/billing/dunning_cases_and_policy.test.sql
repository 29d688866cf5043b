-- Billing dunning beyond the timeline: a failed payment opens a case and a void closes it, write-off then a
-- late payment, the operator's advance, the policy (default, validation, rescheduling open cases) and
-- the tick expiring abandoned checkouts. Fixtures: devstack/sql/test/50_billing.sql.
begin;
select plan(30);

select tests.create_tenant('a2-dun-plan') as tp \gset
select tests.create_tenant('a2-dun-misc') as tm \gset
select tests.create_staff('biz@a2d.test', 'biz_admin') as biz \gset
select tests.create_staff('support@a2d.test', 'support') as support \gset
select tests.create_user('owner@a2d.test') as owner \gset
select tests.add_member(:'tp', :'owner', 'owner');

-- ── the default policy and the schedule ─────────────────────────────────────────────────────
select results_eq($$ select retry_days, reminder_days, warn_after_days, past_due_after_days, suspend_after_days, uncollectible_after_days
                    from public.dunning_policy $$,
  $$ values ('{1,3,5,7}'::int[], '{0,3,7}'::int[], 3, 7, 14, 60) $$, 'the default policy');
select is((select schedule from private.cron_calendar where job_name = 'billing.dunning_tick'), '*/15 * * * *', 'the tick runs every 15 minutes');

-- ── a failed payment opens a case; void closes it ───────────────────────────────────────────
select tests.dunning_invoice(:'tm', null, '2026-12-20') as im \gset
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
select tests.dunning_subscription(:'tm', true) as sm \gset
select tests.dunning_invoice(:'tm', :'sm') as iw \gset
select tests.dunning_tick(60);
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
select tests.dunning_subscription(:'tm', false) as sx \gset
select tests.dunning_invoice(:'tm', :'sx', '2027-01-10') as ix \gset
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
-- the voided invoice's case above is closed
select throws_ok(format($$ select public.dunning_advance(%L) $$, (select id from public.dunning_cases where invoice_id = :'im')), 'PT409', null,
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
select tests.dunning_invoice(:'tm', :'sx', '2027-03-01') as iy \gset
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

select * from finish();
rollback;
