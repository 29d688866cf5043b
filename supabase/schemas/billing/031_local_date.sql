CREATE FUNCTION private.local_date(at timestamp with time zone, tz text) RETURNS date
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$ begin return (local_date.at at time zone local_date.tz)::date; end $$;

REVOKE ALL ON FUNCTION private.local_date(at timestamp with time zone, tz text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.local_date(at timestamp with time zone, tz text) FROM PUBLIC;
