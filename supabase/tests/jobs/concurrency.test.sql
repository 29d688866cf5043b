-- Two dispatchers at once never run the same job; the scheduled runner is single-instance.
-- Jobs must be committed for other sessions to see them, so this file works through dblink and
-- removes everything it committed at the end. While it runs, the scheduled dispatcher is
-- deactivated and its lock held here, so only the dispatchers started below touch the jobs.
begin;
select plan(13);

select format('host=127.0.0.1 port=%s dbname=%s user=postgres password=postgres', current_setting('port'), current_database()) as conninfo \gset
select extensions.dblink_connect('jobs_setup', :'conninfo');
select extensions.dblink_connect('jobs_a', :'conninfo');
select extensions.dblink_connect('jobs_b', :'conninfo');

-- Waits (bounded) until `expected` sessions are blocked on the gate lock.
create function pg_temp.wait_for_gate_waiters(expected int) returns boolean language plpgsql as $$
begin
  for i in 1..600 loop
    if (select count(*) from pg_locks where locktype = 'advisory' and objid = 7316001 and objsubid = 1 and not granted) >= expected then
      return true;
    end if;
    perform pg_sleep(0.05);
  end loop;
  return false;
end
$$;

-- ─── take the scheduled dispatcher out of the way ──────────────────────────────────────────
select active as dispatcher_was_active from cron.job where jobname = 'jobs.dispatch' \gset
select extensions.dblink_exec('jobs_setup',
  $x$do $d$ begin perform cron.alter_job(jobid, active := false) from cron.job where jobname = 'jobs.dispatch'; end $d$ $x$);
select pg_advisory_lock(private.job_dispatcher_lock_id());

-- ─── committed fixtures: a queue whose handler blocks on a gate this session holds ─────────
select extensions.dblink_exec('jobs_setup', $setup$
  create schema jobs_c;
  create table jobs_c.runs (job_id bigint, dispatcher_pid int);
  create function jobs_c.gated(payload jsonb, job jsonb) returns void language plpgsql as $$
  begin
    insert into jobs_c.runs values ((job ->> 'job_id')::bigint, pg_backend_pid());
    perform pg_advisory_lock_shared(7316001);
    perform pg_advisory_unlock_shared(7316001);
  end
  $$;
  do $d$
  begin
    perform private.create_job_queue('jobs_c', 'concurrency test queue', batch_size => 3);
    perform private.register_job_handler('jobs_c.gated', sql_handler => 'jobs_c.gated(jsonb, jsonb)'::regprocedure);
    perform private.enqueue('jobs_c', 'jobs_c.gated', jsonb_build_object('n', n)) from generate_series(1, 6) n;
  end
  $d$;
$setup$);

select pg_advisory_lock(7316001);
select a as pid_a from extensions.dblink('jobs_a', 'select pg_backend_pid()') as t(a int) \gset
select b as pid_b from extensions.dblink('jobs_b', 'select pg_backend_pid()') as t(b int) \gset

-- Dispatcher A takes a batch of three and blocks inside its first job; then B starts.
select extensions.dblink_send_query('jobs_a', $$select private.dispatch('jobs_c')$$);
select ok(pg_temp.wait_for_gate_waiters(1), 'dispatcher A is inside its first job');
select extensions.dblink_send_query('jobs_b', $$select private.dispatch('jobs_c')$$);
select ok(pg_temp.wait_for_gate_waiters(2), 'dispatcher B runs at the same time, inside a job of its own');
select pg_advisory_unlock(7316001);

select is((select n from extensions.dblink_get_result('jobs_a') as t(n int)), 3, 'A handled its batch of three');
select is((select n from extensions.dblink_get_result('jobs_b') as t(n int)), 3, 'B handled the other three');
select extensions.dblink_get_result('jobs_a');
select extensions.dblink_get_result('jobs_b');

select is((select count(*)::int from jobs_c.runs), 6, 'six handler runs');
select is((select count(distinct job_id)::int from jobs_c.runs), 6, 'of six different jobs: none ran twice');
select results_eq(
  format('select dispatcher_pid, count(*)::int from jobs_c.runs group by 1 order by 2, 1'),
  format('values (least(%s, %s), 3), (greatest(%s, %s), 3)', :pid_a, :pid_b, :pid_a, :pid_b),
  'each dispatcher ran exactly its own three');
select results_eq(
  $$select count(*)::int, count(distinct job_id)::int, bool_and(outcome = 'succeeded' and attempt = 1)
    from private.job_runs where queue_name = 'jobs_c'$$,
  $$values (6, 6, true)$$, 'six first attempts in the history, all succeeded');
select is((select count(*)::int from pgmq.q_jobs_c), 0, 'the queue is empty');

-- ─── the scheduled runner ──────────────────────────────────────────────────────────────────
select extensions.dblink_exec('jobs_setup',
  $x$do $d$ begin perform private.enqueue('jobs_c', 'jobs_c.gated', '{"runner": true}') from generate_series(1, 2); end $d$ $x$);
select extensions.dblink_exec('jobs_a', private.dispatcher_command(max_seconds => 0, cron_job_name => null));
select is((select count(*)::int from pgmq.q_jobs_c), 2, 'a runner gives up while another holds the dispatcher lock');
select pg_advisory_unlock(private.job_dispatcher_lock_id());
select extensions.dblink_exec('jobs_a', private.dispatcher_command(max_seconds => 0, cron_job_name => null));
select is((select count(*)::int from pgmq.q_jobs_c), 0, 'with the lock free, one round dispatches the due jobs');
select is((select count(*)::int from jobs_c.runs where dispatcher_pid = :pid_a), 5, 'in the runner''s session, and committed');
select extensions.dblink_exec('jobs_setup',
  $x$do $d$ begin perform private.enqueue('jobs_c', 'jobs_c.gated', '{"stopped": true}'); end $d$ $x$);
select extensions.dblink_exec('jobs_a', private.dispatcher_command(max_seconds => 5, cron_job_name => 'jobs.dispatch'));
select is((select count(*)::int from pgmq.q_jobs_c), 1, 'a runner started by a deactivated cron job stops before dispatching');

select * from finish();
rollback;

-- ─── remove what was committed, restore the scheduled dispatcher ───────────────────────────
-- After the rollback: dropping the queue needs the locks this session's reads held.
select extensions.dblink_exec('jobs_setup', $cleanup$
  delete from private.job_runs where queue_name = 'jobs_c';
  delete from private.job_handlers where job_type = 'jobs_c.gated';
  delete from private.job_queues where queue_name = 'jobs_c';
  do $d$ begin perform pgmq.drop_queue('jobs_c'); perform pgmq.drop_queue('jobs_c_dlq'); end $d$;
  drop schema jobs_c cascade;
$cleanup$);
select extensions.dblink_exec('jobs_setup',
  format($x$do $d$ begin perform cron.alter_job(jobid, active := %L) from cron.job where jobname = 'jobs.dispatch'; end $d$ $x$, :'dispatcher_was_active'));
select extensions.dblink_disconnect('jobs_setup');
select extensions.dblink_disconnect('jobs_a');
select extensions.dblink_disconnect('jobs_b');
