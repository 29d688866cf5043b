CREATE FUNCTION private.job_lifecycle_calendar(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$ begin perform private.run_lifecycle_calendar(); end $$;

REVOKE ALL ON FUNCTION private.job_lifecycle_calendar(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_lifecycle_calendar(payload jsonb, job jsonb) FROM PUBLIC;
