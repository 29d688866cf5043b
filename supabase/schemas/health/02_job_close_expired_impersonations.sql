CREATE FUNCTION private.job_close_expired_impersonations(payload jsonb, job jsonb) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select private.close_expired_impersonations() $$;

REVOKE ALL ON FUNCTION private.job_close_expired_impersonations(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_close_expired_impersonations(payload jsonb, job jsonb) FROM PUBLIC;
