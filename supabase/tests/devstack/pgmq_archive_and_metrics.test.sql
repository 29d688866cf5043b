-- pgmq compatibility: messages archived, deleted, popped and purged, and queues counted (metrics,
-- metrics_all), as pgmq 1.5.1 does.
begin;
select plan(24);

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
