-- Gapless invoice numbering under concurrency: two sessions finalise at once → the second waits on
-- the billing year's sequence row and gets the next number; a finalisation that rolls back gives
-- its number back (the next finalisation takes it). Fixtures are committed through dblink (the
-- sessions must see them) in billing year 2040 (frozen time) and removed at the end.
begin;
select plan(7);

select dblink_connect('bn_setup', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('bn_a', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('bn_b', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
-- leftovers of an interrupted earlier run
select dblink_exec('bn_setup', $$ delete from public.tenants where slug = 'billing-numbering-race' $$);
select dblink_exec('bn_setup', $$ delete from private.document_sequences where billing_year = 2040 $$);
select t.id as tenant from dblink('bn_setup', $$ select tests.create_tenant('billing-numbering-race')::text $$) as t(id uuid) \gset
select i.id as i1 from dblink('bn_setup', format($$ select (public.create_invoice(%L, '[{"description":{"en":"One"},"unit_amount":1.5}]') ->> 'id') $$, :'tenant')) as i(id uuid) \gset
select i.id as i2 from dblink('bn_setup', format($$ select (public.create_invoice(%L, '[{"description":{"en":"Two"},"unit_amount":2.5}]') ->> 'id') $$, :'tenant')) as i(id uuid) \gset
select i.id as i3 from dblink('bn_setup', format($$ select (public.create_invoice(%L, '[{"description":{"en":"Three"},"unit_amount":3.5}]') ->> 'id') $$, :'tenant')) as i(id uuid) \gset
select dblink_exec('bn_setup', $$ delete from private.document_sequences where billing_year = 2040 $$);

-- A takes a number and holds the year's row; B finalises another invoice meanwhile.
select dblink_exec('bn_a', 'begin');
select * from dblink('bn_a', $$ select tests.freeze_time('2040-05-01 08:00+00')::text $$) as r(x text);
select * from dblink('bn_a', format($$ select public.finalize_invoice(%L) ->> 'number' $$, :'i1')) as r(n text);
select dblink_exec('bn_b', 'begin');
select dblink_exec('bn_b', 'set local lock_timeout = ''30s''');
select * from dblink('bn_b', $$ select tests.freeze_time('2040-05-01 08:00+00')::text $$) as r(x text);
select dblink_send_query('bn_b', format($$ select public.finalize_invoice(%L) ->> 'number' $$, :'i2'));
do $$
begin
  for i in 1 .. 200 loop
    perform pg_stat_clear_snapshot();
    exit when exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%finalize_invoice%' and pid <> pg_backend_pid());
    perform pg_sleep(0.05);
  end loop;
end $$;
select pg_stat_clear_snapshot();
select ok(exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%finalize_invoice%' and pid <> pg_backend_pid()),
          'the second finalisation waits on the first one''s sequence row');
select dblink_exec('bn_a', 'commit');
select n as b_number from dblink_get_result('bn_b') as r(n text) \gset
select count(*) from dblink_get_result('bn_b') as r(n text);  -- the end of B's results
select dblink_exec('bn_b', 'commit');
select is((select number from public.invoices where id = :'i1'), 'HQ-2040-000001', 'the first session got the year''s first number');
select is(:'b_number'::text, 'HQ-2040-000002', 'the second session got the next one, not a duplicate');

-- A finalisation that rolls back gives its number back.
select dblink_exec('bn_a', 'begin');
select * from dblink('bn_a', $$ select tests.freeze_time('2040-05-02 08:00+00')::text $$) as r(x text);
select n as rolled from dblink('bn_a', format($$ select public.finalize_invoice(%L) ->> 'number' $$, :'i3')) as r(n text) \gset
select dblink_exec('bn_a', 'rollback');
select is(:'rolled'::text, 'HQ-2040-000003', 'the rolled-back finalisation had taken number 3');
select is((select status || coalesce(number, '') from public.invoices where id = :'i3'), 'draft', 'the invoice is still a draft without a number');
select dblink_exec('bn_b', 'begin');
select * from dblink('bn_b', $$ select tests.freeze_time('2040-05-03 08:00+00')::text $$) as r(x text);
select * from dblink('bn_b', format($$ select public.finalize_invoice(%L) ->> 'number' $$, :'i3')) as r(n text);
select dblink_exec('bn_b', 'commit');
select is((select number from public.invoices where id = :'i3'), 'HQ-2040-000003', 'the next finalisation reuses the number: no gap');
select is((select array_agg(number order by number) from public.invoices where billing_year = 2040),
          '{HQ-2040-000001,HQ-2040-000002,HQ-2040-000003}', 'the 2040 numbers are consecutive');

select dblink_exec('bn_setup', format($$ delete from public.tenants where id = %L $$, :'tenant'));
select dblink_exec('bn_setup', $$ delete from private.document_sequences where billing_year = 2040 $$);
select dblink_disconnect('bn_setup'), dblink_disconnect('bn_a'), dblink_disconnect('bn_b');
select * from finish();
rollback;
