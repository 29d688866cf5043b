-- The console's test event: one webhook.test delivery to the chosen endpoint only, whatever its
-- filter; the same rights (and "no such endpoint" answer) as the other endpoint admin functions.
begin;
select plan(6);

select tests.create_tenant('te-a') as a \gset
select tests.create_user('owner@te-a.test') as owner_a \gset
select tests.create_user('owner@te-b.test') as owner_b \gset
select tests.create_tenant('te-b') as b \gset
select tests.add_member(:'a', :'owner_a', 'owner'), tests.add_member(:'b', :'owner_b', 'owner');
select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('sup@hq.test', 'support') as sup \gset

select tests.authenticate_as(:'owner_a');
select (public.create_webhook_endpoint(:'a', 'https://hooks.example.com/a', array['order.ready']) ->> 'id') as ep \gset
select (public.create_webhook_endpoint(:'a', 'https://hooks.example.com/other', array['*']) ->> 'id') as other \gset
select public.send_test_webhook(:'ep') as delivery \gset
select tests.clear_authentication();

select results_eq(format($$ select d.endpoint_id, e.type, e.tenant_id, e.payload ->> 'endpoint_id', d.status
                            from public.webhook_deliveries d join public.integration_events e on e.id = d.event_id
                            where d.id = %s $$, :'delivery'),
  format($$ values (%L::uuid, 'webhook.test', %L::uuid, %L, 'pending') $$, :'ep', :'a', :'ep'),
  'a pending webhook.test delivery for the endpoint, though its filter is order.ready');
select is((select count(*) from public.webhook_deliveries d join public.integration_events e on e.id = d.event_id
           where e.type = 'webhook.test'), 1::bigint, 'no other endpoint (even one subscribed to *) receives it');
select is((select action from audit.log where entity_id = :'ep' order by id desc limit 1), 'webhook_endpoint.test',
  'the test is audited');
select is(tests.error_of(:'owner_b', 'aal1', format($$ select public.send_test_webhook(%L) $$, :'ep')),
  'PT404 integrations.unknown_endpoint', 'another tenant''s owner gets the answer of a missing endpoint');
select is(tests.error_of(:'sup', 'aal2', format($$ select public.send_test_webhook(%L) $$, :'ep')),
  'PT403 integrations.forbidden', 'staff without settings.write are refused before any lookup');
select is(tests.error_of(:'tech', 'aal2', format($$ select public.send_test_webhook(%L) $$, :'ep')),
  'ok', 'staff with settings.write send test events');
select * from finish();
rollback;
