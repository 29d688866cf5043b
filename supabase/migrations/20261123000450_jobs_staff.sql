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
