-- tenant.plan.changed and invoice.created are written in the transaction of their change, through
-- every path that changes the plan in force (at once, a scheduled change falling due, billing) and
-- the one function that drafts invoices; their payloads validate; a matching endpoint gets them.
begin;
select plan(11);

update private.integration_settings set allow_private_targets = true;
select tests.freeze_time('2026-11-01 00:00:00+00');
select tests.create_tenant('pe-a') as a \gset
select private.provision_entitlements(:'a');  -- the default plan: starter, no event (not a change)
select is((select count(*)::int from public.integration_events where tenant_id = :'a' and type = 'tenant.plan.changed'), 0,
  'attaching the default plan at provisioning is not a plan change');
select (public.create_webhook_endpoint(:'a', 'http://127.0.0.1:1/plans', array['tenant.plan.changed', 'invoice.created']) ->> 'id') as ep \gset

-- at once, without a subscription (private.change_plan_alone)
savepoint before_change;
select public.change_plan(:'a', 'growth', 'now', 'needs delivery');
select is((select payload - 'tenant_id' from public.integration_events where tenant_id = :'a' and type = 'tenant.plan.changed'),
  '{"from_plan": "starter", "to_plan": "growth", "effective_at": "2026-11-01T00:00:00+00:00"}'::jsonb,
  'a plan change at once emits tenant.plan.changed with both plan codes');
select is((select count(*)::int from public.webhook_deliveries where endpoint_id = :'ep'), 1, 'a subscribed endpoint gets a delivery');
rollback to savepoint before_change;
select is((select count(*)::int from public.integration_events where tenant_id = :'a' and type = 'tenant.plan.changed'), 0,
  'a rolled-back plan change leaves no event');

-- scheduled for the period end: nothing until it falls due (private.apply_due_plan_changes)
select public.change_plan(:'a', 'free', 'period_end');
select is((select count(*)::int from public.integration_events where tenant_id = :'a' and type = 'tenant.plan.changed'), 0,
  'scheduling a change emits nothing yet');
select tests.freeze_time('2026-12-01 00:00:01+00');
select private.apply_due_plan_changes();
select is((select payload - 'tenant_id' from public.integration_events where tenant_id = :'a' and type = 'tenant.plan.changed'),
  '{"from_plan": "starter", "to_plan": "free", "effective_at": "2026-12-01T00:00:00+00:00"}'::jsonb,
  'the due change emits tenant.plan.changed when it applies, dated when it took effect');

-- billing: a new subscription drafts its invoice (private.new_invoice) and moves the plan (private.sync_tenant_plan)
select tests.create_tenant('pe-b') as b \gset
select public.create_subscription(:'b', 'growth', 'month', '[]', null, 0) ->> 'id' as s \gset
select is((select payload - 'tenant_id' - 'effective_at' from public.integration_events where tenant_id = :'b' and type = 'tenant.plan.changed'),
  '{"to_plan": "growth"}'::jsonb, 'a tenant''s first plan, through billing: tenant.plan.changed without from_plan');
select is((select array_agg(payload ->> 'status') from public.integration_events e where e.tenant_id = :'b' and e.type = 'invoice.created'
             and e.payload ->> 'invoice_id' in (select i.id::text from public.invoices i where i.subscription_id = :'s')),
  '{draft}', 'the subscription''s invoice emits invoice.created once, as a draft');
select public.change_subscription_plan(:'s', 'pro', 'now');
select is((select array_agg(payload ->> 'from_plan' || '>' || (payload ->> 'to_plan') order by occurred_at, id) from public.integration_events
           where tenant_id = :'b' and type = 'tenant.plan.changed' and payload ? 'from_plan'),
  '{growth>pro}', 'billing moving the subscription to another plan emits tenant.plan.changed');

-- a manual invoice (private.create_invoice → private.new_invoice)
select public.create_invoice(:'a', '[{"description": {"en": "Setup", "ar": "تجهيز"}, "unit_amount": 10}]') ->> 'id' as inv \gset
select is((select count(*)::int from public.webhook_deliveries d join public.integration_events e on e.id = d.event_id
           where d.endpoint_id = :'ep' and e.type = 'invoice.created' and e.payload ->> 'invoice_id' = :'inv'), 1,
  'a manual invoice emits invoice.created, delivered to the subscribed endpoint');

select is_empty($$ select e.id from public.integration_events e join public.integration_event_types t using (type, version)
                   where e.type in ('tenant.plan.changed', 'invoice.created')
                     and cardinality(private.json_schema_errors(t.payload_schema, e.payload)) > 0 $$,
  'every emitted tenant.plan.changed and invoice.created payload validates against its schema');

select * from finish();
rollback;
