-- A release published twice at once: the second publisher waits for the first, then finds the
-- draft already published and is refused; exactly one release is made. The sessions commit
-- through dblink; the fixture release is removed at the end.
begin;
select plan(3);

select dblink_connect('cp_a', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('cp_b', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
-- The last release without the fixture entry (an interrupted earlier run may have left some after it).
select coalesce(max(r.release_no), 0) as before_no from public.catalog_releases r
where not exists (select from public.catalog_release_entries e where e.release_no = r.release_no and e.code = 'RACE_TEST') \gset
-- Removes what these sessions committed: releases after the given one, the tenants' sync jobs and
-- pointers to them, and the RACE_TEST entry.
create function pg_temp.remove_race_fixture(after_no integer) returns void language sql as $f$
  select dblink_exec('cp_a', format($$ begin; alter table public.catalog_release_entries disable trigger catalog_release_entries_immutable;
    alter table public.catalog_releases disable trigger catalog_releases_immutable;
    update public.tenant_catalog_state set target_release_no = null, status = 'synced' where target_release_no > %1$s;
    update public.tenant_catalog_state set release_no = %1$s where release_no > %1$s;
    update public.tenant_catalog_state set previous_release_no = null where previous_release_no > %1$s;
    delete from private.job_keys where queue_name = 'catalog_sync';
    select pgmq.purge_queue('catalog_sync');
    delete from public.catalog_release_entries where release_no > %1$s;
    delete from public.catalog_releases where release_no > %1$s;
    delete from public.catalog_entries where code = 'RACE_TEST';
    alter table public.catalog_release_entries enable trigger catalog_release_entries_immutable;
    alter table public.catalog_releases enable trigger catalog_releases_immutable; commit $$, after_no));
$f$;
-- leftovers of an interrupted earlier run
select pg_temp.remove_race_fixture(:before_no);

select dblink_exec('cp_a', 'begin');
select * from dblink('cp_a', $$ select public.save_catalog_entry('fabrics', 'RACE_TEST', '{"en":"Race test"}')::text $$) as r(id text);
select * from dblink('cp_a', $$ select (public.publish_catalog_release('first') ->> 'release_no') $$) as r(n text);
select dblink_exec('cp_b', 'begin');
select dblink_exec('cp_b', 'set local lock_timeout = ''30s''');
select dblink_send_query('cp_b', $$ select public.publish_catalog_release('second') ->> 'release_no' $$);
do $$
begin
  for i in 1 .. 200 loop
    perform pg_stat_clear_snapshot();
    exit when exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%publish_catalog_release%' and pid <> pg_backend_pid());
    perform pg_sleep(0.05);
  end loop;
end $$;
select pg_stat_clear_snapshot();
select ok(exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%publish_catalog_release%' and pid <> pg_backend_pid()),
  'the second publisher waits for the first');
select dblink_exec('cp_a', 'commit');
select throws_ok($$ select * from dblink_get_result('cp_b') as r(n text) $$, 'PT409', null,
  'the second publish is refused: nothing new to publish');
select dblink_disconnect('cp_b');  -- ends its failed transaction
select is((select count(*) from dblink('cp_a', 'select release_no from public.catalog_releases') as r(n int) where n > :before_no), 1::bigint,
  'exactly one release was made');

select pg_temp.remove_race_fixture(:before_no);
select dblink_disconnect('cp_a');

select * from finish();
rollback;
