CREATE FUNCTION private.queue_stats() RETURNS SETOF private.job_stats
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('jobs.read');
  return query select * from private.job_stats s order by s.queue_name;
end
$$;

REVOKE ALL ON FUNCTION private.queue_stats() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.queue_stats() FROM PUBLIC;
GRANT ALL ON FUNCTION private.queue_stats() TO service_role;
GRANT ALL ON FUNCTION private.queue_stats() TO authenticated;
