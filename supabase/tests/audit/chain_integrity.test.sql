-- Audit integrity (issue 12 §3): the hash covers every shown column (diff included), old rows
-- keep verifying with their version-1 hash, a published head catches a chain cut short or
-- rewritten by the superuser (checkpoints deleted too), verification is incremental with a
-- permission-checked full run, and support searches are audited.
begin;
select plan(22);

select tests.create_staff('auditor@integrity.test', 'auditor') as auditor \gset
select tests.create_staff('root@integrity.test', 'super_admin') as root \gset
select tests.create_staff('support@integrity.test', 'support') as support \gset
-- A role that may read the log but not export compliance evidence (the full verification).
insert into public.platform_roles (code, name, description, read_only, sort_order)
  values ('audit_viewer', '{"en":"Audit viewer"}', '{"en":"test"}', true, 99);
insert into public.role_permissions values ('audit_viewer', 'audit.read');
select tests.create_staff('viewer@integrity.test', 'audit_viewer') as viewer \gset

-- As a staff member at aal2: the chain status (or the error's detail).
create function pg_temp.status(who uuid, published jsonb default null, full_chain boolean default false) returns jsonb
language plpgsql as $$
declare d text; r jsonb;
begin
  perform tests.authenticate_as(who, 'aal2');
  begin
    r := public.audit_chain_status(published, full_chain);
  exception when others then
    get stacked diagnostics d = pg_exception_detail;
    r := jsonb_build_object('error', d);
  end;
  perform tests.clear_authentication();
  return r;
end $$;

-- ── the hash covers diff ────────────────────────────────────────────────────────────────────
select audit.record('tenant.update', 'tenant', 't-1', '{"name":"a","tier":1}', '{"name":"b","tier":1}', null, 'rename') as entry_id \gset
select is((select hash_version from audit.log where id = :entry_id), 2::smallint, 'new rows are written with hash version 2');
select is((select seq from audit.log where id = :entry_id), (select seq + 1 from audit.log where id < :entry_id order by seq desc limit 1),
          'each new row takes the next sequence number');
alter table audit.log disable trigger log_no_update_delete;
update audit.log set diff = '{"name":["a","forged"]}' where id = :entry_id;
select results_eq($$ select ok, first_broken_id, reason from audit.verify_chain() $$,
                  $$ values (false, $$ || :entry_id || $$::bigint, 'hash does not match the row''s content'::text) $$,
                  'a rewritten diff fails verification');
update audit.log set diff = '{"name":["a","b"]}' where id = :entry_id;
update audit.log set seq = seq + 1000 where id = :entry_id;
select is((select ok from audit.verify_chain()), false, 'a renumbered row fails verification');
update audit.log set seq = seq - 1000 where id = :entry_id;
update audit.log set hash_version = 1 where id = :entry_id;
select is((select ok from audit.verify_chain()), false, 'a row downgraded to hash version 1 fails verification');
update audit.log set hash_version = 2 where id = :entry_id;
alter table audit.log enable trigger log_no_update_delete;
select is((select ok from audit.verify_chain()), true, 'the restored chain verifies');

-- ── version-1 rows (written before the upgrade) keep verifying ─────────────────────────────
-- A chain of its own, built as the old audit.record did: v1 hash, no diff in it.
alter table audit.log disable trigger log_no_update_delete;
create temp table saved_log as select * from audit.log;
delete from audit.log;
do $$
declare e audit.log; prev bytea := '\x0000000000000000000000000000000000000000000000000000000000000000';
begin
  for i in 1..2 loop
    e := null;
    e.id := nextval('audit.log_id_seq'); e.seq := i; e.hash_version := 1; e.occurred_at := clock_timestamp();
    e.actor_role := 'system'; e.action := 'legacy.write'; e.entity_type := 'probe'; e.entity_id := i::text;
    e.before := '{"a":1}'; e.after := '{"a":2}'; e.diff := '{"a":[1,2]}';
    e.prev_hash := prev; e.hash := extensions.digest(prev || convert_to(audit.canonical(e), 'UTF8'), 'sha256');
    insert into audit.log overriding system value select e.*;
    prev := e.hash;
  end loop;
end $$;
alter table audit.log enable trigger log_no_update_delete;
select audit.record('after.upgrade', 'probe', '3', '{"a":2}', '{"a":3}');
select results_eq($$ select ok, checked from audit.verify_chain() $$, $$ values (true, 3::bigint) $$,
                  'version-1 rows verify with their old hash and a version-2 row continues the chain');
select is((select array_agg(hash_version order by seq) from audit.log), '{1,1,2}'::smallint[], 'versions along the chain: 1, 1, 2');
alter table audit.log disable trigger log_no_update_delete;
delete from audit.log;
insert into audit.log overriding system value select * from saved_log;
alter table audit.log enable trigger log_no_update_delete;
select is((select ok from audit.verify_chain()), true, 'the real chain is back');

-- ── the published head catches a cut tail ───────────────────────────────────────────────────
select case when exists (select from vault.secrets where name = 'audit_head_sink_url') then null
            else vault.create_secret('http://127.0.0.1:9/devstack/v1/audit-heads', 'audit_head_sink_url') end;
select audit.record('tail.write', 'probe', 'one') as tail_1 \gset
select audit.record('tail.write', 'probe', 'two') as tail_2 \gset
select audit.record('tail.write', 'probe', 'three') as tail_3 \gset
select audit.publish_head() as published \gset
select is((select convert_from(body, 'UTF8')::jsonb - 'published_at' from net.http_request_queue order by id desc limit 1),
          (select jsonb_build_object('seq', seq, 'hash', encode(hash, 'hex'), 'log_id', id) from audit.log where id = :tail_3),
          'publishing posts the head (seq and hash) to the sink through pg_net');
select is((select kind from audit.checkpoints order by id desc limit 1), 'published', 'and records a published checkpoint');
select seq as tail_2_seq from audit.log where id = :tail_2 \gset

-- The superuser deletes the newest rows and every checkpoint.
alter table audit.log disable trigger log_no_update_delete;
alter table audit.checkpoints disable trigger checkpoints_no_update_delete;
delete from audit.log where id in (:tail_2, :tail_3);
delete from audit.checkpoints;
alter table audit.log enable trigger log_no_update_delete;
alter table audit.checkpoints enable trigger checkpoints_no_update_delete;

select is((pg_temp.status(:'auditor') ->> 'chain_ok')::boolean, true, 'without the published head the shortened chain looks whole');
select is(pg_temp.status(:'auditor', :'published') -> 'published',
          jsonb_build_object('seq', (:'published'::jsonb ->> 'seq')::bigint, 'hash', :'published'::jsonb ->> 'hash',
            'published_at', :'published'::jsonb ->> 'published_at', 'ok', false, 'kind', 'cut', 'first_missing_seq', :tail_2_seq,
            'reason', format('the chain ends before the published head (seq %s): rows from seq %s are missing',
                             :'published'::jsonb ->> 'seq', :tail_2_seq)),
          'compared with the published head, the cut is reported with the first missing seq');
select is((pg_temp.status(:'auditor', :'published') ->> 'ok')::boolean, false, 'and the status is not ok');

-- A rewritten tail: the row at the published seq is there but carries another hash.
select audit.record('tail.write', 'probe', 'two, again') as again_2 \gset
select audit.record('tail.write', 'probe', 'three, forged') as again_3 \gset
select is(pg_temp.status(:'auditor', :'published') #>> '{published,reason}',
          format('the row at the published head (seq %s) was rewritten', :'published'::jsonb ->> 'seq'),
          'a tail rewritten up to the published seq is reported');
select is(pg_temp.status(:'auditor', '{"seq": 1, "hash": "zz"}') ->> 'error', 'audit.invalid_published_head', 'a malformed head is refused');

-- ── incremental and full verification ──────────────────────────────────────────────────────
select pg_temp.status(:'auditor');
select audit.record('after.verify', 'probe', 'x');
select is((pg_temp.status(:'auditor') ->> 'checked')::bigint, 1::bigint,
          'the next incremental run checks only the rows after the last verified checkpoint');
select is((pg_temp.status(:'auditor', null, true) ->> 'checked')::bigint, (select count(*) from audit.log),
          'a full run re-reads the whole chain');
alter table audit.log disable trigger log_no_update_delete;
update audit.log set reason = 'forged' where id = :entry_id;
alter table audit.log enable trigger log_no_update_delete;
select is((pg_temp.status(:'auditor', null, true) ->> 'first_broken_id')::bigint, :entry_id::bigint,
          'the full run finds a row rewritten before the last verified checkpoint');
select is(pg_temp.status(:'viewer', null, true) ->> 'error', 'auth.permission_denied',
          'the full run needs compliance.export');
select is(pg_temp.status(:'support') ->> 'error', 'auth.permission_denied', 'the status needs audit.read');

-- ── support search is audited ───────────────────────────────────────────────────────────────
select tests.create_tenant('integrity-search') as t \gset
select tests.authenticate_as(:'support', 'aal2');
select count(*) from public.search_orders('al-balushi', :'t', 20);
select tests.clear_authentication();
select results_eq(
  $$ select actor_id, actor_role, tenant_id, after from audit.log where action = 'orders.search' order by seq desc limit 1 $$,
  format($$ values (%L::uuid, 'support'::text, %L::uuid, %L::jsonb) $$, :'support', :'t',
         jsonb_build_object('query', 'al-balushi', 'for_tenant', :'t', 'max_rows', 20, 'result_count', 0)),
  'a support search records who searched, for what, in which tenant and how many orders came back');

select * from finish();
rollback;
