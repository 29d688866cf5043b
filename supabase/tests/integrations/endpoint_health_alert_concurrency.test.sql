-- Two delivery batches of the same endpoint fail at once and both reach the alert threshold: the
-- second waits on the endpoint's row lock, then sees the first one's alert, so its owner is told
-- once. Fixtures are committed through dblink (both sessions must see them) and removed at the end.
begin;
select plan(3);

select dblink_connect('ha_setup', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('ha_a', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('ha_b', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select t.id as tenant from dblink('ha_setup', $$ select tests.create_tenant('ha-concurrency')::text $$) as t(id uuid) \gset
-- an endpoint two failures into a streak (the threshold is 3 by default), two deliveries leased at once
select e.id as ep from dblink('ha_setup', format($$
  insert into public.webhook_endpoints (tenant_id, url, event_types, consecutive_failures)
  values (%L, 'https://receiver.example.com/hooks', array['order.*'], 2) returning id::text $$, :'tenant')) as e(id uuid) \gset
select * from dblink('ha_setup', format($$
  select count(private.emit_event('order.created', %L, format('{"order_id": "%%s", "tenant_id": "%%s", "number": "N1", "stage": "intake"}',
    gen_random_uuid(), %L)::jsonb))::text from generate_series(1, 2) $$, :'tenant', :'tenant')) as x(n text);
select c.v as leases from dblink('ha_setup', format($$
  select jsonb_agg(c)::text from jsonb_array_elements(public.claim_webhook_deliveries(50)) c where c ->> 'endpoint_id' = %L $$, :'ep'))
  as c(v jsonb) \gset
select is(jsonb_array_length(:'leases'), 2, 'two deliveries of the endpoint are in flight');

create function pg_temp.fail_one(leases jsonb, i int) returns text language sql as $$
  select format($q$ select public.record_webhook_results('[{"delivery_id": %s, "lease_token": "%s", "status_code": 500}]')::text $q$,
                leases -> i ->> 'delivery_id', leases -> i ->> 'lease_token')
$$;
select dblink_exec('ha_a', 'begin');
select * from dblink('ha_a', pg_temp.fail_one(:'leases', 0)) as r(x text);
select dblink_exec('ha_b', 'set lock_timeout = ''30s''');
select dblink_send_query('ha_b', pg_temp.fail_one(:'leases', 1));
do $$
begin
  for i in 1 .. 1200 loop  -- up to 60 s: a loaded machine can be slow to start B
    perform pg_stat_clear_snapshot();
    exit when exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%record_webhook_results%' and pid <> pg_backend_pid());
    perform pg_sleep(0.05);
  end loop;
end $$;
select pg_stat_clear_snapshot();
select ok(exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%record_webhook_results%' and pid <> pg_backend_pid()),
  'the second batch waits on the first one''s endpoint lock');
select dblink_exec('ha_a', 'commit');
select count(*) from dblink_get_result('ha_b', false) as r(x text);

-- the tenant has its contact only: one alert is one message
select is((select n from dblink('ha_setup', format($$
  select count(*)::int from public.notification_outbox where event = 'webhook.endpoint_failing' and tenant_id = %L $$, :'tenant')) as x(n int)), 1,
  'the owner is told once (one message per address), not once per failing batch');

select dblink_exec('ha_setup', format($$ delete from public.tenants where id = %L $$, :'tenant'));
select dblink_disconnect('ha_setup'), dblink_disconnect('ha_a'), dblink_disconnect('ha_b');
select * from finish();
rollback;
