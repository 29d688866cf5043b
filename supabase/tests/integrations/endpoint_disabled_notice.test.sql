-- An endpoint disabled after a run of failures: audited, and its owner told through the
-- notifications outbox in the same transaction (a tenant's endpoint: the tenant's contact, in the
-- tenant's language; an HQ endpoint: the staff member who created it), once per disabling.
begin;
select plan(9);

update private.integration_settings set allow_private_targets = true, disable_after_failures = 3;
select tests.create_tenant('dn-a') as a \gset
update public.tenants set default_locale = 'ar' where id = :'a';
select tests.create_staff('hooks-owner@hq.test', 'tech_admin') as staff \gset
select (public.create_webhook_endpoint(:'a', 'http://127.0.0.1:1/erp', array['order.*']) ->> 'id') as ea \gset
select (public.create_webhook_endpoint(null, 'http://127.0.0.1:1/bi', array['order.*']) ->> 'id') as hq \gset
update public.webhook_endpoints set created_by = :'staff' where id = :'hq';

-- two order events reach both endpoints; a round claims every due delivery and answers `code` for each
select private.emit_event('order.created', :'a', format('{"order_id": "%s", "tenant_id": "%s", "number": "N%s", "stage": "intake"}',
  gen_random_uuid(), :'a', n)::jsonb) from generate_series(1, 2) n;
create function pg_temp.round(code int) returns int language sql as $$
  update public.webhook_deliveries set next_attempt_at = now() where status = 'pending';
  select public.record_webhook_results(coalesce(jsonb_agg(jsonb_build_object('delivery_id', c ->> 'delivery_id',
    'lease_token', c ->> 'lease_token', 'status_code', code)), '[]'))
  from jsonb_array_elements(public.claim_webhook_deliveries(50)) c
$$;

select pg_temp.round(500);  -- 2 failures in a row: below the setting of 3
select is((select count(*)::int from public.notification_outbox where event like 'webhook.%'), 0,
  'failures below the setting: still enabled, nobody told');

select pg_temp.round(503);  -- 4 in a row: both endpoints are disabled
select results_eq($$ select event, recipient_kind, recipient_ref, address, locale from public.notification_outbox
                     where event like 'webhook.%' order by event $$,
  format($$ values ('webhook.endpoint_disabled', 'tenant_contact', %L, 'dn-a@example.test', 'ar'),
                   ('webhook.hq_endpoint_disabled', 'staff', %L, 'hooks-owner@hq.test', 'ar') $$, :'a', :'staff'),
  'the tenant''s contact and the HQ endpoint''s creator are each told once');
select is((select subject from public.notification_outbox where event = 'webhook.endpoint_disabled'),
  'تم تعطيل نقطة استقبال Webhook: http://127.0.0.1:1/erp', 'in the tenant''s language, naming the endpoint');
select ok((select body_text like '%4 محاولة فاشلة متتالية (آخر خطأ: HTTP 503)%' from public.notification_outbox
           where event = 'webhook.endpoint_disabled'), 'with the failure count and the last error');
select ok((select body_text like '%/integrations' from public.notification_outbox where event = 'webhook.hq_endpoint_disabled'),
  'the HQ message links to the developer portal');
select is((select count(*)::int from audit.log where action = 'webhook_endpoint.disable' and entity_id in (:'ea', :'hq')), 2,
  'each disabling is audited');
select is((select count(*)::int from pgmq.q_notifications
           where message #>> '{payload,outbox_id}' in (select id::text from public.notification_outbox where event like 'webhook.%')), 2,
  'each message is queued for delivery in the same transaction');

-- enabled again and failing again: a second disabling is a second message; a disabled endpoint is not retried
select public.update_webhook_endpoint(:'ea', enabled => true);
select pg_temp.round(500);
select pg_temp.round(500);
select is((select count(*)::int from public.notification_outbox where event = 'webhook.endpoint_disabled'), 2,
  'disabled again after being enabled: a new message');
select pg_temp.round(500);
select is((select count(*)::int from public.notification_outbox where event like 'webhook.%'), 3,
  'nothing more while the endpoints stay disabled');

select * from finish();
rollback;
