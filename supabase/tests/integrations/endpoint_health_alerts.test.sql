-- An endpoint that starts failing: its owner is told once per failing streak (alert_after_failures
-- failed attempts in a row), and once when it succeeds again; the disabled notice is unchanged.
-- Owners: a tenant endpoint's contact and its owners and admins (never another tenant's, never a
-- viewer); an HQ endpoint's creator and the staff who may change settings.
begin;
select plan(12);

update private.integration_settings set allow_private_targets = true, alert_after_failures = 3, disable_after_failures = 6;
select tests.create_tenant('ha-a') as a \gset
select tests.create_tenant('ha-b') as b \gset
update public.tenants set default_locale = 'ar' where id = :'a';
select tests.create_user('admin-a@ha.test') as admin_a \gset
select tests.create_user('viewer-a@ha.test') as viewer_a \gset
select tests.create_user('admin-b@ha.test') as admin_b \gset
select tests.add_member(:'a', :'admin_a', 'admin'), tests.add_member(:'a', :'viewer_a', 'viewer'), tests.add_member(:'b', :'admin_b', 'admin');
select tests.create_staff('hooks-tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('hooks-creator@hq.test', 'auditor') as creator \gset
select (public.create_webhook_endpoint(:'a', 'http://127.0.0.1:1/erp', array['order.*']) ->> 'id') as ea \gset
select (public.create_webhook_endpoint(:'b', 'http://127.0.0.1:1/b', array['order.*']) ->> 'id') as eb \gset
select (public.create_webhook_endpoint(null, 'http://127.0.0.1:1/bi', array['order.*']) ->> 'id') as hq \gset
update public.webhook_endpoints set created_by = :'creator' where id = :'hq';

-- one order event of tenant A reaches A's endpoint and HQ's; a round attempts every due delivery with `code`
create function pg_temp.emit(tenant uuid) returns void language sql as $$
  select private.emit_event('order.created', tenant, format('{"order_id": "%s", "tenant_id": "%s", "number": "N1", "stage": "intake"}',
    gen_random_uuid(), tenant)::jsonb);
  select null::void
$$;
create function pg_temp.round(code int) returns int language sql as $$
  update public.webhook_deliveries set next_attempt_at = now() where status = 'pending';
  select public.record_webhook_results(coalesce(jsonb_agg(jsonb_build_object('delivery_id', c ->> 'delivery_id',
    'lease_token', c ->> 'lease_token', 'status_code', code)), '[]'))
  from jsonb_array_elements(public.claim_webhook_deliveries(50)) c
$$;
create function pg_temp.sent(pattern text) returns table (event text, address text) language sql as $$
  select event, address from public.notification_outbox
  where event like pattern and (address like '%ha.test' or address like '%@example.test' or address like 'hooks-%') order by event, address
$$;

select pg_temp.emit(:'a');
select pg_temp.round(500);
select is((select count(*)::int from public.notification_outbox where event like 'webhook.%'), 0, 'a first failure: nobody told');

select pg_temp.round(500), pg_temp.round(500);
select results_eq($$ select * from pg_temp.sent('webhook.%failing') $$,
  $$ values ('webhook.endpoint_failing', 'admin-a@ha.test'), ('webhook.endpoint_failing', 'ha-a@example.test'),
            ('webhook.hq_endpoint_failing', 'hooks-creator@hq.test'), ('webhook.hq_endpoint_failing', 'hooks-tech@hq.test') $$,
  'the third failure in a row: the tenant''s contact and admins, the HQ endpoint''s creator and settings staff, once each');
select ok((select bool_and(recipient_kind = 'tenant_contact' and recipient_ref = :'a') from public.notification_outbox
           where event = 'webhook.endpoint_failing')
       and (select bool_and(s.user_id = :'creator' or exists (select from public.role_permissions rp where rp.role_code = s.role_code and rp.permission_code = 'settings.write'))
            from public.notification_outbox o join public.platform_staff s on s.user_id::text = o.recipient_ref
            where o.event = 'webhook.hq_endpoint_failing'),
  'the tenant messages belong to the endpoint''s tenant; HQ''s go to its creator and settings staff only');
select is((select subject from public.notification_outbox where event = 'webhook.endpoint_failing' and address = 'admin-a@ha.test'),
  'نقطة استقبال Webhook تفشل: http://127.0.0.1:1/erp', 'in the tenant''s language, naming the endpoint');
select ok((select body_text like '%3 محاولات فاشلة متتالية (آخر خطأ: HTTP 500)%' from public.notification_outbox
           where event = 'webhook.endpoint_failing' and address = 'admin-a@ha.test'), 'with the failure count and the last error');
select isnt((select failing_alerted_at from public.webhook_endpoints where id = :'ea'), null, 'the streak is recorded on the endpoint');

select count(*) as told from public.notification_outbox where event like 'webhook.%' \gset
select pg_temp.round(502);
select is((select count(*) from public.notification_outbox where event like 'webhook.%'), :'told'::bigint, 'further failures: nothing more');

select pg_temp.round(200);
select results_eq($$ select * from pg_temp.sent('webhook.%recovered') $$,
  $$ values ('webhook.endpoint_recovered', 'admin-a@ha.test'), ('webhook.endpoint_recovered', 'ha-a@example.test'),
            ('webhook.hq_endpoint_recovered', 'hooks-creator@hq.test'), ('webhook.hq_endpoint_recovered', 'hooks-tech@hq.test') $$,
  'a success after the alert: one recovered notice to the same people');
select is((select failing_alerted_at from public.webhook_endpoints where id = :'ea'), null, 'the streak is over');

-- a new streak is a new alert; going on to the disabling still sends the disabled notice
select pg_temp.emit(:'a');
select pg_temp.round(500) from generate_series(1, 6);
select is((select count(*)::int from public.notification_outbox where event = 'webhook.endpoint_failing'), 4,
  'a second streak: a second alert');
select is((select count(*)::int from public.notification_outbox where event = 'webhook.endpoint_disabled'), 1,
  'the disabled notice is still sent when the run disables the endpoint');

select is((select count(*)::int from public.notification_outbox
           where address in ('viewer-a@ha.test', 'admin-b@ha.test') or tenant_id = :'b'), 0,
  'a viewer and another tenant''s admins are never told');

select * from finish();
rollback;
