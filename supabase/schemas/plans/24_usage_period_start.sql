CREATE FUNCTION private.usage_period_start(period text, ts timestamp with time zone) RETURNS date
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case when period = 'month' then (pg_catalog.date_trunc('month', ts at time zone 'UTC'))::date
              else date '1970-01-01' end
$$;

REVOKE ALL ON FUNCTION private.usage_period_start(period text, ts timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.usage_period_start(period text, ts timestamp with time zone) FROM PUBLIC;
