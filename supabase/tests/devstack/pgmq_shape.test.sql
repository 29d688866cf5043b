-- pgmq compatibility, its shape: the pgmq 1.5.1 API the project relies on (schema, metadata table,
-- record types, functions with their signatures and results), checked against whichever pgmq the
-- server has (devstack's stand-in, or the real extension on Supabase).
begin;
select plan(6);

-- ── Shape: schema, metadata table, record types, functions with their signatures and results
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

select * from finish();
rollback;
