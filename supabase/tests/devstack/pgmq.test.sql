-- pgmq compatibility: the pgmq 1.5.1 API the project relies on, checked against whichever pgmq the
-- server has (devstack's stand-in, or the real extension on Supabase). Everything below runs in
-- this file's transaction, except the concurrency check at the end, which needs committed data in
-- two other sessions (dblink) and removes it again.
begin;
select plan(109);

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

-- ---------------------------------------------------------------------------------------------
-- Shape: schema, metadata table, record types, functions with their signatures and results
-- ---------------------------------------------------------------------------------------------
select has_schema('pgmq');
select columns_are('pgmq', 'meta', array['queue_name', 'is_partitioned', 'is_unlogged', 'created_at'],
                   'pgmq.meta has pgmq''s columns');

create temp table expected_type (type_name text, attrs text[]);
insert into expected_type values
  ('pgmq.message_record', array['msg_id bigint', 'read_ct integer', 'enqueued_at timestamp with time zone',
                                'vt timestamp with time zone', 'message jsonb', 'headers jsonb']),
  ('pgmq.queue_record', array['queue_name character varying', 'is_partitioned boolean', 'is_unlogged boolean',
                              'created_at timestamp with time zone']),
  ('pgmq.metrics_result', array['queue_name text', 'queue_length bigint', 'newest_msg_age_sec integer',
                                'oldest_msg_age_sec integer', 'total_messages bigint',
                                'scrape_time timestamp with time zone', 'queue_visible_length bigint']);
select is(
  (select array(select a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                  from pg_attribute a
                 where a.attrelid = (select typrelid from pg_type where oid = to_regtype(e.type_name))
                   and a.attnum > 0 and not a.attisdropped
                 order by a.attnum)),
  e.attrs,
  e.type_name || ' has pgmq''s fields in pgmq''s order')
from expected_type e order by e.type_name;

create temp table expected_function (signature text, result text);
insert into expected_function values
  ('pgmq.create(text)', 'void'),
  ('pgmq.create_unlogged(text)', 'void'),
  ('pgmq.drop_queue(text)', 'boolean'),
  ('pgmq.purge_queue(text)', 'bigint'),
  ('pgmq.list_queues()', 'SETOF pgmq.queue_record'),
  ('pgmq.send(text,jsonb)', 'SETOF bigint'),
  ('pgmq.send(text,jsonb,integer)', 'SETOF bigint'),
  ('pgmq.send(text,jsonb,timestamp with time zone)', 'SETOF bigint'),
  ('pgmq.send(text,jsonb,jsonb)', 'SETOF bigint'),
  ('pgmq.send(text,jsonb,jsonb,integer)', 'SETOF bigint'),
  ('pgmq.send(text,jsonb,jsonb,timestamp with time zone)', 'SETOF bigint'),
  ('pgmq.send_batch(text,jsonb[])', 'SETOF bigint'),
  ('pgmq.send_batch(text,jsonb[],integer)', 'SETOF bigint'),
  ('pgmq.send_batch(text,jsonb[],timestamp with time zone)', 'SETOF bigint'),
  ('pgmq.send_batch(text,jsonb[],jsonb[])', 'SETOF bigint'),
  ('pgmq.send_batch(text,jsonb[],jsonb[],integer)', 'SETOF bigint'),
  ('pgmq.send_batch(text,jsonb[],jsonb[],timestamp with time zone)', 'SETOF bigint'),
  ('pgmq.read(text,integer,integer,jsonb)', 'SETOF pgmq.message_record'),
  ('pgmq.read_with_poll(text,integer,integer,integer,integer,jsonb)', 'SETOF pgmq.message_record'),
  ('pgmq.pop(text)', 'SETOF pgmq.message_record'),
  ('pgmq.set_vt(text,bigint,integer)', 'SETOF pgmq.message_record'),
  ('pgmq.delete(text,bigint)', 'boolean'),
  ('pgmq.delete(text,bigint[])', 'SETOF bigint'),
  ('pgmq.archive(text,bigint)', 'boolean'),
  ('pgmq.archive(text,bigint[])', 'SETOF bigint'),
  ('pgmq.metrics(text)', 'pgmq.metrics_result'),
  ('pgmq.metrics_all()', 'SETOF pgmq.metrics_result');
select is(
  array(select f.signature || ' -> ' || coalesce(pg_get_function_result(to_regprocedure(f.signature)), 'missing')
          from expected_function f
         where pg_get_function_result(to_regprocedure(f.signature)) is distinct from f.result
         order by f.signature),
  '{}'::text[],
  'every pgmq 1.5.1 function exists with its signature and result type');

-- ---------------------------------------------------------------------------------------------
-- Queues: create, list, drop
-- ---------------------------------------------------------------------------------------------
select lives_ok($$ select pgmq.create('devstack_t_basic') $$, 'pgmq.create makes a queue');
select has_table('pgmq', 'q_devstack_t_basic', 'the queue table is pgmq.q_<name>');
select has_table('pgmq', 'a_devstack_t_basic', 'the archive table is pgmq.a_<name>');
select columns_are('pgmq', 'q_devstack_t_basic', array['msg_id', 'read_ct', 'enqueued_at', 'vt', 'message', 'headers'],
                   'the queue table has pgmq''s columns');
select columns_are('pgmq', 'a_devstack_t_basic',
                   array['msg_id', 'read_ct', 'enqueued_at', 'archived_at', 'vt', 'message', 'headers'],
                   'the archive table has pgmq''s columns, with archived_at');
select col_is_pk('pgmq', 'q_devstack_t_basic', 'msg_id', 'msg_id is the queue table''s primary key');
select is((select attidentity::text from pg_attribute
            where attrelid = 'pgmq.q_devstack_t_basic'::regclass and attname = 'msg_id'),
          'a', 'msg_id is an identity column (generated always)');
select ok(exists (select from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                   where i.indrelid = 'pgmq.q_devstack_t_basic'::regclass and i.indnatts = 1 and a.attname = 'vt'),
          'the queue table has an index on vt');
select lives_ok($$ select pgmq.create('devstack_t_basic') $$, 'creating an existing queue again is harmless');
select results_eq(
  $$ select queue_name::text, is_partitioned, is_unlogged from pgmq.list_queues() where queue_name = 'devstack_t_basic' $$,
  $$ values ('devstack_t_basic', false, false) $$,
  'list_queues lists the queue once, logged and not partitioned');
select ok((select created_at from pgmq.list_queues() where queue_name = 'devstack_t_basic') is not null,
          'list_queues reports created_at');

select pgmq.create_unlogged('devstack_t_unlogged') \g /dev/null
select results_eq(
  $$ select is_unlogged from pgmq.list_queues() where queue_name = 'devstack_t_unlogged' $$,
  $$ values (true) $$, 'create_unlogged is listed as unlogged');
select is((select relpersistence::text from pg_class where oid = 'pgmq.q_devstack_t_unlogged'::regclass), 'u',
          'create_unlogged makes an UNLOGGED queue table');

select pgmq.create('MixedCase_Q') \g /dev/null
select has_table('pgmq', 'q_mixedcase_q', 'queue names are lower-cased');
select pgmq.send('MIXEDCASE_q', '{"x":1}'::jsonb) \g /dev/null
select is((select count(*)::int from pgmq.q_mixedcase_q), 1,
          'any spelling of a queue name reaches the same lower-cased queue');

select lives_ok(format('select pgmq.create(%L)', repeat('n', 47)), 'a 47-character queue name is accepted');
select has_table('pgmq', 'q_' || repeat('n', 47), 'its table keeps the full name');

select is(pgmq.drop_queue('devstack_t_basic'), true, 'drop_queue returns true for an existing queue');
select hasnt_table('pgmq', 'q_devstack_t_basic', 'drop_queue removes the queue table');
select hasnt_table('pgmq', 'a_devstack_t_basic', 'drop_queue removes the archive table');
select ok(not exists (select from pgmq.list_queues() where queue_name = 'devstack_t_basic'),
          'a dropped queue is no longer listed');
set local client_min_messages = warning;
select is(pgmq.drop_queue('devstack_t_basic'), false, 'dropping a queue that does not exist returns false');
reset client_min_messages;

-- ---------------------------------------------------------------------------------------------
-- send and read with the visibility timeout
-- ---------------------------------------------------------------------------------------------
select pgmq.create('devstack_t_vt') \g /dev/null
select pgmq.send('devstack_t_vt', '{"n":1}'::jsonb) as m1 \gset
select pgmq.send('devstack_t_vt', '{"n":2}'::jsonb) as m2 \gset
select ok(:m2 > :m1, 'send returns increasing message ids');

create temp table r1 as select *, clock_timestamp() as read_at from pgmq.read('devstack_t_vt', 30, 1);
select results_eq($$ select msg_id, read_ct, message, headers from r1 $$,
                  format($$ values (%s::bigint, 1, '{"n":1}'::jsonb, null::jsonb) $$, :m1),
                  'read returns the oldest visible message with read_ct 1');
select ok((select vt between read_at + interval '29 seconds' and read_at + interval '31 seconds' from r1),
          'read hides the message for vt seconds');
select ok((select enqueued_at = now() from r1), 'enqueued_at is the sending transaction''s time');

select is(array(select msg_id from pgmq.read('devstack_t_vt', 30, 10)), array[:m2]::bigint[],
          'a message being processed is invisible: the next read gets only the other one');
select is(array(select msg_id from pgmq.read('devstack_t_vt', 30, 10)), '{}'::bigint[],
          'nothing is visible while both are being processed');

create temp table sv as select * from pgmq.set_vt('devstack_t_vt', :m1, 0);
select ok((select count(*) = 1 and bool_and(msg_id = :m1 and vt <= clock_timestamp()) from sv),
          'set_vt(q, id, 0) returns the message, visible at once');
select results_eq($$ select msg_id, read_ct from pgmq.read('devstack_t_vt', 1, 10) $$,
                  format('values (%s::bigint, 2)', :m1),
                  'the message is read again and read_ct increments');
select is((select count(*)::int from pgmq.set_vt('devstack_t_vt', 999999, 0)), 0,
          'set_vt on an unknown message returns nothing');

-- Real time: a 1-second visibility timeout and a 1-second send delay both run out.
select pgmq.send('devstack_t_vt', '{"n":3}'::jsonb, 1) as m3 \gset
select is(array(select msg_id from pgmq.read('devstack_t_vt', 30, 10)), '{}'::bigint[],
          'a message sent with a delay of 1 second is not visible yet');
select pg_sleep(1.1) \g /dev/null
select is(array(select msg_id from pgmq.read('devstack_t_vt', 30, 10)), array[:m1, :m3]::bigint[],
          'after 1 second the read message (vt 1) and the delayed message are visible, in msg_id order');

-- FIFO order over several messages
select pgmq.create('devstack_t_fifo') \g /dev/null
select pgmq.send_batch('devstack_t_fifo', array['{"i":1}', '{"i":2}', '{"i":3}', '{"i":4}']::jsonb[]) \g /dev/null
select is(array(select (message ->> 'i')::int from pgmq.read('devstack_t_fifo', 30, 3)), array[1, 2, 3],
          'read with qty returns up to qty messages in the order they were sent');
select is(array(select (message ->> 'i')::int from pgmq.read(queue_name => 'devstack_t_fifo', vt => 30, qty => 5)),
          array[4], 'read accepts named arguments (queue_name, vt, qty)');

-- Conditional read
select pgmq.create('devstack_t_cond') \g /dev/null
select pgmq.send_batch('devstack_t_cond', array['{"kind":"a","n":1}', '{"kind":"b","n":2}', '{"kind":"a","n":3}']::jsonb[]) \g /dev/null
select is(array(select (message ->> 'n')::int from pgmq.read('devstack_t_cond', 30, 10, '{"kind":"a"}')), array[1, 3],
          'a conditional read returns only messages containing the condition');
select is(array(select (message ->> 'n')::int from pgmq.read('devstack_t_cond', 30, 10)), array[2],
          'messages not matching the condition stay visible');

-- ---------------------------------------------------------------------------------------------
-- Delays and headers
-- ---------------------------------------------------------------------------------------------
select pgmq.create('devstack_t_delay') \g /dev/null
select (now() + interval '1 hour') as later \gset
select pgmq.send('devstack_t_delay', '{"d":"ts"}'::jsonb, :'later'::timestamptz) as d1 \gset
select is((select vt from pgmq.q_devstack_t_delay where msg_id = :d1), :'later'::timestamptz,
          'send with a timestamptz delay makes the message visible at that instant');
select pgmq.send('devstack_t_delay', '{"d":"int"}'::jsonb, 3600) as d2 \gset
select ok((select vt > clock_timestamp() + interval '59 minutes' from pgmq.q_devstack_t_delay where msg_id = :d2),
          'send with an integer delay hides the message for that many seconds');
select pgmq.send('devstack_t_delay', '{"d":"past"}'::jsonb, now() - interval '1 minute') as d3 \gset
select is(array(select msg_id from pgmq.read('devstack_t_delay', 30, 10)), array[:d3]::bigint[],
          'delayed messages are not read; one due in the past is');
select pgmq.send(queue_name => 'devstack_t_delay', msg => '{"d":"named"}'::jsonb, delay => 0) as d4 \gset
select is(array(select msg_id from pgmq.read('devstack_t_delay', 30, 10)), array[:d4]::bigint[],
          'send accepts named arguments (queue_name, msg, delay)');

select pgmq.create('devstack_t_headers') \g /dev/null
select pgmq.send('devstack_t_headers', '{"h":1}'::jsonb, '{"trace_id":"t-1"}'::jsonb) as h1 \gset
select pgmq.send('devstack_t_headers', '{"h":2}'::jsonb, '{"trace_id":"t-2"}'::jsonb, 0) as h2 \gset
select pgmq.send('devstack_t_headers', '{"h":3}'::jsonb, '{"trace_id":"t-3"}'::jsonb, 3600) as h3 \gset
select pgmq.send('devstack_t_headers', '{"h":4}'::jsonb, '{"trace_id":"t-4"}'::jsonb, :'later'::timestamptz) as h4 \gset
select results_eq(
  $$ select message, headers from pgmq.read('devstack_t_headers', 30, 10) $$,
  $$ values ('{"h":1}'::jsonb, '{"trace_id":"t-1"}'::jsonb), ('{"h":2}'::jsonb, '{"trace_id":"t-2"}'::jsonb) $$,
  'headers travel with the message (send with headers, and with headers and a delay of 0)');
select is((select array_agg(headers ->> 'trace_id' order by msg_id) from pgmq.q_devstack_t_headers where msg_id in (:h3, :h4)),
          array['t-3', 't-4'], 'send with headers and an integer or timestamptz delay stores the headers');
select is((select vt from pgmq.q_devstack_t_headers where msg_id = :h4), :'later'::timestamptz,
          'send with headers and a timestamptz delay uses that instant');
select ok((select vt > clock_timestamp() + interval '59 minutes' from pgmq.q_devstack_t_headers where msg_id = :h3),
          'send with headers and an integer delay waits that many seconds');

-- ---------------------------------------------------------------------------------------------
-- send_batch
-- ---------------------------------------------------------------------------------------------
select pgmq.create('devstack_t_batch') \g /dev/null
create temp table b1 as
  select b as msg_id from pgmq.send_batch('devstack_t_batch', array['{"b":1}', '{"b":2}', '{"b":3}']::jsonb[]) b;
select is((select count(*)::int from b1), 3, 'send_batch returns one id per message');
select results_eq($$ select message from pgmq.q_devstack_t_batch q join b1 using (msg_id) order by msg_id $$,
                  $$ values ('{"b":1}'::jsonb), ('{"b":2}'::jsonb), ('{"b":3}'::jsonb) $$,
                  'send_batch stores the messages in array order');
create temp table b2 as
  select b as msg_id from pgmq.send_batch('devstack_t_batch', array['{"b":4}', '{"b":5}']::jsonb[],
                                          array['{"k":"x4"}', '{"k":"x5"}']::jsonb[]) b;
select is(array(select msg_id from b2 order by msg_id),
          array(select msg_id from pgmq.q_devstack_t_batch where headers is not null order by msg_id),
          'send_batch with headers returns the ids of the messages it stored');
select is(array(select headers ->> 'k' from pgmq.q_devstack_t_batch where message ->> 'b' in ('4', '5') order by msg_id),
          array['x4', 'x5'], 'send_batch pairs each message with its headers');
select pgmq.send_batch('devstack_t_batch', array['{"b":6}', '{"b":7}']::jsonb[], 3600) \g /dev/null
select pgmq.send_batch('devstack_t_batch', array['{"b":8}']::jsonb[], :'later'::timestamptz) \g /dev/null
select pgmq.send_batch('devstack_t_batch', array['{"b":9}']::jsonb[], array['{"k":"x9"}']::jsonb[], 3600) \g /dev/null
select pgmq.send_batch('devstack_t_batch', array['{"b":10}']::jsonb[], array['{"k":"x10"}']::jsonb[], :'later'::timestamptz) \g /dev/null
select is(array(select (message ->> 'b')::int from pgmq.read('devstack_t_batch', 30, 20)), array[1, 2, 3, 4, 5],
          'send_batch with a delay (integer or timestamptz, with or without headers) hides those messages');
select results_eq(
  $$ select message ->> 'b', headers ->> 'k', vt = now() + interval '1 hour' from pgmq.q_devstack_t_batch
      where (message ->> 'b')::int >= 8 order by msg_id $$,
  $$ values ('8', null, true), ('9', 'x9', false), ('10', 'x10', true) $$,
  'delayed batches keep their headers and their visibility instant');

-- ---------------------------------------------------------------------------------------------
-- archive, delete, pop, purge
-- ---------------------------------------------------------------------------------------------
select pgmq.create('devstack_t_ack') \g /dev/null
select pgmq.send('devstack_t_ack', '{"a":1}'::jsonb, '{"trace_id":"arch"}'::jsonb) as a1 \gset
select pgmq.read('devstack_t_ack', 30, 1) \g /dev/null
select is(pgmq.archive('devstack_t_ack', :a1::bigint), true, 'archive returns true for an existing message');
select ok(not exists (select from pgmq.q_devstack_t_ack where msg_id = :a1), 'an archived message leaves the queue');
select results_eq(
  $$ select message, headers, read_ct, archived_at is not null and archived_at <= clock_timestamp()
       from pgmq.a_devstack_t_ack $$,
  $$ values ('{"a":1}'::jsonb, '{"trace_id":"arch"}'::jsonb, 1, true) $$,
  'the archive row keeps message, headers and read_ct and sets archived_at');
select is((select msg_id from pgmq.a_devstack_t_ack), :a1::bigint, 'the archive row keeps the msg_id');
select is(pgmq.archive('devstack_t_ack', 999999::bigint), false, 'archiving an unknown message returns false');
create temp table ack as
  select b as msg_id from pgmq.send_batch('devstack_t_ack', array['{"a":2}', '{"a":3}', '{"a":4}', '{"a":5}', '{"a":6}']::jsonb[]) b;
select is(array(select a from pgmq.archive('devstack_t_ack', array[(select min(msg_id) from ack), (select min(msg_id) + 1 from ack), 999999]) a order by a),
          array[(select min(msg_id) from ack), (select min(msg_id) + 1 from ack)],
          'archive(q, ids[]) returns the ids it moved, skipping unknown ones');
select is((select count(*)::int from pgmq.a_devstack_t_ack), 3, 'the archive now holds three messages');

select is(pgmq.delete('devstack_t_ack', (select min(msg_id) + 2 from ack)), true, 'delete returns true for an existing message');
select is(pgmq.delete('devstack_t_ack', (select min(msg_id) + 2 from ack)), false, 'deleting it again returns false');
select is(array(select d from pgmq.delete('devstack_t_ack', array[(select min(msg_id) + 3 from ack), 999999]) d),
          array[(select min(msg_id) + 3 from ack)], 'delete(q, ids[]) returns the ids it deleted');
select is(array(select msg_id from pgmq.q_devstack_t_ack), array[(select max(msg_id) from ack)],
          'only the untouched message is left in the queue');

select pgmq.create('devstack_t_pop') \g /dev/null
select pgmq.send('devstack_t_pop', '{"p":"hidden"}'::jsonb, 3600) \g /dev/null
select pgmq.send('devstack_t_pop', '{"p":1}'::jsonb) as p1 \gset
select pgmq.send('devstack_t_pop', '{"p":2}'::jsonb) as p2 \gset
create temp table popped as select * from pgmq.pop('devstack_t_pop');
select results_eq($$ select msg_id, read_ct, message from popped $$,
                  format($$ values (%s::bigint, 0, '{"p":1}'::jsonb) $$, :p1),
                  'pop returns the first visible message with read_ct not incremented');
select ok(not exists (select from pgmq.q_devstack_t_pop where msg_id = :p1), 'pop deletes the message');
select is(array(select msg_id from pgmq.pop('devstack_t_pop')), array[:p2]::bigint[], 'the next pop gets the next message');
select is((select count(*)::int from pgmq.pop('devstack_t_pop')), 0, 'pop skips invisible messages and returns nothing when none is visible');

select pgmq.create('devstack_t_purge') \g /dev/null
select pgmq.send_batch('devstack_t_purge', array['{}', '{}', '{}', '{}']::jsonb[]) \g /dev/null
select pgmq.read('devstack_t_purge', 30, 1) \g /dev/null
select is(pgmq.purge_queue('devstack_t_purge'), 4::bigint, 'purge_queue returns how many messages it removed, visible or not');
select is((select count(*)::int from pgmq.q_devstack_t_purge), 0, 'the purged queue is empty');
select is(pgmq.purge_queue('devstack_t_purge'), 0::bigint, 'purging an empty queue returns 0');

-- ---------------------------------------------------------------------------------------------
-- read_with_poll
-- ---------------------------------------------------------------------------------------------
select pgmq.create('devstack_t_poll') \g /dev/null
select pgmq.send('devstack_t_poll', '{"kind":"x"}'::jsonb) as w1 \gset
select is(array(select msg_id from pgmq.read_with_poll('devstack_t_poll', 30, 5)), array[:w1]::bigint[],
          'read_with_poll returns visible messages');
select clock_timestamp() as poll_started \gset
select is((select count(*)::int from pgmq.read_with_poll('devstack_t_poll', 30, 5, 1, 50)), 0,
          'read_with_poll on an empty queue returns nothing after max_poll_seconds');
select ok(clock_timestamp() - :'poll_started'::timestamptz >= interval '900 milliseconds',
          'read_with_poll keeps polling for max_poll_seconds');
select pgmq.send('devstack_t_poll', '{"kind":"y"}'::jsonb) as w2 \gset
select is(array(select msg_id from pgmq.read_with_poll('devstack_t_poll', 30, 5, 1, 50, '{"kind":"y"}')), array[:w2]::bigint[],
          'read_with_poll takes a condition');

-- ---------------------------------------------------------------------------------------------
-- Metrics
-- ---------------------------------------------------------------------------------------------
select pgmq.create('devstack_t_metrics') \g /dev/null
select results_eq(
  $$ select queue_name, queue_length, newest_msg_age_sec, oldest_msg_age_sec, total_messages, queue_visible_length
       from pgmq.metrics('devstack_t_metrics') $$,
  $$ values ('devstack_t_metrics'::text, 0::bigint, null::int, null::int, 0::bigint, 0::bigint) $$,
  'metrics of a new queue: empty, no ages, nothing sent');
select pgmq.send_batch('devstack_t_metrics', array['{"m":1}', '{"m":2}', '{"m":3}', '{"m":4}']::jsonb[]) \g /dev/null
select pgmq.send('devstack_t_metrics', '{"m":5}'::jsonb, 3600) \g /dev/null
select pgmq.read('devstack_t_metrics', 30, 1) \g /dev/null
select pgmq.delete('devstack_t_metrics', (select min(msg_id) + 1 from pgmq.q_devstack_t_metrics)) \g /dev/null
select pgmq.archive('devstack_t_metrics', (select min(msg_id) + 2 from pgmq.q_devstack_t_metrics)) \g /dev/null
-- left: m1 (being read), m4 (visible), m5 (delayed); sent 5 in all
select results_eq(
  $$ select queue_name, queue_length, newest_msg_age_sec, oldest_msg_age_sec, total_messages, queue_visible_length
       from pgmq.metrics('devstack_t_metrics') $$,
  $$ values ('devstack_t_metrics'::text, 3::bigint, 0, 0, 5::bigint, 1::bigint) $$,
  'metrics: queue_length counts stored messages, queue_visible_length the visible ones, total_messages every message sent');
select ok((select scrape_time = now() from pgmq.metrics('devstack_t_metrics')), 'metrics reports scrape_time');
select is((select count(*)::int from pgmq.metrics_all()), (select count(*)::int from pgmq.list_queues()),
          'metrics_all has one row per queue');
select results_eq(
  $$ select queue_name, queue_length, total_messages, queue_visible_length from pgmq.metrics_all()
      where queue_name = 'devstack_t_metrics' $$,
  $$ select queue_name, queue_length, total_messages, queue_visible_length from pgmq.metrics('devstack_t_metrics') $$,
  'metrics_all agrees with metrics');
select pgmq.purge_queue('devstack_t_metrics') \g /dev/null
select is((select total_messages from pgmq.metrics('devstack_t_metrics')), 5::bigint, 'purging does not reset total_messages');

-- ---------------------------------------------------------------------------------------------
-- Errors: unknown queues, bad names
-- ---------------------------------------------------------------------------------------------
select throws_ok($$ select * from pgmq.read('devstack_t_missing', 30, 1) $$, '42P01', null,
                 'reading a queue that does not exist fails (undefined table)');
select throws_ok($$ select pgmq.send('devstack_t_missing', '{}'::jsonb) $$, '42P01', null,
                 'sending to a queue that does not exist fails (undefined table)');

select throws_ok($$ select pgmq.create('') $$, '22023', null, 'an empty queue name is rejected');
select throws_ok(format('select pgmq.create(%L)', repeat('n', 48)), '22023', null, 'a 48-character queue name is rejected');
select throws_ok($$ select pgmq.create('bad-name') $$, '22023', null, 'a queue name with - is rejected');
select throws_ok($$ select pgmq.create('bad''name') $$, '22023', null, 'a queue name with a quote is rejected');
select throws_ok($$ select pgmq.create('bad;name') $$, '22023', null, 'a queue name with ; is rejected');
select throws_ok($$ select pgmq.create('bad name') $$, '22023', null, 'a queue name with a space is rejected');
select throws_ok($$ select pgmq.create('x; drop table pgmq.meta; --') $$, '22023', null, 'an injection attempt is rejected');
select has_table('pgmq', 'meta', 'pgmq.meta is still there');
select throws_matching($$ select pgmq.create('bad-name') $$, '''bad-name''.*47 characters',
                       'the error names the queue and states the rule');

-- Every function that takes a queue name checks it the same way.
create temp table bad_name_calls (call text);
insert into bad_name_calls values
  ($$ select pgmq.create_unlogged('a-b') $$), ($$ select pgmq.drop_queue('a-b') $$),
  ($$ select pgmq.purge_queue('a-b') $$), ($$ select pgmq.send('a-b', '{}'::jsonb) $$),
  ($$ select pgmq.send('a-b', '{}'::jsonb, 1) $$), ($$ select pgmq.send('a-b', '{}'::jsonb, now()) $$),
  ($$ select pgmq.send('a-b', '{}'::jsonb, '{}'::jsonb) $$), ($$ select pgmq.send('a-b', '{}'::jsonb, '{}'::jsonb, 1) $$),
  ($$ select pgmq.send('a-b', '{}'::jsonb, '{}'::jsonb, now()) $$), ($$ select pgmq.send_batch('a-b', array['{}']::jsonb[]) $$),
  ($$ select pgmq.send_batch('a-b', array['{}']::jsonb[], 1) $$), ($$ select pgmq.send_batch('a-b', array['{}']::jsonb[], now()) $$),
  ($$ select pgmq.send_batch('a-b', array['{}']::jsonb[], array['{}']::jsonb[]) $$),
  ($$ select pgmq.send_batch('a-b', array['{}']::jsonb[], array['{}']::jsonb[], 1) $$),
  ($$ select pgmq.send_batch('a-b', array['{}']::jsonb[], array['{}']::jsonb[], now()) $$),
  ($$ select pgmq.read('a-b', 1, 1) $$), ($$ select pgmq.read_with_poll('a-b', 1, 1, 1, 10) $$),
  ($$ select pgmq.pop('a-b') $$), ($$ select pgmq.set_vt('a-b', 1, 0) $$),
  ($$ select pgmq.delete('a-b', 1::bigint) $$), ($$ select pgmq.delete('a-b', array[1]::bigint[]) $$),
  ($$ select pgmq.archive('a-b', 1::bigint) $$), ($$ select pgmq.archive('a-b', array[1]::bigint[]) $$),
  ($$ select pgmq.metrics('a-b') $$);
create temp table bad_name_results (call text, sqlstate text);
do $$
declare
  c text;
begin
  for c in select call from bad_name_calls loop
    begin
      execute c;
      insert into bad_name_results values (c, 'no error');
    exception when others then
      insert into bad_name_results values (c, sqlstate);
    end;
  end loop;
end
$$;
select is(array(select call || ': ' || sqlstate from bad_name_results where sqlstate <> '22023'), '{}'::text[],
          'every pgmq function rejects a bad queue name with 22023');

-- ---------------------------------------------------------------------------------------------
-- Access: like Supabase, the pgmq schema is for postgres and service_role only
-- ---------------------------------------------------------------------------------------------
select ok(not has_schema_privilege('anon', 'pgmq', 'usage'), 'anon cannot use the pgmq schema');
select ok(not has_schema_privilege('authenticated', 'pgmq', 'usage'), 'authenticated cannot use the pgmq schema');
select ok(has_schema_privilege('service_role', 'pgmq', 'usage'), 'service_role can use the pgmq schema');
select pgmq.create('devstack_t_roles') \g /dev/null
set local role service_role;
select lives_ok($$ select pgmq.send('devstack_t_roles', '{"r":1}'::jsonb) $$, 'service_role can send');
select is((select count(*)::int from pgmq.read('devstack_t_roles', 30, 5)), 1, 'service_role can read');
select is((select queue_length from pgmq.metrics('devstack_t_roles')), 1::bigint, 'service_role can read metrics');
reset role;
set local role authenticated;
select throws_ok($$ select pgmq.send('devstack_t_roles', '{"r":2}'::jsonb) $$, '42501', null, 'authenticated cannot send');
reset role;
set local role anon;
select throws_ok($$ select * from pgmq.read('devstack_t_roles', 30, 5) $$, '42501', null, 'anon cannot read');
reset role;

-- ---------------------------------------------------------------------------------------------
-- Concurrent readers (two other sessions through dblink, on committed data): a message one
-- consumer holds is never handed to another, and comes back if that consumer rolls back.
-- This transaction must not touch the dblink queue's tables (it would block their cleanup).
-- ---------------------------------------------------------------------------------------------
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
