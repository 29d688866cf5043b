-- Delivery bookkeeping: fan-out by filter and tenant, the per-endpoint concurrency cap, the retry
-- schedule (about 3 days over 10 attempts), lapsed leases, disabling after a run of failures,
-- secret rotation (both secrets sign during the overlap), replay and the health figures.
begin;
select plan(17);

update private.integration_settings set allow_private_targets = true, disable_after_failures = 20;
select tests.create_tenant('dl-a') as a \gset
select tests.create_tenant('dl-b') as b \gset
select (public.create_webhook_endpoint(:'a', 'http://127.0.0.1:1/orders', array['order.*'], '', 2) ->> 'id') as ea \gset
select (public.create_webhook_endpoint(:'a', 'http://127.0.0.1:1/invoices', array['invoice.paid']) ->> 'id') as ei \gset
select (public.create_webhook_endpoint(:'b', 'http://127.0.0.1:1/b', array['*']) ->> 'id') as eb \gset
select (public.create_webhook_endpoint(null, 'http://127.0.0.1:1/hq', array['order.ready']) ->> 'id') as hq \gset

select private.emit_event('order.created', :'a', format('{"order_id": "%s", "tenant_id": "%s", "number": "N%s", "stage": "intake"}',
  gen_random_uuid(), :'a', n)::jsonb) from generate_series(1, 5) n;
select private.emit_event('order.ready', :'a', format('{"order_id": "%s", "tenant_id": "%s", "number": "R1", "stage": "ready"}', gen_random_uuid(), :'a')::jsonb);
select results_eq(format($$ select endpoint_id::text, count(*)::int from public.webhook_deliveries group by 1 order by 1 $$),
  format($$ select * from (values (%L, 6), (%L, 1)) v order by 1 $$, :'ea', :'hq'),
  'deliveries go to the tenant''s matching endpoints and HQ''s; not to other tenants or other types');

-- the cap: endpoint ea allows 2 in flight
select jsonb_array_length(public.claim_webhook_deliveries(50)) as first \gset
select is(:first, 3, 'one claim leases at most max_in_flight per endpoint (2 + the HQ one)');
select is(jsonb_array_length(public.claim_webhook_deliveries(50)), 0, 'nothing more while the leases are held');

select public.claim_webhook_deliveries(1) is not null;
select d.id as d1, d.lease_token as l1 from public.webhook_deliveries d where d.endpoint_id = :'ea' and d.status = 'in_flight' order by d.id limit 1 \gset
select is(public.record_webhook_results(format('[{"delivery_id": %s, "lease_token": "%s", "status_code": 200, "latency_ms": 12}]', :d1, :'l1')::jsonb), 1,
  'a result under the lease is recorded');
select is((select status from public.webhook_deliveries where id = :d1), 'succeeded', 'a 2xx answer succeeds');
select is(public.record_webhook_results(format('[{"delivery_id": %s, "lease_token": "%s", "status_code": 500}]', :d1, :'l1')::jsonb), 0,
  'a late result for a finished lease is ignored (no double outcome)');

-- retries: every failure pushes the next attempt out per the schedule, 10 attempts in about 3 days
select is(array_agg(private.webhook_retry_delay(n) order by n),
  '{00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,14:00:00,20:00:00,20:00:00,NULL}'::interval[], 'the retry schedule')
from generate_series(1, 10) n;
select ok((select sum(private.webhook_retry_delay(n)) from generate_series(1, 9) n) between interval '70 hours' and interval '74 hours',
  'the retries span about three days');
select d.id as d2, d.lease_token as l2 from public.webhook_deliveries d where d.endpoint_id = :'ea' and d.status = 'in_flight' order by d.id limit 1 \gset
select public.record_webhook_results(format('[{"delivery_id": %s, "lease_token": "%s", "status_code": 503, "response": "%s"}]', :d2, :'l2', repeat('x', 9000))::jsonb);
select results_eq(format($$ select status, attempts, next_attempt_at - now(), length(last_response), last_error from public.webhook_deliveries where id = %s $$, :d2),
  $$ values ('pending'::text, 1, interval '5 seconds', 4096, 'HTTP 503'::text) $$,
  'a failure is retried after 5 s; the stored response is truncated');
update public.webhook_deliveries set attempts = 9, next_attempt_at = now() where id = :d2;
select public.claim_webhook_deliveries(50) is not null;
select lease_token as l3 from public.webhook_deliveries where id = :d2 \gset
select public.record_webhook_results(format('[{"delivery_id": %s, "lease_token": "%s", "status_code": null, "error": "timeout"}]', :d2, :'l3')::jsonb);
select results_eq(format($$ select status, attempts, last_error from public.webhook_deliveries where id = %s $$, :d2),
  $$ values ('failed'::text, 10, 'timeout'::text) $$, 'after the 10th failed attempt the delivery has failed');

-- a lapsed lease is due again (the worker died): at least once
update public.webhook_deliveries set leased_until = now() - interval '1 second' where endpoint_id = :'hq';
select ok(public.claim_webhook_deliveries(50) @> format('[{"endpoint_id": "%s"}]', :'hq')::jsonb, 'a delivery whose lease lapsed is claimed again');

-- a run of failures disables the endpoint (and audits it)
update private.integration_settings set disable_after_failures = 2;
update public.webhook_deliveries set status = 'pending', next_attempt_at = now(), lease_token = null where endpoint_id = :'ea' and status <> 'succeeded';
select public.record_webhook_results(jsonb_agg(jsonb_build_object('delivery_id', c ->> 'delivery_id', 'lease_token', c ->> 'lease_token', 'status_code', 500)))
from jsonb_array_elements(public.claim_webhook_deliveries(50)) c where c ->> 'endpoint_id' = :'ea';
select results_eq(format($$ select enabled, disabled_reason is not null from public.webhook_endpoints where id = %L $$, :'ea'),
  $$ values (false, true) $$, 'the endpoint is disabled after the run of failures');
select is((select count(*)::int from audit.log where action = 'webhook_endpoint.disable' and entity_id = :'ea'), 1, 'the disabling is audited');
select public.update_webhook_endpoint(:'ea', enabled => true);

-- rotation: both secrets sign until the overlap ends
select public.rotate_webhook_secret(:'ea', 24) ->> 'secret' as new_secret \gset
update public.webhook_deliveries set status = 'pending', next_attempt_at = now(), lease_token = null where endpoint_id = :'ea' and status <> 'succeeded';
select is((select jsonb_array_length(c -> 'secrets') from jsonb_array_elements(public.claim_webhook_deliveries(1)) c), 2,
  'during the overlap a delivery carries both secrets');

-- replay: a finished delivery is due again with its webhook-id unchanged
select is(public.replay_webhook_deliveries(:'ea', :d1), 1, 'one delivery is replayed');
select is(tests.error_of(format($$ select public.replay_webhook_deliveries(%L, since => now(), until => now() + interval '30 days') $$, :'ea')),
  '22023 integrations.invalid_range', 'a replay range over 14 days is refused');

select results_eq(format($$ select attempts_24h, success_rate, queue_depth > 0 from public.webhook_endpoint_health(%L) $$, :'ea'),
  $$ values (5::bigint, 0.2000::numeric, true) $$, 'health: attempts, success rate and queue depth');

select * from finish();
rollback;
