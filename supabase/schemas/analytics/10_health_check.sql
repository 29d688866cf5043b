-- Uptime check: ok/fail per component and nothing else (safe for anon: no counts, names or errors).
-- database: this query ran. queues: every declared queue and its dead-letter queue exist in pgmq.
-- cron: every calendar schedule is declared and active in pg_cron, and the dispatcher's latest run
-- did not fail. vault: the secrets pg_net calls need (project_url, service_role_key) are present.
create function public.health_check() returns jsonb
  language sql stable
  set search_path = ''
as $$ select private.health_check() $$;

create function private.health_check() returns jsonb
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  queues_ok boolean;
  cron_ok boolean;
  vault_ok boolean;
begin
  select not exists (
    select from private.job_queues q
    where not exists (select from pgmq.meta m where m.queue_name = q.queue_name)
       or not exists (select from pgmq.meta m where m.queue_name = q.dead_letter_queue))
  into queues_ok;

  select not exists (
           select from private.cron_calendar c
           where not exists (select from cron.job j where j.jobname = c.job_name and j.active))
     and coalesce((select d.status <> 'failed' from cron.job_run_details d
                   join cron.job j on j.jobid = d.jobid and j.jobname = 'jobs.dispatch'
                   order by d.start_time desc nulls last limit 1), true)
  into cron_ok;

  select (select count(distinct s.name) from vault.secrets s where s.name in ('project_url', 'service_role_key')) = 2
  into vault_ok;

  return jsonb_build_object(
    'status', case when queues_ok and cron_ok and vault_ok then 'ok' else 'fail' end,
    'components', jsonb_build_object(
      'database', 'ok',
      'queues', case when queues_ok then 'ok' else 'fail' end,
      'cron', case when cron_ok then 'ok' else 'fail' end,
      'vault', case when vault_ok then 'ok' else 'fail' end));
end
$$;

revoke all on function public.health_check() from public, anon, authenticated, service_role;
grant execute on function public.health_check() to authenticated, service_role;
comment on function public.health_check() is 'Health for uptime checks: {status, components: {database, queues, cron, vault}} each ok or fail, nothing else (service_role and staff; the output is safe to serve to anonymous uptime checkers).';
revoke all on function private.health_check() from public, anon, authenticated, service_role;
grant execute on function private.health_check() to authenticated, service_role;
