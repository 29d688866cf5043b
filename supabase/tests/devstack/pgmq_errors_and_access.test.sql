-- pgmq compatibility: unknown queues and bad names are refused the same way by every function;
-- like Supabase, the pgmq schema is for postgres and service_role only.
begin;
select plan(20);

-- ── Errors: unknown queues, bad names
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

-- ── Access: like Supabase, the pgmq schema is for postgres and service_role only
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

select * from finish();
rollback;
