CREATE FUNCTION private.lock_identity(user_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select pg_advisory_xact_lock(hashtextextended('identity:' || user_id::text, 0))
$$;

REVOKE ALL ON FUNCTION private.lock_identity(user_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.lock_identity(user_id uuid) FROM PUBLIC;
