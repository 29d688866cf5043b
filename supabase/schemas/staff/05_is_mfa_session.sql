CREATE FUNCTION private.is_mfa_session() RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return coalesce(auth.jwt() ->> 'aal', '') = 'aal2';
end
$$;

REVOKE ALL ON FUNCTION private.is_mfa_session() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.is_mfa_session() FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_mfa_session() TO authenticated;
GRANT ALL ON FUNCTION private.is_mfa_session() TO service_role;
