-- pgmq compatibility, sending: delays (seconds and timestamps), headers and send_batch, as pgmq 1.5.1 does.
begin;
select plan(14);

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

select * from finish();
rollback;
