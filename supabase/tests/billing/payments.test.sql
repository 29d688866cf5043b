-- Billing payments: the webhook inbox (dedupe, ignored kinds, validation, who may call it), applying
-- events in any order (convergence), refunds before their payment, late payments after a void,
-- failures that leave nothing half-applied, checkout, manual payments and RLS on the new data.
begin;
select plan(102);

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

-- An open invoice made directly (the invoicing functions are tested on their own): total = subtotal + tax.
create function tests.a2_invoice(tenant uuid, subtotal numeric, tax_rate numeric default 5, currency text default 'OMR')
returns uuid language plpgsql as $$
declare
  v_id uuid := extensions.gen_random_uuid();
  v_tax numeric := round(subtotal * tax_rate / 100, (select minor_unit from public.currencies where code = currency));
begin
  insert into public.invoices (id, tenant_id, number, status, billing_reason, currency, timezone, tax_country, tax_rate,
    subtotal, tax_total, total, amount_due, issue_date, due_date, finalized_at)
  values (v_id, tenant, 'T-' || left(v_id::text, 8), 'open', 'manual', currency, 'Asia/Muscat', 'OM', tax_rate,
    subtotal, v_tax, subtotal + v_tax, subtotal + v_tax, '2026-11-01', '2026-11-15', now());
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
  values (v_id, tenant, 1, 'adjustment', '{"en":"Service","ar":"خدمة"}', 1, subtotal, subtotal, v_tax);
  return v_id;
end $$;

-- A normalised event as the Edge Functions send it.
create function tests.a2_event(event_id text, kind text, object_id text, amount numeric, invoice uuid default null,
  refund_id text default null, currency text default 'OMR')
returns jsonb language sql as $$
  select jsonb_strip_nulls(jsonb_build_object('gateway', 'stripe', 'event_id', event_id, 'event_type', coalesce(kind, 'customer.updated'),
    'kind', kind, 'object_id', object_id, 'invoice_id', invoice, 'refund_id', refund_id, 'amount', amount, 'currency', currency,
    'occurred_at', '2026-11-20T10:00:00Z', 'payload', jsonb_build_object('id', event_id)))
$$;

-- Everything the events decide about one invoice and its gateway payment, as one comparable value.
create function tests.a2_state(invoice uuid, gpid text) returns jsonb language sql as $$
  select jsonb_build_object(
    'invoice', (select jsonb_build_object('status', status, 'paid', amount_paid, 'due', amount_due, 'paid_at_set', paid_at is not null)
                from public.invoices where id = invoice),
    'payments', (select jsonb_agg(jsonb_build_object('status', status, 'amount', amount, 'refunded', amount_refunded,
                   'applied_to', applied_to, 'applied_amount', applied_amount, 'invoice', invoice_id = invoice) order by id)
                 from public.payments where gateway = 'stripe' and gateway_payment_id = gpid),
    'refunds', (select jsonb_agg(jsonb_build_object('status', r.status, 'amount', r.amount, 'linked', r.payment_id is not null) order by r.gateway_refund_id)
                from public.refunds r where r.gateway = 'stripe' and r.gateway_payment_id = gpid),
    'balance', (select coalesce(sum(amount), 0) from public.customer_balance_transactions
                where payment_id in (select id from public.payments where gateway = 'stripe' and gateway_payment_id = gpid)))
$$;

-- Ingest a list of events in order, applying each before the next arrives; returns the final state.
create function tests.a2_run(tenant uuid, tag text, kinds text[], void_first boolean default false) returns jsonb language plpgsql as $$
declare
  inv uuid := tests.a2_invoice(tenant, 10);
  k text;
  r jsonb;
begin
  if void_first then
    perform public.void_invoice(inv, 'voided before the payment arrived');
  end if;
  foreach k in array kinds loop
    r := public.ingest_payment_event(tests.a2_event(tag || ':' || k, k, 'pi_' || tag,
           case when k like 'refund%' then 2 else 10.5 end, inv, case when k like 'refund%' then 're_' || tag end));
    perform private.apply_payment_event((r ->> 'id')::bigint);
  end loop;
  return tests.a2_state(inv, 'pi_' || tag);
end $$;

-- ── the inbox ───────────────────────────────────────────────────────────────────────────────
select tests.a2_invoice(:'ta', 10) as inv1 \gset
select tests.authenticate_as_service_role();
select is(public.ingest_payment_event(tests.a2_event('evt_a2_1', 'payment_succeeded', 'pi_a2_1', 10.5, :'inv1')) ->> 'status',
  'stored', 'a new event is stored');
select is(public.ingest_payment_event(tests.a2_event('evt_a2_1', 'payment_succeeded', 'pi_a2_1', 99, :'inv1')) ->> 'status',
  'duplicate', 'the same (gateway, event id) again is a duplicate');
select is(public.ingest_payment_event(tests.a2_event('evt_a2_2', null, null, null)) ->> 'status',
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
select throws_ok($$ select public.ingest_payment_event(tests.a2_event('evt_bad', 'payment_exploded', 'pi_x', 1)) $$,
  '22023', 'unknown event kind payment_exploded', 'unknown kind refused');
select throws_ok($$ select public.ingest_payment_event(tests.a2_event('evt_bad', 'payment_succeeded', 'pi_x', -1)) $$,
  '22023', 'amount must be a number ≥ 0 (major units)', 'negative amount refused');
select throws_ok($$ select public.ingest_payment_event(jsonb_set(tests.a2_event('evt_bad', 'payment_succeeded', 'pi_x', 1), '{amount}', '"12"')) $$,
  '22023', 'amount must be a number ≥ 0 (major units)', 'a string amount refused');
select throws_ok($$ select public.ingest_payment_event(tests.a2_event('evt_bad', 'payment_succeeded', 'pi_x', 1, null, null, 'XYZ')) $$,
  '22023', 'unknown currency XYZ', 'unknown currency refused');
select throws_ok($$ select public.ingest_payment_event(tests.a2_event('evt_bad', 'refund_succeeded', 'pi_x', 1)) $$,
  '22023', 'a refund event needs refund_id (the gateway refund id)', 'a refund event without refund id refused');
select is((select count(*)::int from public.payment_events where event_id = 'evt_bad'), 0, 'refused events store nothing');

-- who may call it
select tests.authenticate_as(:'owner_a');
select throws_ok($$ select public.ingest_payment_event(tests.a2_event('evt_auth', 'payment_succeeded', 'pi_x', 1)) $$,
  '42501', null, 'a signed-in user cannot call ingest_payment_event');
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok($$ select public.ingest_payment_event(tests.a2_event('evt_auth', 'payment_succeeded', 'pi_x', 1)) $$,
  '42501', null, 'not even billing staff');
select tests.clear_authentication();

-- ── applying ────────────────────────────────────────────────────────────────────────────────
select ok(private.dispatch('billing') >= 1, 'the dispatcher runs the apply job');
select is((select status from public.payment_events where event_id = 'evt_a2_1'), 'applied', 'the event is applied');
select is(tests.a2_state(:'inv1', 'pi_a2_1'),
  '{"invoice":{"status":"paid","paid":10.500,"due":0.000,"paid_at_set":true},"payments":[{"status":"succeeded","amount":10.500,"refunded":0.000,"applied_to":"invoice","applied_amount":10.500,"invoice":true}],"refunds":null,"balance":0}'::jsonb,
  'payment_succeeded pays the invoice');
select is((select count(*)::int from audit.log where entity_type = 'invoice' and entity_id = :'inv1' and action = 'invoice.pay'), 1,
  'paying the invoice is audited');
select is(private.apply_payment_event((select id from public.payment_events where event_id = 'evt_a2_1')), 'applied', 'replaying is allowed');
select is(tests.a2_state(:'inv1', 'pi_a2_1') -> 'invoice' ->> 'paid', '10.500', 'replaying does not apply the money twice');

-- convergence: every order of {pending, succeeded, refund_succeeded} ends in the same state
create temp table a2_orders as
select o.n, tests.a2_run(:'ta', 'perm' || o.n, o.kinds) as state
from (values (1, array['payment_pending', 'payment_succeeded', 'refund_succeeded']),
             (2, array['payment_pending', 'refund_succeeded', 'payment_succeeded']),
             (3, array['payment_succeeded', 'payment_pending', 'refund_succeeded']),
             (4, array['payment_succeeded', 'refund_succeeded', 'payment_pending']),
             (5, array['refund_succeeded', 'payment_pending', 'payment_succeeded']),
             (6, array['refund_succeeded', 'payment_succeeded', 'payment_pending'])) as o(n, kinds);
select is((select count(distinct state)::int from a2_orders), 1, 'all 6 orders converge to one state');
select is((select state from a2_orders where n = 1),
  '{"invoice":{"status":"paid","paid":10.500,"due":0.000,"paid_at_set":true},"payments":[{"status":"succeeded","amount":10.500,"refunded":2.000,"applied_to":"invoice","applied_amount":10.500,"invoice":true}],"refunds":[{"status":"succeeded","amount":2.000,"linked":true}],"balance":0}'::jsonb,
  'and it is the right one: paid once, refund linked and counted once');

-- failed and succeeded in both orders: succeeded wins (a retried intent can succeed)
select is(tests.a2_run(:'ta', 'fs', array['payment_failed', 'payment_succeeded']),
          tests.a2_run(:'ta', 'sf', array['payment_succeeded', 'payment_failed']), 'failed/succeeded in either order converge');
select is(tests.a2_run(:'ta', 'sf2', array['payment_succeeded', 'payment_failed']) #>> '{payments,0,status}', 'succeeded',
  'a late failed never overrides succeeded');
select is(tests.a2_run(:'ta', 'pf', array['payment_pending', 'payment_failed']) #>> '{payments,0,status}', 'failed',
  'failed after pending is failed');

-- a late payment after a void goes to the customer balance
select is(tests.a2_run(:'tb', 'void', array['payment_succeeded'], true),
  '{"invoice":{"status":"void","paid":0.000,"due":0.000,"paid_at_set":false},"payments":[{"status":"succeeded","amount":10.500,"refunded":0.000,"applied_to":"customer_balance","applied_amount":0.000,"invoice":true}],"refunds":null,"balance":10.500}'::jsonb,
  'payment_succeeded after the invoice was voided: invoice stays void, money on the balance');
select is((select balance from public.billing_profiles where tenant_id = :'tb'), 10.500::numeric(14,3), 'the tenant''s balance holds it');

-- the other order: once paid, the invoice can no longer be voided (a credit note is the way back)
select tests.a2_invoice(:'tb', 10) as inv_pv \gset
select public.ingest_payment_event(tests.a2_event('evt_pv', 'payment_succeeded', 'pi_pv', 10.5, :'inv_pv')) ->> 'id' as ev_pv \gset
select private.apply_payment_event(:ev_pv);
select throws_ok(format($$ select public.void_invoice(%L, 'too late') $$, :'inv_pv'), 'PT409', null, 'payment then void: the void is refused');
select results_eq(format($$ select i.status, p.applied_to from public.invoices i join public.payments p on p.invoice_id = i.id where i.id = %L $$, :'inv_pv'),
  $$ values ('paid'::text, 'invoice'::text) $$, 'and the invoice stays paid by the payment');

-- an uncollectible invoice becomes paid
select tests.a2_invoice(:'tb', 10) as inv_unc \gset
update public.invoices set status = 'uncollectible', uncollectible_at = now() where id = :'inv_unc';
select public.ingest_payment_event(tests.a2_event('evt_unc', 'payment_succeeded', 'pi_unc', 10.5, :'inv_unc')) ->> 'id' as ev_unc \gset
select private.apply_payment_event(:ev_unc);
select is((select status from public.invoices where id = :'inv_unc'), 'paid', 'an uncollectible invoice becomes paid');

-- a failure marks the event failed, leaves nothing half-applied, and schedules a retry
select public.ingest_payment_event(tests.a2_event('evt_r0', 'refund_succeeded', 'pi_a2_1', 0, null, 're_zero')) ->> 'id' as ev_fail \gset
select lives_ok(format($$ select private.job_apply_payment_event(jsonb_build_object('payment_event_id', %s), '{}') $$, :ev_fail), 'the job itself does not raise');
select results_eq(format($$ select status, attempts, last_error like '%%refunds_amount_check%%' from public.payment_events where id = %s $$, :ev_fail),
  $$ values ('failed'::text, 1, true) $$, 'the event is failed with its error');
select is((select count(*)::int from public.refunds where gateway_refund_id = 're_zero'), 0, 'no refund row was left behind');
select is((select amount_refunded from public.payments where gateway_payment_id = 'pi_a2_1'), 0.000::numeric(14,3), 'the payment is unchanged');
select is((select count(*)::int from pgmq.q_billing where message ->> 'idempotency_key' = format('payment_event:%s:retry:1', :ev_fail)), 1,
  'a retry is scheduled');

-- ── checkout ────────────────────────────────────────────────────────────────────────────────
select tests.a2_invoice(:'ta', 20) as inv2 \gset
select tests.authenticate_as(:'owner_a');
select public.begin_checkout(:'inv2') as co \gset
select tests.clear_authentication();
select results_eq(format($$ select %L::jsonb ->> 'amount', %L::jsonb ->> 'amount_minor', %L::jsonb ->> 'gateway', %L::jsonb ->> 'currency' $$, :'co', :'co', :'co', :'co'),
  $$ values ('21.000'::text, '21000'::text, 'stripe'::text, 'OMR'::text) $$, 'the tenant owner starts a checkout: 21.000 OMR = 21000 minor units');
select tests.authenticate_as(:'viewer_a');
select throws_ok(format($$ select public.begin_checkout(%L) $$, :'inv2'), 'PT403', null, 'a tenant viewer may not');
select tests.authenticate_as(:'owner_b');
select throws_ok(format($$ select public.begin_checkout(%L) $$, :'inv2'), 'PT403', null, 'another tenant''s owner may not');
select throws_ok(format($$ select public.begin_checkout(%L) $$, :'inv1'), 'PT403', null, 'nor for a paid invoice of another tenant');
select tests.authenticate_as(:'owner_a');
select throws_ok(format($$ select public.begin_checkout(%L) $$, :'inv1'), 'PT409', null, 'a paid invoice cannot be checked out');
select throws_ok(format($$ select public.begin_checkout(%L, 'paypal') $$, :'inv2'), '22023', 'unknown gateway paypal', 'unknown gateway');
select throws_ok(format($$ select public.attach_checkout(%L, 'pi_co', 'https://pay.test/x') $$, :'co'::jsonb ->> 'payment_id'),
  '42501', null, 'a user cannot attach a checkout');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
-- the webhook arrives before the checkout is attached: the rows merge into one payment
select public.ingest_payment_event(tests.a2_event('evt_co', 'payment_succeeded', 'pi_co', 21, :'inv2')) ->> 'id' as ev_co \gset
select tests.clear_authentication();
select private.apply_payment_event(:ev_co);
select tests.authenticate_as_service_role();
select public.attach_checkout((:'co'::jsonb ->> 'payment_id')::uuid, 'pi_co', 'https://pay.test/co') as att \gset
select tests.clear_authentication();
select results_eq(format($$ select count(*)::int, max(checkout_url), min(status) from public.payments where invoice_id = %L $$, :'inv2'),
  $$ values (1, 'https://pay.test/co'::text, 'succeeded'::text) $$, 'checkout and early webhook merge into one succeeded payment');
select is((select status from public.invoices where id = :'inv2'), 'paid', 'and the invoice is paid once');
-- the webhook names our payment (metadata.payment_id) before the checkout is attached: that row is adopted
select tests.a2_invoice(:'ta', 40) as inv5 \gset
select (public.begin_checkout(:'inv5')) ->> 'payment_id' as pay5 \gset
select public.ingest_payment_event(tests.a2_event('evt_adopt', 'payment_succeeded', 'pi_adopt', 42, :'inv5') || jsonb_build_object('payment_id', :'pay5')) ->> 'id' as ev5 \gset
select private.apply_payment_event(:ev5);
select results_eq(format($$ select id::text, gateway_payment_id, status from public.payments where invoice_id = %L $$, :'inv5'),
  format($$ values (%L::text, 'pi_adopt'::text, 'succeeded'::text) $$, :'pay5'), 'the checkout row itself becomes the succeeded payment');
select is(public.attach_checkout(:'pay5', 'pi_adopt', 'https://pay.test/5') ->> 'payment_id', :'pay5', 'attaching afterwards keeps that row');
-- the normal order: attach then webhook
select tests.a2_invoice(:'ta', 30) as inv3 \gset
select (public.begin_checkout(:'inv3', 'paytabs')) ->> 'payment_id' as pay3 \gset
select public.attach_checkout(:'pay3', 'tran_3', 'https://pay.test/3');
select throws_ok(format($$ select public.attach_checkout(%L, 'tran_other', null) $$, :'pay3'), 'PT409', null,
  'a checkout cannot be re-attached to another gateway payment');
select public.ingest_payment_event(jsonb_set(tests.a2_event('evt_3', 'payment_succeeded', 'tran_3', 31.5), '{gateway}', '"paytabs"')) ->> 'id' as ev3 \gset
select private.apply_payment_event(:ev3);
select results_eq(format($$ select p.id::text, p.status, i.status from public.payments p join public.invoices i on i.id = p.invoice_id where i.id = %L $$, :'inv3'),
  format($$ values (%L::text, 'succeeded'::text, 'paid'::text) $$, :'pay3'), 'the webhook (without invoice metadata) pays the checkout''s invoice');

-- ── manual payments ─────────────────────────────────────────────────────────────────────────
select tests.a2_invoice(:'ta', 100) as inv4 \gset
select tests.authenticate_as(:'support', 'aal2');
select throws_ok(format($$ select public.record_manual_payment(%L, 10, 'TRX-1', 'bank transfer') $$, :'inv4'), 'PT403', null,
  'support (no billing.write) cannot record a payment');
select tests.authenticate_as(:'biz', 'aal2');
select throws_ok(format($$ select public.record_manual_payment(%L, 200, 'TRX-1', 'bank transfer') $$, :'inv4'), 'PT409', null, 'overpayment refused');
select throws_ok(format($$ select public.record_manual_payment(%L, 1.0001, 'TRX-1', 'bank transfer') $$, :'inv4'), '22023', null, 'too many decimals refused');
select throws_ok(format($$ select public.record_manual_payment(%L, 10, '', 'bank transfer') $$, :'inv4'), '22023', null, 'a reference is required');
select is(public.record_manual_payment(:'inv4', 5, 'TRX-1', 'bank transfer') ->> 'amount_due', '100.000', 'a partial transfer lowers the amount due');
select throws_ok(format($$ select public.record_manual_payment(%L, 5, 'TRX-1', 'bank transfer') $$, :'inv4'), 'PT409', null, 'a reference is recorded once');
select is(public.record_manual_payment(:'inv4', 100, 'TRX-2', 'bank transfer') ->> 'invoice_status', 'paid', 'the rest pays the invoice');
select tests.clear_authentication();
-- a gateway payment for the now fully paid invoice goes to the balance
select public.ingest_payment_event(tests.a2_event('evt_late', 'payment_succeeded', 'pi_late', 105, :'inv4')) ->> 'id' as ev_late \gset
select private.apply_payment_event(:ev_late);
select is((select applied_to from public.payments where gateway_payment_id = 'pi_late'), 'customer_balance',
  'a payment for an already paid invoice goes to the customer balance');

-- ── HyperPay: the payment id differs from the checkout id ───────────────────────────────────
create function tests.a2_hp(event_id text, kind text, object_id text, amount numeric, payment uuid, pm jsonb default null)
returns jsonb language sql as $$
  select jsonb_strip_nulls(jsonb_build_object('gateway', 'hyperpay', 'event_id', event_id, 'event_type', 'PAYMENT.CREATED.DB',
    'kind', kind, 'object_id', object_id, 'payment_id', payment, 'amount', amount, 'currency', 'OMR',
    'occurred_at', '2026-11-20T10:00:00Z', 'payload', jsonb_build_object('id', object_id), 'payment_method', pm))
$$;
select tests.a2_invoice(:'ta', 10) as inv6 \gset
select tests.authenticate_as_service_role();
select (public.begin_checkout(:'inv6', 'hyperpay')) ->> 'payment_id' as pay6 \gset
select public.attach_checkout(:'pay6', 'CHK6.uat01', 'https://pay.test/6');
select public.ingest_payment_event(tests.a2_hp('HP6', 'payment_succeeded', '8AC7HP6', 10.5, :'pay6')) ->> 'id' as ev6 \gset
select tests.clear_authentication();
select is(private.apply_payment_event(:ev6), 'applied', 'the HyperPay webhook (payment id ≠ checkout id) is applied');
select results_eq(format($$ select id::text, status, gateway_payment_id, checkout_ref from public.payments where invoice_id = %L $$, :'inv6'),
  format($$ values (%L::text, 'succeeded'::text, '8AC7HP6'::text, 'CHK6.uat01'::text) $$, :'pay6'),
  'one payment: the checkout row adopted by merchantTransactionId, with the gateway''s payment id and the checkout id kept');
select is((select status from public.invoices where id = :'inv6'), 'paid', 'and its invoice is paid');
select ok(exists (select from audit.log where action = 'payment.adopt' and entity_id = :'pay6'), 'the adoption is audited');
-- the webhook first, then the checkout is attached under its checkout id
select tests.a2_invoice(:'ta', 10) as inv7 \gset
select tests.authenticate_as_service_role();
select (public.begin_checkout(:'inv7', 'hyperpay')) ->> 'payment_id' as pay7 \gset
select public.ingest_payment_event(tests.a2_hp('HP7', 'payment_succeeded', '8AC7HP7', 10.5, :'pay7')) ->> 'id' as ev7 \gset
select tests.clear_authentication();
select private.apply_payment_event(:ev7);
select tests.authenticate_as_service_role();
select is(public.attach_checkout(:'pay7', 'CHK7.uat01', 'https://pay.test/7') ->> 'gateway_payment_id', '8AC7HP7',
  'attaching the checkout id after the webhook adopted the row keeps the payment id');
select tests.clear_authentication();
select results_eq(format($$ select count(*)::int, max(checkout_ref), max(status) from public.payments where invoice_id = %L $$, :'inv7'),
  $$ values (1, 'CHK7.uat01'::text, 'succeeded'::text) $$, 'still one payment, the checkout id recorded');
-- a declined attempt keeps its row; the next attempt under the same merchantTransactionId gets its own
select tests.a2_invoice(:'ta', 10) as inv8 \gset
select tests.authenticate_as_service_role();
select (public.begin_checkout(:'inv8', 'hyperpay')) ->> 'payment_id' as pay8 \gset
select public.attach_checkout(:'pay8', 'CHK8.uat01', 'https://pay.test/8');
select public.ingest_payment_event(tests.a2_hp('HP8a', 'payment_failed', '8AC7HP8A', 10.5, :'pay8')) ->> 'id' as ev8a \gset
select public.ingest_payment_event(tests.a2_hp('HP8b', 'payment_succeeded', '8AC7HP8B', 10.5, :'pay8')) ->> 'id' as ev8b \gset
select tests.clear_authentication();
select private.apply_payment_event(:ev8a);
select private.apply_payment_event(:ev8b);
select results_eq(format($$ select gateway_payment_id, status, id = %L from public.payments where invoice_id = %L order by gateway_payment_id $$, :'pay8', :'inv8'),
  $$ values ('8AC7HP8A'::text, 'failed'::text, true), ('8AC7HP8B', 'succeeded', false) $$,
  'the declined payment keeps the checkout row; the successful retry is its own payment');

-- ── cancelled and superseded checkouts ──────────────────────────────────────────────────────
select tests.a2_invoice(:'ta', 10) as inv9 \gset
select tests.authenticate_as_service_role();
select (public.begin_checkout(:'inv9', 'stripe')) ->> 'payment_id' as pay9 \gset
select is((public.begin_checkout(:'inv9', 'stripe')) ->> 'superseded', '1', 'a second checkout for the invoice supersedes the first');
select results_eq(format($$ select status, failure_code, cancelled_at is not null from public.payments where id = %L $$, :'pay9'),
  $$ values ('cancelled'::text, 'superseded'::text, true) $$, 'which is cancelled (superseded)');
select (public.begin_checkout(:'inv9', 'paytabs')) ->> 'payment_id' as pay9c \gset
select throws_ok(format($$ select public.cancel_checkout(%L, 'x') $$, :'pay9c'), '22023', null, 'cancel_checkout needs a reason');
select throws_ok($$ select public.cancel_checkout('00000000-0000-0000-0000-000000000000', 'gateway down') $$, 'PT404', 'no such payment',
  'an unknown payment');
select is(public.cancel_checkout(:'pay9c', 'gateway call failed: 502') -> 'changed', 'true'::jsonb, 'the function cancels a checkout whose gateway call failed');
select is(public.cancel_checkout(:'pay9c', 'gateway call failed: 502') -> 'changed', 'false'::jsonb, 'again: nothing changes');
select results_eq(format($$ select status, failure_code, failure_message from public.payments where id = %L $$, :'pay9c'),
  $$ values ('cancelled'::text, 'checkout_failed'::text, 'gateway call failed: 502'::text) $$, 'cancelled with the reason');
select throws_ok(format($$ select public.cancel_checkout(%L, 'too late') $$, :'pay6'), 'PT409', null, 'a succeeded payment cannot be cancelled');
select tests.clear_authentication();
select tests.authenticate_as(:'owner_a');
select throws_ok(format($$ select public.cancel_checkout(%L, 'mine') $$, :'pay9'), '42501', null, 'a user may not call cancel_checkout');
select tests.clear_authentication();
-- the abandoned page is paid after all: its webhook still wins
select public.attach_checkout(:'pay9', 'pi_a2_9', 'https://pay.test/9');
select public.ingest_payment_event(tests.a2_event('evt_a2_9', 'payment_succeeded', 'pi_a2_9', 10.5, :'inv9')) ->> 'id' as ev9 \gset
select private.apply_payment_event(:ev9);
select results_eq(format($$ select status, (select status from public.invoices where id = %L) from public.payments where id = %L $$, :'inv9', :'pay9'),
  $$ values ('succeeded'::text, 'paid'::text) $$, 'a superseded checkout that is paid after all succeeds and pays the invoice');

-- ── saved payment methods ───────────────────────────────────────────────────────────────────
select tests.a2_invoice(:'ta', 10) as inv10 \gset
select tests.a2_invoice(:'ta', 10) as inv11 \gset
select tests.authenticate_as_service_role();
select throws_ok($$ select public.ingest_payment_event(tests.a2_event('evt_pm_bad', 'payment_succeeded', 'pi_pm_bad', 1)
                     || '{"payment_method":{"brand":"visa"}}') $$, '22023', 'payment_method.method_ref must be 1 to 200 characters',
  'a payment method without its reference is refused');
select is((select count(*)::int from public.payment_events where event_id = 'evt_pm_bad'), 0, 'and nothing is stored');
select public.ingest_payment_event(tests.a2_event('evt_pm_1', 'payment_succeeded', 'pi_pm_1', 10.5, :'inv10')
  || '{"payment_method":{"customer_ref":"cus_a2","method_ref":"pm_a2_1","brand":"visa","last4":"4242","exp_month":12,"exp_year":2030}}') ->> 'id' as evpm1 \gset
select public.ingest_payment_event(tests.a2_hp('HPpm2', 'payment_succeeded', '8AC7PM2', 10.5, null,
  '{"method_ref":"REG-a2-2","brand":"MASTER","last4":"5454","exp_month":"01","exp_year":"31"}') || jsonb_build_object('invoice_id', :'inv11')) ->> 'id' as evpm2 \gset
select public.ingest_payment_event(tests.a2_event('evt_pm_fail', 'payment_failed', 'pi_pm_fail', 10.5, :'inv11')
  || '{"payment_method":{"method_ref":"pm_a2_declined","last4":"0002"}}') ->> 'id' as evpmf \gset
select tests.clear_authentication();
select private.apply_payment_event(:evpm1);
select private.apply_payment_event(:evpm2);
select private.apply_payment_event(:evpmf);
select results_eq(format($$ select gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year, is_default
                           from public.payment_methods where tenant_id = %L order by is_default desc $$, :'ta'),
  $$ values ('stripe'::text, 'cus_a2'::text, 'pm_a2_1'::text, 'visa'::text, '4242'::text, 12, 2030, true),
            ('hyperpay', null, 'REG-a2-2', 'MASTER', '5454', 1, 2031, false) $$,
  'succeeded payments save their methods (the first is the default); a failed payment saves none');
select id as pm1 from public.payment_methods where method_ref = 'pm_a2_1' \gset
select id as pm2 from public.payment_methods where method_ref = 'REG-a2-2' \gset
select is(public.replay_payment_event(:evpm1) ->> 'status', 'applied', 'replaying the event') from (select tests.authenticate_as(:'biz', 'aal2')) x;
select tests.clear_authentication();
select is((select count(*)::int from public.payment_methods where tenant_id = :'ta'), 2, 'saves the method once');
select tests.authenticate_as(:'viewer_a');
select throws_ok(format($$ select public.set_default_payment_method(%L) $$, :'pm2'), 'PT403', null, 'a tenant viewer may not change the default');
select is((select count(*)::int from public.payment_methods), 2, 'but sees the tenant''s methods');
select throws_ok(format($$ insert into public.payment_methods (tenant_id, gateway, method_ref) values (%L, 'stripe', 'pm_forged') $$, :'ta'),
  '42501', null, 'no direct writes');
select tests.authenticate_as(:'owner_b');
select throws_ok(format($$ select public.set_default_payment_method(%L) $$, :'pm2'), 'PT404', 'no such payment method',
  'another tenant''s owner may not (the method answers as missing: no oracle)');
select is((select count(*)::int from public.payment_methods where tenant_id = :'ta'), 0, 'nor see them');
select tests.authenticate_as(:'owner_a');
select throws_ok($$ select public.set_default_payment_method('00000000-0000-0000-0000-000000000000') $$, 'PT404', 'no such payment method',
  'an unknown method');
select is(public.set_default_payment_method(:'pm2') ->> 'is_default', 'true', 'the owner makes the HyperPay registration the default');
select results_eq(format($$ select method_ref from public.payment_methods where tenant_id = %L and is_default $$, :'ta'),
  $$ values ('REG-a2-2'::text) $$, 'one default per tenant');
select throws_ok(format($$ select public.remove_payment_method(%L, '') $$, :'pm2'), '22023', null, 'removing needs a reason');
select is(public.remove_payment_method(:'pm2', 'card replaced') ->> 'new_default_id', :'pm1', 'removing the default promotes the other method');
select tests.authenticate_as(:'support', 'aal2');
select throws_ok(format($$ select public.remove_payment_method(%L, 'card replaced') $$, :'pm1'), 'PT403', null,
  'support (billing.read) may not remove a method');
select is((select count(*)::int from public.payment_methods where tenant_id = :'ta'), 1, 'but reads them');
select tests.authenticate_as(:'biz', 'aal2');
select is(public.remove_payment_method(:'pm1', 'customer request') ->> 'new_default_id', null, 'billing staff remove the last method');
select tests.clear_authentication();
select is((select array_agg(action order by id) from audit.log where entity_type = 'payment_method' and entity_id in (:'pm1', :'pm2')),
  '{payment_method.save,payment_method.save,payment_method.set_default,payment_method.remove,payment_method.remove}'::text[],
  'saving, the default and removals are audited');

-- ── RLS ─────────────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'owner_a');
select ok((select count(*) from public.payments where invoice_id = :'inv4') = 3, 'a tenant member sees their own payments');
select is((select count(*)::int from public.payments where tenant_id = :'tb'), 0, 'but not another tenant''s');
select is((select count(*)::int from public.payment_events), 0, 'and no webhook events');
select tests.authenticate_as(:'support', 'aal2');
select is((select count(*)::int from public.payment_events), 0, 'staff without billing.write cannot see the inbox');
select ok((select count(*) from public.payments where invoice_id = :'inv4') = 3, 'but can see payments (billing.read)');
select tests.authenticate_as(:'biz', 'aal2');
select ok((select count(*) from public.payment_events where event_id = 'evt_a2_1') = 1, 'billing.write staff see the inbox');
select tests.clear_authentication();

select * from finish();
rollback;
