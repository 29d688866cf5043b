CREATE FUNCTION private.job_dispatcher_lock_id() RETURNS bigint
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select 7316248213001::bigint $$;

REVOKE ALL ON FUNCTION private.job_dispatcher_lock_id() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_dispatcher_lock_id() FROM PUBLIC;
