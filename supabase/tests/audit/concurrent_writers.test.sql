-- Concurrent audit writers serialise on the chain instead of forking it. This file writes
-- nothing in its own transaction: it would hold the chain lock the two writers wait for.
begin;
select plan(3);

select dblink_connect('audit_a', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('audit_b', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_send_query('audit_a', $$ select count(audit.record('test.concurrent', 'probe', 'a' || g)) from generate_series(1, 40) g $$);
select dblink_send_query('audit_b', $$ select count(audit.record('test.concurrent', 'probe', 'b' || g)) from generate_series(1, 40) g $$);
select * from dblink_get_result('audit_a') as t(n bigint);
select * from dblink_get_result('audit_b') as t(n bigint);
select dblink_disconnect('audit_a');
select dblink_disconnect('audit_b');

select is((select count(*) from audit.log where action = 'test.concurrent'), 80::bigint, 'both writers'' entries are in');
select is((select count(distinct prev_hash) = count(*) from audit.log), true, 'no two rows share a previous hash (no fork)');
select results_eq($$ select ok from audit.verify_chain() $$, $$ values (true) $$, 'the chain verifies after concurrent writes');

select * from finish();
rollback;
