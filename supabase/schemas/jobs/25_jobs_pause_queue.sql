-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.jobs_pause_queue, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.jobs_pause_queue(queue text, reason text DEFAULT NULL::text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.jobs_pause_queue(queue, reason) $$;

CREATE FUNCTION private.jobs_pause_queue(queue text, reason text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.pause_queue(queue, reason);
  perform audit.record('job_queue.pause', 'job_queue', queue, null, null, null, reason);
end
$$;

REVOKE ALL ON FUNCTION public.jobs_pause_queue(queue text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_pause_queue(queue text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_pause_queue(queue text, reason text) TO service_role;
GRANT ALL ON FUNCTION public.jobs_pause_queue(queue text, reason text) TO authenticated;

COMMENT ON FUNCTION public.jobs_pause_queue(queue text, reason text) IS 'Pauses a queue: its jobs wait until it is resumed (jobs.operate, with an optional reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.jobs_pause_queue(queue text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.jobs_pause_queue(queue text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.jobs_pause_queue(queue text, reason text) TO service_role;
GRANT ALL ON FUNCTION private.jobs_pause_queue(queue text, reason text) TO authenticated;
