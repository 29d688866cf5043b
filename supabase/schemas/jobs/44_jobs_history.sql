-- The operations console's job history: attempts from private.job_runs, newest first, filtered by
-- queue, outcome and time window, and searched by job type, job id or error text (jobs.read).
CREATE FUNCTION public.jobs_history(search text DEFAULT NULL, queue text DEFAULT NULL, run_outcome text DEFAULT NULL, since timestamp with time zone DEFAULT NULL, until timestamp with time zone DEFAULT NULL, max_rows integer DEFAULT 200) RETURNS TABLE(id bigint, job_id bigint, queue_name text, job_type text, attempt integer, handler_kind text, started_at timestamp with time zone, ended_at timestamp with time zone, duration_ms numeric, outcome text, error_message text, error_sqlstate text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.jobs_history(search, queue, run_outcome, since, until, max_rows) $$;

CREATE FUNCTION private.jobs_history(search text, queue text, run_outcome text, since timestamp with time zone, until timestamp with time zone, max_rows integer) RETURNS TABLE(id bigint, job_id bigint, queue_name text, job_type text, attempt integer, handler_kind text, started_at timestamp with time zone, ended_at timestamp with time zone, duration_ms numeric, outcome text, error_message text, error_sqlstate text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_search text := nullif(btrim(jobs_history.search), '');
begin
  perform private.assert_permission('jobs.read');
  if length(v_search) > private.input_limit('name') then
    perform private.fail('jobs.invalid_search', format('the search is longer than %s characters', private.input_limit('name')));
  end if;
  return query
  select r.id, r.job_id, r.queue_name, r.job_type, r.attempt, r.handler_kind, r.started_at, r.ended_at, r.duration_ms,
         r.outcome, r.error_message, r.error_sqlstate
  from private.job_runs r
  where (jobs_history.queue is null or r.queue_name = jobs_history.queue)
    and (jobs_history.run_outcome is null or r.outcome = jobs_history.run_outcome)
    and (jobs_history.since is null or r.started_at >= jobs_history.since)
    and (jobs_history.until is null or r.started_at < jobs_history.until)
    and (v_search is null or r.job_type ilike '%' || v_search || '%' or r.job_id::text = v_search
         or r.error_message ilike '%' || v_search || '%')
  order by r.started_at desc, r.id desc
  limit least(greatest(coalesce(jobs_history.max_rows, 200), 1), 1000);
end
$$;

REVOKE ALL ON FUNCTION public.jobs_history(search text, queue text, run_outcome text, since timestamp with time zone, until timestamp with time zone, max_rows integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.jobs_history(search text, queue text, run_outcome text, since timestamp with time zone, until timestamp with time zone, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.jobs_history(search text, queue text, run_outcome text, since timestamp with time zone, until timestamp with time zone, max_rows integer) TO service_role;
GRANT ALL ON FUNCTION public.jobs_history(search text, queue text, run_outcome text, since timestamp with time zone, until timestamp with time zone, max_rows integer) TO authenticated;

COMMENT ON FUNCTION public.jobs_history(search text, queue text, run_outcome text, since timestamp with time zone, until timestamp with time zone, max_rows integer) IS 'Job attempts, newest first: filter by queue, run_outcome and [since, until); search matches the job type or error text (substring) or the job id (at most max_rows, 1..1000; jobs.read).';

REVOKE ALL ON FUNCTION private.jobs_history(search text, queue text, run_outcome text, since timestamp with time zone, until timestamp with time zone, max_rows integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.jobs_history(search text, queue text, run_outcome text, since timestamp with time zone, until timestamp with time zone, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.jobs_history(search text, queue text, run_outcome text, since timestamp with time zone, until timestamp with time zone, max_rows integer) TO service_role;
GRANT ALL ON FUNCTION private.jobs_history(search text, queue text, run_outcome text, since timestamp with time zone, until timestamp with time zone, max_rows integer) TO authenticated;
