-- pgmq compatibility, reading: the visibility timeout, set_vt, FIFO order, conditional reads and
-- read_with_poll, as pgmq 1.5.1 does.
begin;
select plan(19);

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

select * from finish();
rollback;
