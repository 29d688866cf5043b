-- Billing payments, events in any order: every order of pending / succeeded / refund converges to one
-- state, succeeded beats failed, a late payment after a void goes to the balance, a paid invoice cannot be
-- voided, an uncollectible invoice becomes paid. Fixtures: devstack/sql/test/50_billing.sql.
begin;
select plan(10);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('a2-pay-a') as ta \gset
select tests.create_tenant('a2-pay-b') as tb \gset


-- convergence: every order of {pending, succeeded, refund_succeeded} ends in the same state
create temp table a2_orders as
select o.n, tests.run_payment_events(:'ta', 'perm' || o.n, o.kinds) as state
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
select is(tests.run_payment_events(:'ta', 'fs', array['payment_failed', 'payment_succeeded']),
          tests.run_payment_events(:'ta', 'sf', array['payment_succeeded', 'payment_failed']), 'failed/succeeded in either order converge');
select is(tests.run_payment_events(:'ta', 'sf2', array['payment_succeeded', 'payment_failed']) #>> '{payments,0,status}', 'succeeded',
  'a late failed never overrides succeeded');
select is(tests.run_payment_events(:'ta', 'pf', array['payment_pending', 'payment_failed']) #>> '{payments,0,status}', 'failed',
  'failed after pending is failed');

-- a late payment after a void goes to the customer balance
select is(tests.run_payment_events(:'tb', 'void', array['payment_succeeded'], true),
  '{"invoice":{"status":"void","paid":0.000,"due":0.000,"paid_at_set":false},"payments":[{"status":"succeeded","amount":10.500,"refunded":0.000,"applied_to":"customer_balance","applied_amount":0.000,"invoice":true}],"refunds":null,"balance":10.500}'::jsonb,
  'payment_succeeded after the invoice was voided: invoice stays void, money on the balance');
select is((select balance from public.billing_profiles where tenant_id = :'tb'), 10.500::numeric(14,3), 'the tenant''s balance holds it');

-- the other order: once paid, the invoice can no longer be voided (a credit note is the way back)
select tests.create_open_invoice(:'tb', 10) as inv_pv \gset
select public.ingest_payment_event(tests.payment_event('evt_pv', 'payment_succeeded', 'pi_pv', 10.5, :'inv_pv')) ->> 'id' as ev_pv \gset
select private.apply_payment_event(:ev_pv);
select throws_ok(format($$ select public.void_invoice(%L, 'too late') $$, :'inv_pv'), 'PT409', null, 'payment then void: the void is refused');
select results_eq(format($$ select i.status, p.applied_to from public.invoices i join public.payments p on p.invoice_id = i.id where i.id = %L $$, :'inv_pv'),
  $$ values ('paid'::text, 'invoice'::text) $$, 'and the invoice stays paid by the payment');

-- an uncollectible invoice becomes paid
select tests.create_open_invoice(:'tb', 10) as inv_unc \gset
update public.invoices set status = 'uncollectible', uncollectible_at = now() where id = :'inv_unc';
select public.ingest_payment_event(tests.payment_event('evt_unc', 'payment_succeeded', 'pi_unc', 10.5, :'inv_unc')) ->> 'id' as ev_unc \gset
select private.apply_payment_event(:ev_unc);
select is((select status from public.invoices where id = :'inv_unc'), 'paid', 'an uncollectible invoice becomes paid');

-- a failure marks the event failed, leaves nothing half-applied, and schedules a retry

select * from finish();
rollback;
