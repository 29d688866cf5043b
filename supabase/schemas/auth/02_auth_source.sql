CREATE FUNCTION private.auth_source(raw text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
  select case when raw ~ '^[0-9A-Fa-f:.]{2,45}$' then lower(raw) else 'unknown' end
$_$;

REVOKE ALL ON FUNCTION private.auth_source(raw text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.auth_source(raw text) FROM PUBLIC;
