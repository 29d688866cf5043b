CREATE FUNCTION private.overage_prices_error(prices jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
  select case
    when prices is null then null
    when jsonb_typeof(prices) <> 'object' then 'overage_prices must be {currency: unit price}'
    else (select format('overage_prices.%s must be a number ≥ 0 with at most 3 decimals', e.key)
          from jsonb_each(prices) e
          where e.key !~ '^[A-Z]{3}$' or jsonb_typeof(e.value) <> 'number'
             or (e.value #>> '{}')::numeric < 0 or scale((e.value #>> '{}')::numeric) > 3
          order by e.key limit 1)
  end
$_$;

REVOKE ALL ON FUNCTION private.overage_prices_error(prices jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.overage_prices_error(prices jsonb) FROM PUBLIC;

COMMENT ON FUNCTION private.overage_prices_error(prices jsonb) IS 'Why an overage price map is not valid (null when it is): ISO currency keys, numbers ≥ 0, at most 3 decimals.';
