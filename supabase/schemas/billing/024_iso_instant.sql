CREATE FUNCTION private.iso_instant(at timestamp with time zone) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$ begin return to_char(iso_instant.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'); end $$;

REVOKE ALL ON FUNCTION private.iso_instant(at timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.iso_instant(at timestamp with time zone) FROM PUBLIC;
