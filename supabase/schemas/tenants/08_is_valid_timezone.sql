CREATE FUNCTION private.is_valid_timezone(tz text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
begin
  if tz is null or (tz !~ '^[A-Za-z]+(/[A-Za-z0-9_+-]+)+$' and tz <> 'UTC') then
    return false;
  end if;
  perform pg_catalog.now() at time zone tz;
  return true;
exception when invalid_parameter_value then
  return false;
end
$_$;

REVOKE ALL ON FUNCTION private.is_valid_timezone(tz text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.is_valid_timezone(tz text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_valid_timezone(tz text) TO authenticated;
GRANT ALL ON FUNCTION private.is_valid_timezone(tz text) TO service_role;
