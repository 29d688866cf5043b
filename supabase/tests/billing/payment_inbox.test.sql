-- Billing payments, the webhook inbox: dedupe, ignored kinds, validation, who may call it, applying an
-- event once (replays change nothing), and a failure that leaves nothing half-applied and schedules a retry.
-- Shared fixtures (tests.payment_event, tests.payment_state …): devstack/sql/test/50_billing.sql.
begin;
select plan(29);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('a2-pay-a') as ta \gset
select tests.create_tenant('a2-pay-b') as tb \gset
select tests.create_user('owner-a@a2.test') as owner_a \gset
select tests.create_user('viewer-a@a2.test') as viewer_a \gset
select tests.create_user('owner-b@a2.test') as owner_b \gset
select tests.add_member(:'ta', :'owner_a', 'owner');
select tests.add_member(:'ta', :'viewer_a', 'viewer');
select tests.add_member(:'tb', :'owner_b', 'owner');
select tests.create_staff('biz@a2.test', 'biz_admin') as biz \gset
select tests.create_staff('support@a2.test', 'support') as support \gset

-- ── the inbox ───────────────────────────────────────────────────────────────────────────────
select tests.create_open_invoice(:'ta', 10) as inv1 \gset
select tests.authenticate_as_service_role();
select is(public.ingest_payment_event(tests.payment_event('evt_a2_1', 'payment_succeeded', 'pi_a2_1', 10.5, :'inv1')) ->> 'status',
  'stored', 'a new event is stored');
select is(public.ingest_payment_event(tests.payment_event('evt_a2_1', 'payment_succeeded', 'pi_a2_1', 99, :'inv1')) ->> 'status',
  'duplicate', 'the same (gateway, event id) again is a duplicate');
select is(public.ingest_payment_event(tests.payment_event('evt_a2_2', null, null, null)) ->> 'status',
  'ignored', 'an event of no interest (kind null) is ignored');
select tests.clear_authentication();
select results_eq($$ select status, amount from public.payment_events where event_id = 'evt_a2_1' $$,
  $$ values ('received'::text, 10.500::numeric(14,3)) $$, 'the duplicate changed nothing');
select is((select status from public.payment_events where event_id = 'evt_a2_2'), 'ignored', 'the ignored event is kept as ignored');
select is((select count(*)::int from pgmq.q_billing where message ->> 'idempotency_key' = 'payment_event:stripe:evt_a2_1'), 1,
  'exactly one apply job is enqueued for the stored event');
select is((select count(*)::int from pgmq.q_billing where message ->> 'idempotency_key' = 'payment_event:stripe:evt_a2_2'), 0,
  'no job for the ignored event');

-- validation
select throws_ok($$ select public.ingest_payment_event('{"gateway":"paypal","event_id":"x","event_type":"t","kind":null}') $$,
  '22023', 'unknown gateway paypal', 'unknown gateway refused');
select throws_ok($$ select public.ingest_payment_event('{"gateway":"stripe","event_id":"","event_type":"t","kind":null}') $$,
  '22023', 'the event id must be 1 to 200 characters', 'empty event id refused');
select throws_ok(format($$ select public.ingest_payment_event('{"gateway":"stripe","event_id":"%s","event_type":"t","kind":null}') $$, repeat('x', 201)),
  '22023', 'the event id must be 1 to 200 characters', 'an event id over 200 characters refused');
select throws_ok($$ select public.ingest_payment_event(tests.payment_event('evt_bad', 'payment_exploded', 'pi_x', 1)) $$,
  '22023', 'unknown event kind payment_exploded', 'unknown kind refused');
select throws_ok($$ select public.ingest_payment_event(tests.payment_event('evt_bad', 'payment_succeeded', 'pi_x', -1)) $$,
  '22023', 'amount must be a number ≥ 0 (major units)', 'negative amount refused');
select throws_ok($$ select public.ingest_payment_event(jsonb_set(tests.payment_event('evt_bad', 'payment_succeeded', 'pi_x', 1), '{amount}', '"12"')) $$,
  '22023', 'amount must be a number ≥ 0 (major units)', 'a string amount refused');
select throws_ok($$ select public.ingest_payment_event(tests.payment_event('evt_bad', 'payment_succeeded', 'pi_x', 1, null, null, 'XYZ')) $$,
  '22023', 'unknown currency XYZ', 'unknown currency refused');
select throws_ok($$ select public.ingest_payment_event(tests.payment_event('evt_bad', 'refund_succeeded', 'pi_x', 1)) $$,
  '22023', 'a refund event needs refund_id (the gateway refund id)', 'a refund event without refund id refused');
select is((select count(*)::int from public.payment_events where event_id = 'evt_bad'), 0, 'refused events store nothing');

-- who may call it
select tests.authenticate_as(:'owner_a');
select throws_ok($$ select public.ingest_payment_event(tests.payment_event('evt_auth', 'payment_succeeded', 'pi_x', 1)) $$,
  '42501', null, 'a signed-in user cannot call ingest_payment_event');
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok($$ select public.ingest_payment_event(tests.payment_event('evt_auth', 'payment_succeeded', 'pi_x', 1)) $$,
  '42501', null, 'not even billing staff');
select tests.clear_authentication();

-- ── applying ────────────────────────────────────────────────────────────────────────────────
select ok(private.dispatch('billing') >= 1, 'the dispatcher runs the apply job');
select is((select status from public.payment_events where event_id = 'evt_a2_1'), 'applied', 'the event is applied');
select is(tests.payment_state(:'inv1', 'pi_a2_1'),
  '{"invoice":{"status":"paid","paid":10.500,"due":0.000,"paid_at_set":true},"payments":[{"status":"succeeded","amount":10.500,"refunded":0.000,"applied_to":"invoice","applied_amount":10.500,"invoice":true}],"refunds":null,"balance":0}'::jsonb,
  'payment_succeeded pays the invoice');
select is((select count(*)::int from audit.log where entity_type = 'invoice' and entity_id = :'inv1' and action = 'invoice.pay'), 1,
  'paying the invoice is audited');
select is(private.apply_payment_event((select id from public.payment_events where event_id = 'evt_a2_1')), 'applied', 'replaying is allowed');
select is(tests.payment_state(:'inv1', 'pi_a2_1') -> 'invoice' ->> 'paid', '10.500', 'replaying does not apply the money twice');

select public.ingest_payment_event(tests.payment_event('evt_r0', 'refund_succeeded', 'pi_a2_1', 0, null, 're_zero')) ->> 'id' as ev_fail \gset
select lives_ok(format($$ select private.job_apply_payment_event(jsonb_build_object('payment_event_id', %s), '{}') $$, :ev_fail), 'the job itself does not raise');
select results_eq(format($$ select status, attempts, last_error like '%%refunds_amount_check%%' from public.payment_events where id = %s $$, :ev_fail),
  $$ values ('failed'::text, 1, true) $$, 'the event is failed with its error');
select is((select count(*)::int from public.refunds where gateway_refund_id = 're_zero'), 0, 'no refund row was left behind');
select is((select amount_refunded from public.payments where gateway_payment_id = 'pi_a2_1'), 0.000::numeric(14,3), 'the payment is unchanged');
select is((select count(*)::int from pgmq.q_billing where message ->> 'idempotency_key' = format('payment_event:%s:retry:1', :ev_fail)), 1,
  'a retry is scheduled');

select * from finish();
rollback;
