CREATE FUNCTION private.now() RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(nullif(current_setting('cmx.frozen_now', true), '')::timestamptz, pg_catalog.now())
$$;

REVOKE ALL ON FUNCTION private.now() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.now() FROM PUBLIC;
GRANT ALL ON FUNCTION private.now() TO authenticated;
GRANT ALL ON FUNCTION private.now() TO service_role;
