CREATE FUNCTION private.is_trusted_caller() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(auth.role(), '') = 'service_role'
      or (auth.jwt() is null and session_user not in ('authenticator', 'anon', 'authenticated'))
$$;

REVOKE ALL ON FUNCTION private.is_trusted_caller() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.is_trusted_caller() FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_trusted_caller() TO authenticated;
GRANT ALL ON FUNCTION private.is_trusted_caller() TO service_role;
