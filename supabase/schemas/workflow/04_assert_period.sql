CREATE FUNCTION private.assert_period(from_ts timestamp with time zone, to_ts timestamp with time zone) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if from_ts is null or to_ts is null or to_ts <= from_ts or to_ts - from_ts > interval '400 days' then
    perform private.fail('workflow.invalid_period', 'a period needs from < to, at most 400 days apart');
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_period(from_ts timestamp with time zone, to_ts timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_period(from_ts timestamp with time zone, to_ts timestamp with time zone) FROM PUBLIC;
