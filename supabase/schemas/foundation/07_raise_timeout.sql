CREATE FUNCTION private.raise_timeout(what text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  perform private.fail('service.timeout', format('%s took too long and was cancelled', what));
end
$$;

REVOKE ALL ON FUNCTION private.raise_timeout(what text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.raise_timeout(what text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.raise_timeout(what text) TO authenticated;
GRANT ALL ON FUNCTION private.raise_timeout(what text) TO service_role;
