CREATE FUNCTION private.status_restriction(status text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case when status in ('trial', 'active') then null
              when status in ('grace', 'suspended', 'frozen') then status
              else 'inactive' end
$$;

REVOKE ALL ON FUNCTION private.status_restriction(status text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.status_restriction(status text) FROM PUBLIC;
