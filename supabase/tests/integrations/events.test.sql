-- The event catalogue and emitting: samples and real payloads validate against their schema, events
-- are written in the transaction of their change (a rollback takes them too), bad payloads fail.
begin;
select plan(13);

select is_empty($$ select type from public.integration_event_types t
                   where cardinality(private.json_schema_errors(t.payload_schema, t.sample)) > 0 $$,
  'every sample validates against its schema');
select is_empty($$ select type from public.integration_event_types
                   where coalesce(description ->> 'en', '') = '' or coalesce(description ->> 'ar', '') = '' $$,
  'every type is described in English and Arabic');
select set_eq($$ select type from public.integration_event_types $$,
  array['tenant.created', 'tenant.status.changed', 'tenant.plan.changed', 'subscription.created', 'subscription.changed',
        'subscription.canceled', 'invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.voided', 'payment.succeeded',
        'payment.failed', 'payment.refunded', 'order.created', 'order.stage.changed', 'order.ready', 'catalog.release.published',
        'webhook.test'],
  'the catalogue holds the documented types');

select tests.create_tenant('ev-a') as t \gset
select private.provision_entitlements(:'t');
select is(tests.error_of($$ select private.emit_event('order.ready', null, '{"order_id": "x"}') $$, '{sqlstate} {detail}'),
  '22023 integrations.invalid_payload', 'a payload that does not match the schema is refused');
select is(tests.error_of($$ select private.emit_event('order.teleported', null, '{}') $$),
  '22023 integrations.unknown_event_type', 'an unknown event type is refused');

-- same transaction: the order and its event commit or roll back together
savepoint before_order;
select public.create_order(:'t', 'wash_iron', 'EV-1', 'Salim') ->> 'id' as o1 \gset
select is((select count(*)::int from public.integration_events where type = 'order.created' and payload ->> 'order_id' = :'o1'), 1,
  'creating an order writes order.created in its transaction');
rollback to savepoint before_order;
select is((select count(*)::int from public.integration_events where payload ->> 'order_id' = :'o1'), 0,
  'rolling the order back takes its event with it');

select public.create_order(:'t', 'wash_iron', 'EV-2', 'Maryam') ->> 'id' as o \gset
select public.transition_order(:'o', 'tagging');
select results_eq(format($$ select type, payload ->> 'from_stage', payload ->> 'stage' from public.integration_events
                            where payload ->> 'order_id' = %L order by occurred_at, type $$, :'o'),
  $$ values ('order.created', null, 'intake'), ('order.stage.changed', 'intake', 'tagging') $$,
  'order.created then order.stage.changed with the stages');

-- entering the ready stage also emits order.ready
update public.orders set current_stage = 'quality_check', scan_status = 'ok' where id = :'o';
select public.transition_order(:'o', 'ready');
select is((select payload ->> 'stage' from public.integration_events where type = 'order.ready' and payload ->> 'order_id' = :'o'), 'ready',
  'moving to ready emits order.ready');

-- tenants: created and status changes, through the real functions
select private.transition_tenant(:'t', 'enter_grace', 'unpaid');
select is((select payload - 'tenant_id' from public.integration_events where type = 'tenant.status.changed' and tenant_id = :'t'),
  '{"from_status": "active", "to_status": "grace", "action": "enter_grace", "reason": "unpaid"}'::jsonb,
  'a tenant transition emits tenant.status.changed');

-- invoices: paying one in full emits invoice.paid
select tests.create_open_invoice(:'t', 10) as inv \gset
update public.invoices set amount_paid = total where id = :'inv';
select private.settle_invoice_amounts(:'inv');
select is((select payload ->> 'status' from public.integration_events where type = 'invoice.paid' and payload ->> 'invoice_id' = :'inv'), 'paid',
  'settling an invoice emits invoice.paid');
select tests.create_open_invoice(:'t', 5) as inv2 \gset
select public.void_invoice(:'inv2', 'duplicate invoice');
select is((select payload ->> 'status' from public.integration_events where type = 'invoice.voided' and payload ->> 'invoice_id' = :'inv2'), 'void',
  'voiding an invoice emits invoice.voided');

select is_empty($$ select e.id from public.integration_events e join public.integration_event_types t using (type, version)
                   where cardinality(private.json_schema_errors(t.payload_schema, e.payload)) > 0 $$,
  'every emitted payload validates against its schema');

select * from finish();
rollback;
