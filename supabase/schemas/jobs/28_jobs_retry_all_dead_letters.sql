CREATE FUNCTION public.jobs_retry_all_dead_letters(queue text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  retried int := private.retry_all_dead_letters(queue);
begin
  perform audit.record('job.retry_all_dead_letters', 'job_queue', queue, null, jsonb_build_object('retried', retried));
  return retried;
end
$$;

REVOKE ALL ON FUNCTION public.jobs_retry_all_dead_letters(queue text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_retry_all_dead_letters(queue text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_retry_all_dead_letters(queue text) TO service_role;
GRANT ALL ON FUNCTION public.jobs_retry_all_dead_letters(queue text) TO authenticated;
