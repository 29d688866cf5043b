-- Billing: a checkout that attach_checkout merges into the payment its webhook created first hands
-- its idempotency key to that payment, so a retry with the key finds it instead of beginning another.
begin;
select plan(6);

select tests.create_tenant('merge-key') as t \gset

select tests.create_open_invoice(:'t', 10) as inv \gset

-- The gateway's "processing" webhook arrives before our checkout is attached: its own payment row.
select private.apply_payment_event((public.ingest_payment_event(jsonb_build_object('gateway', 'stripe', 'event_id', 'evt_mk_1',
  'event_type', 'payment_intent.processing', 'kind', 'payment_pending', 'object_id', 'pi_mk_1', 'invoice_id', :'inv',
  'amount', 10.5, 'currency', 'OMR', 'occurred_at', '2026-11-20T10:00:00Z', 'payload', '{}'::jsonb)) ->> 'id')::bigint);
select id as webhook_row from public.payments where gateway = 'stripe' and gateway_payment_id = 'pi_mk_1' \gset

select public.begin_checkout(:'inv', 'stripe', 'job:mk:1') ->> 'payment_id' as checkout_row \gset
select isnt(:'checkout_row'::uuid, :'webhook_row'::uuid, 'the first attempt begins its own payment');
select is(public.attach_checkout(:'checkout_row', 'pi_mk_1', null) ->> 'payment_id', :'webhook_row'::text,
  'attaching the gateway''s id merges it into the webhook''s row');
select is((select idempotency_key from public.payments where id = :'webhook_row'), 'job:mk:1', 'which now carries the key');
select is(public.begin_checkout(:'inv', 'stripe', 'job:mk:1') ->> 'payment_id', :'webhook_row'::text,
  'a retry with the key gets the merged payment');
select is((select count(*)::int from public.payments where invoice_id = :'inv'), 1, 'no second payment was begun');
select is((select count(*)::int from public.payments where invoice_id = :'inv' and status = 'cancelled'), 0, 'and nothing was superseded');

select * from finish();
rollback;
