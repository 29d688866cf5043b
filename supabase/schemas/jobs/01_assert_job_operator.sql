CREATE FUNCTION private.assert_job_operator() RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('jobs.operate');
end
$$;

REVOKE ALL ON FUNCTION private.assert_job_operator() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_job_operator() FROM PUBLIC;
GRANT ALL ON FUNCTION private.assert_job_operator() TO service_role;
GRANT ALL ON FUNCTION private.assert_job_operator() TO authenticated;
