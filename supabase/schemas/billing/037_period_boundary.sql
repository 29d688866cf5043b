CREATE FUNCTION private.period_boundary(anchor timestamp with time zone, billing_interval text, n integer, tz text) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return ((period_boundary.anchor at time zone period_boundary.tz)
          + case period_boundary.billing_interval when 'year' then make_interval(years => period_boundary.n)
                                                  else make_interval(months => period_boundary.n) end) at time zone period_boundary.tz;
end
$$;

REVOKE ALL ON FUNCTION private.period_boundary(anchor timestamp with time zone, billing_interval text, n integer, tz text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.period_boundary(anchor timestamp with time zone, billing_interval text, n integer, tz text) FROM PUBLIC;
