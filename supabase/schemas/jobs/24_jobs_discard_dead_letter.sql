CREATE FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.discard_dead_letter(queue, job_id);
  perform audit.record('job.discard_dead_letter', 'job', job_id::text, null, jsonb_build_object('queue', queue));
end
$$;

REVOKE ALL ON FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) TO service_role;
GRANT ALL ON FUNCTION public.jobs_discard_dead_letter(queue text, job_id bigint) TO authenticated;
