CREATE FUNCTION private.next_period_end(anchor timestamp with time zone, billing_interval text, period_start timestamp with time zone, tz text) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  a timestamp := next_period_end.anchor at time zone next_period_end.tz;
  p timestamp := next_period_end.period_start at time zone next_period_end.tz;
  n int;
  guard int := 0;
begin
  -- whole local months (years) from the anchor to the period start; a boundary lands in month anchor + n
  n := case next_period_end.billing_interval when 'year' then extract(year from p)::int - extract(year from a)::int
         else (extract(year from p)::int * 12 + extract(month from p)::int) - (extract(year from a)::int * 12 + extract(month from a)::int) end;
  while private.period_boundary(anchor, billing_interval, n, tz) > period_start and guard < 3 loop
    n := n - 1; guard := guard + 1;
  end loop;
  guard := 0;
  while private.period_boundary(anchor, billing_interval, n + 1, tz) <= period_start and guard < 3 loop
    n := n + 1; guard := guard + 1;
  end loop;
  return private.period_boundary(anchor, billing_interval, n + 1, tz);
end
$$;

REVOKE ALL ON FUNCTION private.next_period_end(anchor timestamp with time zone, billing_interval text, period_start timestamp with time zone, tz text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.next_period_end(anchor timestamp with time zone, billing_interval text, period_start timestamp with time zone, tz text) FROM PUBLIC;
