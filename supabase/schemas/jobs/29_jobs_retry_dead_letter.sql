CREATE FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  new_job bigint := private.retry_dead_letter(queue, job_id);
begin
  perform audit.record('job.retry_dead_letter', 'job', job_id::text, null, jsonb_build_object('queue', queue, 'retried_as', new_job));
  return new_job;
end
$$;

REVOKE ALL ON FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) TO service_role;
GRANT ALL ON FUNCTION public.jobs_retry_dead_letter(queue text, job_id bigint) TO authenticated;
