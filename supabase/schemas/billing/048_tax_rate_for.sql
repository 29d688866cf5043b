CREATE FUNCTION private.tax_rate_for(country text, on_date date) RETURNS numeric
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return coalesce((select r.rate from public.tax_rates r
                   where r.country = upper(tax_rate_for.country) and r.valid_from <= tax_rate_for.on_date
                     and (r.valid_to is null or r.valid_to > tax_rate_for.on_date)
                   order by r.valid_from desc limit 1), 0);
end
$$;

REVOKE ALL ON FUNCTION private.tax_rate_for(country text, on_date date) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tax_rate_for(country text, on_date date) FROM PUBLIC;
