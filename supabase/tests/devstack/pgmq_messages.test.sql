-- pgmq compatibility: messages are sent, read (visibility timeout, FIFO, conditional), delayed, sent
-- in batches, archived, deleted, popped, purged, polled and counted as pgmq 1.5.1 does.
begin;
select plan(57);

-- ── send and read with the visibility timeout
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

-- ── Delays and headers
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

-- ── send_batch
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

-- ── archive, delete, pop, purge
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

-- ── read_with_poll
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

-- ── Metrics
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

select * from finish();
rollback;
