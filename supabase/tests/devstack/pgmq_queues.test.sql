-- pgmq compatibility: queues are created, listed and dropped as pgmq 1.5.1 does.
begin;
select plan(22);

-- ── Queues: create, list, drop
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

select * from finish();
rollback;
