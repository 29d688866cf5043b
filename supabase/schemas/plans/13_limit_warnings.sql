CREATE FUNCTION private.limit_warnings(decision jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case when decision ->> 'outcome' in ('warn', 'overage') then
    jsonb_build_array(jsonb_build_object('code', decision ->> 'reason', 'limit_key', decision ->> 'limit_key',
      'limit', decision -> 'limit', 'used', decision -> 'used', 'overage_units', decision -> 'overage_units',
      'overage_amount', decision -> 'overage_amount', 'currency', decision -> 'currency'))
  else '[]'::jsonb end
$$;

REVOKE ALL ON FUNCTION private.limit_warnings(decision jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.limit_warnings(decision jsonb) FROM PUBLIC;
