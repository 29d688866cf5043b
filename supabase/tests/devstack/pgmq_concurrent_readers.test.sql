-- pgmq compatibility: concurrent readers (two other sessions through dblink, on committed data): a
-- message one consumer holds is never handed to another, and comes back if that consumer rolls back.
-- The committed test queue is removed again.
begin;
select plan(4);

-- ── dblink sessions
-- Two more sessions for the concurrency check at the end. They connect first, to remove what an
-- earlier run that died half-way may have committed, before this transaction reads any queue.
select format('host=''%s'' port=%s dbname=''%s'' user=''%s''',
              coalesce(nullif(trim(split_part(current_setting('unix_socket_directories'), ',', 1)), ''), '127.0.0.1'),
              current_setting('port'), current_database(), current_user) as dblink_conn \gset
select dblink_connect('devstack_pgmq_a', :'dblink_conn') \g /dev/null
select dblink_connect('devstack_pgmq_b', :'dblink_conn') \g /dev/null
select dblink_exec('devstack_pgmq_a', $$ set lock_timeout = '10s' $$) \g /dev/null
select dblink_exec('devstack_pgmq_b', $$ set lock_timeout = '10s' $$) \g /dev/null
-- leftovers of an earlier run that died half-way
select * from dblink('devstack_pgmq_a', $$ select pgmq.drop_queue('devstack_t_dblink') where exists (
                                             select from pgmq.meta where queue_name = 'devstack_t_dblink') $$) as t(dropped boolean);

-- ── Concurrent readers (two other sessions through dblink, on committed data): a message one
-- consumer holds is never handed to another, and comes back if that consumer rolls back.
-- This transaction must not touch the dblink queue's tables (it would block their cleanup).
select * from dblink('devstack_pgmq_a', $$ select pgmq.create('devstack_t_dblink') $$) as t(created text) \g /dev/null
create temp table dbl_sent as
  select * from dblink('devstack_pgmq_a',
    $$ select pgmq.send_batch('devstack_t_dblink', array['{"c":1}', '{"c":2}', '{"c":3}', '{"c":4}', '{"c":5}', '{"c":6}']::jsonb[]) $$)
    as t(msg_id bigint);

select dblink_exec('devstack_pgmq_a', 'begin') \g /dev/null
create temp table dbl_a as
  select * from dblink('devstack_pgmq_a', $$ select msg_id from pgmq.read('devstack_t_dblink', 30, 3) $$) as t(msg_id bigint);
create temp table dbl_b as
  select * from dblink('devstack_pgmq_b', $$ select msg_id from pgmq.read('devstack_t_dblink', 30, 10) $$) as t(msg_id bigint);
select is((select count(*)::int from dbl_a), 3, 'consumer A (transaction still open) got 3 messages');
select is(array(select msg_id from dbl_b order by msg_id),
          array(select msg_id from dbl_sent except select msg_id from dbl_a order by 1),
          'consumer B, reading at the same time, gets exactly the other messages (locked rows are skipped)');
select dblink_exec('devstack_pgmq_a', 'rollback') \g /dev/null
create temp table dbl_c as
  select * from dblink('devstack_pgmq_b', $$ select msg_id, read_ct from pgmq.read('devstack_t_dblink', 30, 10) $$)
    as t(msg_id bigint, read_ct integer);
select results_eq($$ select msg_id, read_ct from dbl_c order by msg_id $$,
                  $$ select msg_id, 1 from dbl_a order by msg_id $$,
                  'when A rolls back, its messages are visible again (read_ct as if never read) and B''s stay hidden');

select * from dblink('devstack_pgmq_a', $$ select pgmq.drop_queue('devstack_t_dblink') $$) as t(dropped boolean) \g /dev/null
select dblink_disconnect('devstack_pgmq_a') \g /dev/null
select dblink_disconnect('devstack_pgmq_b') \g /dev/null
select ok(not exists (select from pgmq.meta where queue_name = 'devstack_t_dblink')
          and to_regclass('pgmq.q_devstack_t_dblink') is null,
          'the committed test queue is gone again');

select * from finish();
rollback;
