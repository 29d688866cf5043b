-- Jobs operated by HQ staff (C10 × C2): the jobs backbone's single operator check now reads the
-- staff permission `jobs.operate` (tech_admin, super_admin), at aal2, at call time. The service
-- role and database-side work (pg_cron, migrations) keep passing, as private.assert_permission
-- lets trusted callers through. complete_job / fail_job stay service-role only: they are
-- acknowledgements from Edge Functions, not operator actions.

create or replace function private.assert_job_operator()
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_permission('jobs.operate');
end
$$;

grant execute on function
  private.assert_job_operator(),
  private.retry_dead_letter(text, bigint), private.retry_all_dead_letters(text), private.discard_dead_letter(text, bigint),
  private.pause_queue(text, text), private.resume_queue(text), private.queue_stats(), private.list_cron_jobs()
to authenticated;

grant execute on function
  public.jobs_retry_dead_letter(text, bigint), public.jobs_retry_all_dead_letters(text), public.jobs_discard_dead_letter(text, bigint),
  public.jobs_pause_queue(text, text), public.jobs_resume_queue(text), public.jobs_queue_stats(), public.jobs_cron_jobs()
to authenticated;

-- Operator actions are state changes: the RPCs staff call record each one in the audit log, in
-- the same transaction as the action (a refused or failed action records nothing).
create or replace function public.jobs_retry_dead_letter(queue text, job_id bigint)
returns bigint language plpgsql security definer set search_path = ''
as $$
declare
  new_job bigint := private.retry_dead_letter(queue, job_id);
begin
  perform audit.record('job.retry_dead_letter', 'job', job_id::text, null, jsonb_build_object('queue', queue, 'retried_as', new_job));
  return new_job;
end
$$;

create or replace function public.jobs_retry_all_dead_letters(queue text)
returns int language plpgsql security definer set search_path = ''
as $$
declare
  retried int := private.retry_all_dead_letters(queue);
begin
  perform audit.record('job.retry_all_dead_letters', 'job_queue', queue, null, jsonb_build_object('retried', retried));
  return retried;
end
$$;

create or replace function public.jobs_discard_dead_letter(queue text, job_id bigint)
returns void language plpgsql security definer set search_path = ''
as $$
begin
  perform private.discard_dead_letter(queue, job_id);
  perform audit.record('job.discard_dead_letter', 'job', job_id::text, null, jsonb_build_object('queue', queue));
end
$$;

create or replace function public.jobs_pause_queue(queue text, reason text default null)
returns void language plpgsql security definer set search_path = ''
as $$
begin
  perform private.pause_queue(queue, reason);
  perform audit.record('job_queue.pause', 'job_queue', queue, null, null, null, reason);
end
$$;

create or replace function public.jobs_resume_queue(queue text)
returns void language plpgsql security definer set search_path = ''
as $$
begin
  perform private.resume_queue(queue);
  perform audit.record('job_queue.resume', 'job_queue', queue);
end
$$;
