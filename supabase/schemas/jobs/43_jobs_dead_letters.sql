-- The operations console's dead-letter list: what failed for good in one queue, newest first, with the
-- last error, so an operator can decide to retry or discard (jobs.read: auditors see it too).
CREATE FUNCTION public.jobs_dead_letters(queue text, max_rows integer DEFAULT 100) RETURNS TABLE(job_id bigint, job_type text, attempts integer, last_error jsonb, dead_lettered_at timestamp with time zone, enqueued_at timestamp with time zone, payload jsonb)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.jobs_dead_letters(queue, max_rows) $$;

CREATE FUNCTION private.jobs_dead_letters(queue text, max_rows integer) RETURNS TABLE(job_id bigint, job_type text, attempts integer, last_error jsonb, dead_lettered_at timestamp with time zone, enqueued_at timestamp with time zone, payload jsonb)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_queue private.job_queues;
begin
  perform private.assert_permission('jobs.read');
  v_queue := private.job_queue(jobs_dead_letters.queue);
  return query execute format(
    'select (m.message ->> ''job_id'')::bigint, m.message ->> ''job_type'', (m.message ->> ''attempts'')::int,
            m.message -> ''last_error'', (m.message ->> ''dead_lettered_at'')::timestamptz, m.enqueued_at, m.message -> ''payload''
     from pgmq.%I m order by m.msg_id desc limit $1', 'q_' || v_queue.dead_letter_queue)
    using least(greatest(coalesce(jobs_dead_letters.max_rows, 100), 1), 1000);
end
$_$;

REVOKE ALL ON FUNCTION public.jobs_dead_letters(queue text, max_rows integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_dead_letters(queue text, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_dead_letters(queue text, max_rows integer) TO service_role;
GRANT ALL ON FUNCTION public.jobs_dead_letters(queue text, max_rows integer) TO authenticated;

COMMENT ON FUNCTION public.jobs_dead_letters(queue text, max_rows integer) IS 'The dead-lettered jobs of one queue, newest first (at most max_rows, 1..1000): job id and type, attempts, last error, when (jobs.read).';

REVOKE ALL ON FUNCTION private.jobs_dead_letters(queue text, max_rows integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.jobs_dead_letters(queue text, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.jobs_dead_letters(queue text, max_rows integer) TO service_role;
GRANT ALL ON FUNCTION private.jobs_dead_letters(queue text, max_rows integer) TO authenticated;
