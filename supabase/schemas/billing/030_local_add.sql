CREATE FUNCTION private.local_add(at timestamp with time zone, step interval, tz text) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$ begin return ((local_add.at at time zone local_add.tz) + local_add.step) at time zone local_add.tz; end $$;

REVOKE ALL ON FUNCTION private.local_add(at timestamp with time zone, step interval, tz text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.local_add(at timestamp with time zone, step interval, tz text) FROM PUBLIC;
