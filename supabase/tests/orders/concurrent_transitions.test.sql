-- Two sessions move the same order at once: the second waits on the order's row lock, then finds
-- the order already moved and is refused, so exactly one transition row is written. The fixtures
-- are committed through dblink (the two sessions must see them) and removed at the end.
begin;
select plan(4);

select dblink_connect('wf_setup', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('wf_a', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('wf_b', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select t.id as tenant from dblink('wf_setup', $$ select tests.create_tenant('wf-concurrency')::text $$) as t(id uuid) \gset
select * from dblink('wf_setup', format($$ select private.provision_entitlements(%L)::text $$, :'tenant')) as p(done text);
select o.id as o from dblink('wf_setup', format($$ select public.create_order(%L, 'wash_iron', 'C-1', 'Race') ->> 'id' $$, :'tenant')) as o(id uuid) \gset

select dblink_exec('wf_a', 'begin');
select * from dblink('wf_a', format($$ select public.transition_order(%L, 'tagging')::text $$, :'o')) as r(x text);
select dblink_exec('wf_b', 'set lock_timeout = ''30s''');
select dblink_send_query('wf_b', format($$ select public.transition_order(%L, 'tagging')::text $$, :'o'));
-- wait until B is blocked on A's row lock, then let A commit
do $$
begin
  for i in 1 .. 1200 loop  -- up to 60 s: a loaded machine can be slow to start B
    -- pg_stat_activity is a per-transaction snapshot: refresh it or the loop never sees B block
    perform pg_stat_clear_snapshot();
    exit when exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%transition_order%' and pid <> pg_backend_pid());
    perform pg_sleep(0.05);
  end loop;
end $$;
select pg_stat_clear_snapshot();
select ok(exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%transition_order%' and pid <> pg_backend_pid()),
          'the second session waits on the first one''s lock');
select dblink_exec('wf_a', 'commit');
select count(*) from dblink_get_result('wf_b', false) as r(x text);
select matches(dblink_error_message('wf_b'), 'cannot move to tagging', 'the second transition is refused after the first commits');
select is((select count(*) from public.order_transitions where order_id = :'o' and to_stage = 'tagging'), 1::bigint,
          'exactly one transition row was written');
select is((select current_stage from public.orders where id = :'o'), 'tagging', 'the order moved once');

select dblink_exec('wf_setup', format($$ delete from public.tenants where id = %L $$, :'tenant'));
select dblink_disconnect('wf_setup'), dblink_disconnect('wf_a'), dblink_disconnect('wf_b');
select * from finish();
rollback;
